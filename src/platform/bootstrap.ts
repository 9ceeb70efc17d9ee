import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { SYSTEM_ACTOR } from './audit.js';
import type { Platform } from './index.js';

/**
 * First start: when no user exists, create an admin (superuser), an organization on the
 * enterprise tier, and one API key, printed once in the log (or taken from BOOTSTRAP_* settings).
 * Replicas racing on an empty database are safe: the loser finds the email taken and does nothing.
 */
/** What the first start created; secrets only when generated here (they are shown once). */
export interface FirstStartCredentials {
  email: string;
  /** The generated password; absent when BOOTSTRAP_ADMIN_PASSWORD gave it. */
  password?: string;
  /** The generated API key; absent when BOOTSTRAP_API_KEY gave it. */
  apiKey?: string;
  apiKeyPrefix: string;
  organizationId: string;
}

export async function bootstrapFirstUser(
  platform: Platform,
  config: Config,
  logger: Logger,
): Promise<FirstStartCredentials | undefined> {
  if ((await platform.accounts.userCount()) > 0) return undefined;
  const email = config.BOOTSTRAP_ADMIN_EMAIL ?? 'admin@codeguardians.local';
  const password = config.BOOTSTRAP_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  try {
    const user = await platform.accounts.createUser({
      email,
      password,
      name: 'Administrator',
      isSuperuser: true,
    });
    const org = await platform.accounts.createOrganization('Default organization', user.id, 'enterprise');
    const { key, record } = await platform.keys.create({
      organizationId: org.id,
      createdBy: user.id,
      name: 'bootstrap',
      scopes: ['guards:run', 'read', 'admin'],
      ...(config.BOOTSTRAP_API_KEY ? { plaintext: config.BOOTSTRAP_API_KEY } : {}),
    });
    await platform.audit.record(SYSTEM_ACTOR, {
      organizationId: org.id,
      action: 'bootstrap',
      resourceType: 'user',
      resourceId: user.id,
      after: { email, organization: org.id, api_key: record.prefix },
    });
    // The secrets stay out of the JSON log (log pipelines keep it); the caller shows them once.
    logger.warn(
      { admin_email: email, api_key_prefix: record.prefix, organization_id: org.id },
      'first start: created the admin user, an organization and an API key',
    );
    return {
      email,
      ...(config.BOOTSTRAP_ADMIN_PASSWORD ? {} : { password }),
      ...(config.BOOTSTRAP_API_KEY ? {} : { apiKey: key }),
      apiKeyPrefix: record.prefix,
      organizationId: org.id,
    };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return undefined;
    throw err;
  }
}
