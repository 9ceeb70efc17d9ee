import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('config', () => {
  it('has working defaults for the embedded mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8000,
      MODE: 'all',
      BODY_LIMIT_BYTES: 10 * 1024 * 1024,
      JSON_MAX_DEPTH: 10,
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://localhost'],
    ['GUARD_FAIL_MODE', 'sometimes'],
    ['METRICS_ENABLED', 'maybe'],
  ])('a bad %s stops start-up naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrowError(ConfigError);
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.variable)).toContain(variable);
      expect((err as Error).message).toContain(variable);
    }
  });

  it("refuses CORS '*' in production", () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: '*' })).toThrowError(/CORS_ORIGINS/);
    expect(loadConfig({ NODE_ENV: 'development', CORS_ORIGINS: '*' }).CORS_ORIGINS).toEqual(['*']);
  });

  it('gives a guard service its own default port', () => {
    expect(loadConfig({ MODE: 'securityguard' }).PORT).toBe(8005);
    expect(loadConfig({ MODE: 'securityguard', PORT: '9000' }).PORT).toBe(9000);
  });
});
