import type { Severity } from '../../contract.js';

/**
 * The secret rule table. Each rule has a pattern (global, bounded quantifiers), a severity and an
 * optional validator on the matched secret (group `secret` when present, else the whole match).
 */
export interface SecretRule {
  id: string;
  provider: string;
  pattern: RegExp;
  severity: Severity;
  confidence: number;
  /** When set, the secret's span runs to the end of the next match of this marker. */
  extendTo?: RegExp;
  /** Rejects a candidate (entropy, decoding, placeholders). */
  validate?: (secret: string, match: RegExpExecArray) => boolean;
}

const b64urlJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const json = Buffer.from(part, 'base64url').toString('utf8');
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

export const SECRET_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id',
    provider: 'aws',
    pattern: /\b(?<secret>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})\b/g,
    severity: 'high',
    confidence: 0.95,
  },
  {
    id: 'aws-secret-access-key',
    provider: 'aws',
    pattern:
      /\baws_?(?:secret)?_?(?:access)?_?key(?:_id)?["']?\s{0,3}[:=]\s{0,3}["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    severity: 'critical',
    confidence: 0.9,
  },
  {
    id: 'gcp-service-account',
    provider: 'gcp',
    pattern: /"private_key_id"\s{0,3}:\s{0,3}"(?<secret>[a-f0-9]{40})"/g,
    validate: (_s, m) => m.input.includes('service_account'),
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'gcp-api-key',
    provider: 'gcp',
    pattern: /\b(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'azure-storage-connection-string',
    provider: 'azure',
    pattern: /\bAccountKey=(?<secret>[A-Za-z0-9+/]{80,90}={0,2})/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'azure-client-secret',
    provider: 'azure',
    pattern:
      /\b(?:azure|client|aad|arm)_?client_?secret["']?\s{0,3}[:=]\s{0,3}["']?(?<secret>[A-Za-z0-9_~.-]{34,40})\b/gi,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'github-token',
    provider: 'github',
    pattern: /\b(?<secret>gh[pousr]_[A-Za-z0-9]{36,251})\b/g,
    severity: 'critical',
    confidence: 0.97,
  },
  {
    id: 'github-fine-grained-pat',
    provider: 'github',
    pattern: /\b(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'gitlab-token',
    provider: 'gitlab',
    pattern: /\b(?<secret>gl(?:pat|dt|rt|cbt|ptt|ft|imt|agent|oas)-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'slack-token',
    provider: 'slack',
    pattern: /(?<![\w-])(?<secret>xox[abposr]-[0-9A-Za-z]{1,20}-[0-9A-Za-z-]{8,200})(?![0-9A-Za-z-])/g,
    severity: 'high',
    confidence: 0.95,
  },
  {
    id: 'slack-webhook',
    provider: 'slack',
    pattern:
      /\b(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{20,40})/g,
    severity: 'high',
    confidence: 0.97,
  },
  {
    id: 'stripe-live-key',
    provider: 'stripe',
    pattern: /\b(?<secret>(?:sk|rk)_live_[0-9A-Za-z]{20,247})\b/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'stripe-test-key',
    provider: 'stripe',
    pattern: /\b(?<secret>(?:sk|rk)_test_[0-9A-Za-z]{20,247})\b/g,
    severity: 'low',
    confidence: 0.9,
  },
  {
    id: 'twilio-key',
    provider: 'twilio',
    pattern: /\b(?<secret>(?:AC|SK)[0-9a-f]{32})\b/g,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'sendgrid-key',
    provider: 'sendgrid',
    pattern: /\b(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'anthropic-key',
    provider: 'anthropic',
    pattern: /\b(?<secret>sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,110})(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'openai-key',
    provider: 'openai',
    pattern:
      /\b(?<secret>sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,200}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48}))(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'npm-token',
    provider: 'npm',
    pattern: /\b(?<secret>npm_[A-Za-z0-9]{36})\b/g,
    severity: 'critical',
    confidence: 0.97,
  },
  // Keys of model hosts and clouds that LLM applications carry in prompts and configs (prefixes as
  // the providers document them; gitleaks has the same shapes).
  {
    id: 'huggingface-token',
    provider: 'huggingface',
    pattern: /\b(?<secret>hf_[A-Za-z0-9]{34})\b/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'groq-key',
    provider: 'groq',
    pattern: /\b(?<secret>gsk_[A-Za-z0-9]{52})\b/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'replicate-token',
    provider: 'replicate',
    pattern: /\b(?<secret>r8_[A-Za-z0-9]{37})\b/g,
    severity: 'critical',
    confidence: 0.95,
  },
  {
    id: 'google-oauth-client-secret',
    provider: 'gcp',
    pattern: /\b(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.97,
  },
  {
    id: 'digitalocean-token',
    provider: 'digitalocean',
    pattern: /\b(?<secret>do[opr]_v1_[a-f0-9]{64})\b/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'shopify-token',
    provider: 'shopify',
    pattern: /\b(?<secret>shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g,
    severity: 'critical',
    confidence: 0.97,
  },
  {
    id: 'telegram-bot-token',
    provider: 'telegram',
    pattern: /\b(?<secret>\d{8,10}:AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])/g,
    severity: 'high',
    confidence: 0.9,
  },
  {
    id: 'pypi-token',
    provider: 'pypi',
    pattern: /\b(?<secret>pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,200})(?![A-Za-z0-9_-])/g,
    severity: 'critical',
    confidence: 0.98,
  },
  {
    id: 'private-key',
    provider: 'crypto',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g,
    // Only the BEGIN line is matched; the span runs to the END line, found by a bounded scan in code.
    extendTo: /-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/,
    severity: 'critical',
    confidence: 0.99,
  },
  {
    id: 'jwt',
    provider: 'jwt',
    pattern:
      /(?<![\w-])(?<secret>eyJ[A-Za-z0-9_-]{8,1000}\.eyJ[A-Za-z0-9_-]{2,4000}\.[A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/g,
    severity: 'high',
    confidence: 0.9,
    validate: (s) => {
      const header = b64urlJson(s.split('.')[0] ?? '');
      return header !== undefined && typeof header.alg === 'string';
    },
  },
  {
    id: 'url-credentials',
    provider: 'url',
    pattern:
      /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{1,20}:\/\/(?<user>[^\s:/@"']{1,64}):(?<secret>[^\s:/@"']{3,128})@[A-Za-z0-9.-]{1,253}/gi,
    severity: 'high',
    confidence: 0.9,
  },
  {
    // Discord bot token: the bot's id in base64 (so M, N or O first), a timestamp, an HMAC.
    id: 'discord-bot-token',
    provider: 'discord',
    pattern:
      /(?<![A-Za-z0-9_-])(?<secret>[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_-])/g,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'mailgun-key',
    provider: 'mailgun',
    pattern: /\b(?<secret>key-[0-9a-f]{32})\b/g,
    severity: 'high',
    confidence: 0.85,
  },
  {
    // A bearer token in a request header ("Authorization: Bearer <token>"), any provider's.
    id: 'bearer-token',
    provider: 'generic',
    pattern:
      /\bAuthorization["']?\s{0,3}[:=]\s{0,3}["']?Bearer\s{1,3}(?<secret>[A-Za-z0-9._~+/-]{20,500}=*)/gi,
    severity: 'high',
    confidence: 0.8,
  },
  {
    // A password on a command line: curl -u user:pass, wget --password, --user=name:pass.
    id: 'cli-credentials',
    provider: 'generic',
    pattern:
      /(?:\s|^)(?:-u|--user)(?:\s{1,3}|=)["']?[^\s:"']{1,64}:(?<secret>[^\s"'@]{6,128})|--(?:password|passwd)(?:\s{1,3}|=)["']?(?<secret2>[^\s"']{6,128})/g,
    severity: 'high',
    confidence: 0.75,
  },
  {
    // The signature of a pre-signed URL (Azure SAS, AWS SigV4, GCS): whoever holds it has access.
    id: 'signed-url',
    provider: 'generic',
    pattern: /[?&](?:sig|X-Amz-Signature|X-Goog-Signature|Signature)=(?<secret>[A-Za-z0-9%+/_-]{30,600})/g,
    severity: 'high',
    confidence: 0.85,
  },
  {
    id: 'generic-assignment',
    provider: 'generic',
    pattern:
      /(?<![A-Za-z0-9_.-])(?<key>[A-Za-z0-9_.-]{0,30}(?:password|passwd|pwd|secret|api[_ -]?key|apikey|access[_ -]?key|auth[_ -]?token|access[_ -]?token|token|client[_ -]?secret|private[_ -]?key|passcode))["']?(?:\s{0,3}(?::=|=>|[:=])|\s{1,3}is)\s{0,3}(?<q>["'`]?)(?<secret>[^\s"'`,;]{6,200})\k<q>/gi,
    severity: 'high',
    confidence: 0.7,
  },
  {
    // A credential told in a sentence: "the password for the staging db is Hunter2!Summer2024",
    // "our API key for Mailgun is ...". The value must look random, as for the rule above.
    id: 'spoken-credential',
    provider: 'generic',
    pattern:
      /\b(?<key>password|passcode|passphrase|api[ _-]?key|access[ _-]?token|auth[ _-]?token|secret[ _-]?key)\s{1,3}(?:for|to|of|on)\s{1,3}(?:[A-Za-z0-9_.-]{1,30}\s{1,3}){1,4}?(?:is|was)\s{0,3}:?\s{1,3}(?<q>["'`]?)(?<secret>[^\s"'`,;]{6,200})\k<q>/gi,
    severity: 'high',
    confidence: 0.7,
  },
];
