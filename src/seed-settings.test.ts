import { describe, expect, it } from 'vitest';
import { ConfigError, testConfig } from './config.js';
import { describeBackends } from './seed-settings.js';

const issuesOf = (env: Record<string, string>) => {
  try {
    testConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  return [];
};

describe('seed-compatible storage settings', () => {
  it('builds DATABASE_URL and REDIS_URL from the parts, escaping credentials', () => {
    const c = testConfig({
      POSTGRES_HOST: 'db.internal',
      POSTGRES_PORT: '6543',
      POSTGRES_DB: 'guards',
      POSTGRES_USER: 'app',
      POSTGRES_PASSWORD: 'p@ss/word',
      REDIS_HOST: 'cache.internal',
      REDIS_DB: '2',
      REDIS_PASSWORD: 's3cret',
    });
    expect(c.DATABASE_URL).toBe('postgresql://app:p%40ss%2Fword@db.internal:6543/guards');
    expect(new URL(c.DATABASE_URL ?? '').password).toBe('p%40ss%2Fword');
    expect(c.REDIS_URL).toBe('redis://:s3cret@cache.internal:6379/2');
  });

  it('uses the defaults of the original for missing parts, and ignores empty values', () => {
    const c = testConfig({ POSTGRES_HOST: 'pg', POSTGRES_PORT: '', REDIS_HOST: 'r', REDIS_PASSWORD: '' });
    expect(c.DATABASE_URL).toBe('postgresql://pg:5432/postgres');
    expect(c.REDIS_URL).toBe('redis://r:6379/0');
  });

  it('lets the URL win when the parts agree with it', () => {
    const c = testConfig({
      DATABASE_URL: 'postgres://app:pw@db:5432/guards',
      POSTGRES_HOST: 'db',
      POSTGRES_USER: 'app',
      POSTGRES_PASSWORD: 'pw',
      REDIS_URL: 'redis://cache:6379',
      REDIS_HOST: 'cache',
      REDIS_DB: '0',
    });
    expect(c.DATABASE_URL).toBe('postgres://app:pw@db:5432/guards');
    expect(c.REDIS_URL).toBe('redis://cache:6379');
  });

  it('stops on a disagreement, naming both settings and never a password', () => {
    const issues = issuesOf({
      DATABASE_URL: 'postgres://app:pw@db:5432/guards',
      POSTGRES_HOST: 'other-db',
      POSTGRES_PASSWORD: 'different-secret',
      REDIS_URL: 'redis://cache:6379/1',
      REDIS_DB: '3',
    });
    expect(issues.map((i) => `${i.variable} ${i.message}`)).toEqual([
      expect.stringMatching(/^DATABASE_URL conflicts with POSTGRES_HOST/),
      expect.stringMatching(/^DATABASE_URL conflicts with POSTGRES_PASSWORD/),
      expect.stringMatching(/^REDIS_URL conflicts with REDIS_DB/),
    ]);
    expect(JSON.stringify(issues)).not.toContain('different-secret');
  });

  it('needs a host when other parts are given, and rejects a bad port', () => {
    expect(issuesOf({ POSTGRES_DB: 'x' }).map((i) => i.variable)).toEqual(['POSTGRES_HOST']);
    expect(issuesOf({ REDIS_PASSWORD: 'x' }).map((i) => i.variable)).toEqual(['REDIS_HOST']);
    expect(issuesOf({ POSTGRES_HOST: 'h', POSTGRES_PORT: '70000' }).map((i) => i.variable)).toEqual([
      'POSTGRES_PORT',
    ]);
  });

  it('says which backend each tier uses and why, without secrets', () => {
    const embedded = describeBackends(testConfig({ DATA_DIR: '/srv/cg' }), {});
    expect(embedded.map((b) => [b.tier, b.backend, b.reason])).toEqual([
      ['database', 'pglite in /srv/cg/pglite', 'neither DATABASE_URL nor POSTGRES_HOST is set'],
      ['cache', 'in-memory (this process only)', 'neither REDIS_URL nor REDIS_HOST is set'],
      ['files', 'local folder /srv/cg/files', 'S3_BUCKET is not set'],
    ]);
    const env = {
      POSTGRES_HOST: 'db',
      POSTGRES_USER: 'u',
      POSTGRES_PASSWORD: 'hunter2',
      REDIS_URL: 'redis://:pw@cache:6379/0',
      S3_BUCKET: 'datasets',
      S3_ENDPOINT_URL: 'http://minio:9000',
    };
    const real = describeBackends(testConfig(env), env);
    expect(real.map((b) => b.reason)).toEqual([
      'DATABASE_URL is built from POSTGRES_HOST and the other seed settings',
      'REDIS_URL is set',
      'S3_BUCKET is set',
    ]);
    expect(real[2]?.backend).toBe('s3 bucket datasets at http://minio:9000');
    expect(JSON.stringify(real)).not.toMatch(/hunter2|:pw@/);
  });
});
