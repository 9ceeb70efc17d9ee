import type { FirstStartCredentials } from '../platform/bootstrap.js';

/**
 * The credentials of a first start as a block a person can read (not a JSON log field), with
 * where to put them. Shown once: the secrets are stored only as hashes.
 */
export function credentialsBlock(creds: FirstStartCredentials, baseUrl: string): string {
  const lines = [
    'First start: created an admin user, an organization and an API key.',
    '',
    `  admin email     ${creds.email}`,
    creds.password
      ? `  admin password  ${creds.password}`
      : '  admin password  (the one in BOOTSTRAP_ADMIN_PASSWORD)',
    creds.apiKey
      ? `  API key         ${creds.apiKey}`
      : `  API key         (the one in BOOTSTRAP_API_KEY, prefix ${creds.apiKeyPrefix})`,
    `  organization    ${creds.organizationId}`,
    '',
    'They are shown only now. Keep them in a password manager; to choose them yourself on a new',
    'data folder, set BOOTSTRAP_ADMIN_PASSWORD and BOOTSTRAP_API_KEY in .env.',
    'Send the key with each request:',
    `  curl -H 'X-API-Key: ${creds.apiKey ?? '<your key>'}' -H 'content-type: application/json' \\`,
    `    -d '{"service_type":"securityguard","payload":{"text":"hello"}}' ${baseUrl}/api/v1/guards/process`,
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = '='.repeat(width);
  return `\n${rule}\n${lines.join('\n')}\n${rule}\n`;
}
