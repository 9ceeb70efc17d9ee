import type { Config } from './config.js';

/**
 * Deployments written for the original service describe PostgreSQL and Redis by parts
 * (`POSTGRES_HOST`, `REDIS_HOST` ...) instead of URLs. The parts build the URL when no URL is set;
 * when both are set they must agree (the URL is used), otherwise start-up stops naming both.
 * `describeBackends` says, for the start-up log, which backend each tier uses and why.
 */

export interface ConfigIssue {
  variable: string;
  message: string;
}

type Part = { variable: string; value: string | number | undefined; inUrl: string };

function compare(urlVar: string, parts: Part[]): ConfigIssue[] {
  return parts
    .filter((p) => p.value !== undefined && String(p.value) !== p.inUrl)
    .map((p) => ({
      variable: urlVar,
      message: `conflicts with ${p.variable}: they name different ${p.variable.split('_').pop()?.toLowerCase()} values; set only one of them`,
    }));
}

const enc = encodeURIComponent;

/** Fills DATABASE_URL and REDIS_URL from the seed settings; returns the conflicts (empty when fine). */
export function applySeedSettings(config: Config): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const pgGiven = [
    config.POSTGRES_PORT,
    config.POSTGRES_DB,
    config.POSTGRES_USER,
    config.POSTGRES_PASSWORD,
  ].some((v) => v !== undefined);
  if (config.DATABASE_URL) {
    const url = new URL(config.DATABASE_URL);
    issues.push(
      ...compare('DATABASE_URL', [
        { variable: 'POSTGRES_HOST', value: config.POSTGRES_HOST, inUrl: url.hostname },
        { variable: 'POSTGRES_PORT', value: config.POSTGRES_PORT, inUrl: url.port || '5432' },
        {
          variable: 'POSTGRES_DB',
          value: config.POSTGRES_DB,
          inUrl: decodeURIComponent(url.pathname.slice(1)),
        },
        { variable: 'POSTGRES_USER', value: config.POSTGRES_USER, inUrl: decodeURIComponent(url.username) },
        {
          variable: 'POSTGRES_PASSWORD',
          value: config.POSTGRES_PASSWORD,
          inUrl: decodeURIComponent(url.password),
        },
      ]),
    );
  } else if (config.POSTGRES_HOST) {
    const auth = config.POSTGRES_USER
      ? `${enc(config.POSTGRES_USER)}${config.POSTGRES_PASSWORD ? `:${enc(config.POSTGRES_PASSWORD)}` : ''}@`
      : '';
    config.DATABASE_URL = `postgresql://${auth}${config.POSTGRES_HOST}:${config.POSTGRES_PORT ?? 5432}/${enc(config.POSTGRES_DB ?? 'postgres')}`;
  } else if (pgGiven) {
    issues.push({
      variable: 'POSTGRES_HOST',
      message: 'is required when other POSTGRES_* settings are given',
    });
  }

  const redisGiven = [config.REDIS_PORT, config.REDIS_DB, config.REDIS_PASSWORD].some((v) => v !== undefined);
  if (config.REDIS_URL) {
    const url = new URL(config.REDIS_URL);
    issues.push(
      ...compare('REDIS_URL', [
        { variable: 'REDIS_HOST', value: config.REDIS_HOST, inUrl: url.hostname },
        { variable: 'REDIS_PORT', value: config.REDIS_PORT, inUrl: url.port || '6379' },
        { variable: 'REDIS_DB', value: config.REDIS_DB, inUrl: url.pathname.slice(1) || '0' },
        { variable: 'REDIS_PASSWORD', value: config.REDIS_PASSWORD, inUrl: decodeURIComponent(url.password) },
      ]),
    );
  } else if (config.REDIS_HOST) {
    const auth = config.REDIS_PASSWORD ? `:${enc(config.REDIS_PASSWORD)}@` : '';
    config.REDIS_URL = `redis://${auth}${config.REDIS_HOST}:${config.REDIS_PORT ?? 6379}/${config.REDIS_DB ?? 0}`;
  } else if (redisGiven) {
    issues.push({ variable: 'REDIS_HOST', message: 'is required when other REDIS_* settings are given' });
  }
  return issues;
}

export interface TierBackend {
  tier: 'database' | 'cache' | 'files';
  backend: string;
  reason: string;
}

/** Hides credentials: `postgresql://user:***@host:5432/db`. */
function safe(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** Which backend each storage tier uses and why, for the start-up log (no secrets). */
export function describeBackends(config: Config, env: NodeJS.ProcessEnv = process.env): TierBackend[] {
  const fromParts = (urlVar: string, hostVar: string) =>
    env[urlVar] ? `${urlVar} is set` : `${urlVar} is built from ${hostVar} and the other seed settings`;
  return [
    config.DATABASE_URL
      ? {
          tier: 'database',
          backend: `postgres ${safe(config.DATABASE_URL)}`,
          reason: fromParts('DATABASE_URL', 'POSTGRES_HOST'),
        }
      : {
          tier: 'database',
          backend: `pglite in ${config.DATA_DIR}/pglite`,
          reason: 'neither DATABASE_URL nor POSTGRES_HOST is set',
        },
    config.REDIS_URL
      ? {
          tier: 'cache',
          backend: `redis ${safe(config.REDIS_URL)} (in-memory while it is down)`,
          reason: fromParts('REDIS_URL', 'REDIS_HOST'),
        }
      : {
          tier: 'cache',
          backend: 'in-memory (this process only)',
          reason: 'neither REDIS_URL nor REDIS_HOST is set',
        },
    config.S3_BUCKET
      ? {
          tier: 'files',
          backend: `s3 bucket ${config.S3_BUCKET} at ${config.S3_ENDPOINT_URL ?? `AWS ${config.AWS_REGION}`}${config.S3_SSE ? ` (SSE ${config.S3_SSE})` : ''}`,
          reason: 'S3_BUCKET is set',
        }
      : { tier: 'files', backend: `local folder ${config.DATA_DIR}/files`, reason: 'S3_BUCKET is not set' },
  ];
}
