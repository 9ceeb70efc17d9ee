import { describe, expect, it } from 'vitest';
import { balanceOf, ConfigError, loadConfig, staticInstancesOf, testConfig } from '../../src/config.js';
import { GUARD_MODULES } from '../../src/guards/registry.js';

/** The distributed-mode settings: per-guard instances and balancing, discovery and health timings. */
describe('discovery settings', () => {
  it('every module gets GUARD_<NAME>_URLS and GUARD_<NAME>_BALANCE, read through the helpers', () => {
    const config = testConfig({
      GUARD_SECURITYGUARD_URLS: 'http://a:8005,http://b:8005;weight=3',
      GUARD_SECURITYGUARD_BALANCE: 'weighted',
      GUARD_HEALTHGUARD_BALANCE: 'p2c',
    });
    expect(staticInstancesOf(config, 'securityguard').map((r) => [r.url, r.weight])).toEqual([
      ['http://a:8005', 1],
      ['http://b:8005', 3],
    ]);
    expect(balanceOf(config, 'securityguard')).toBe('weighted');
    expect(balanceOf(config, 'healthguard')).toBe('p2c');
    for (const m of GUARD_MODULES) {
      if (m.name !== 'securityguard') expect(staticInstancesOf(config, m.name)).toEqual([]);
      if (m.name !== 'securityguard' && m.name !== 'healthguard')
        expect(balanceOf(config, m.name)).toBe('round-robin');
    }
  });

  it('defaults', () => {
    const config = testConfig();
    expect(config.DISCOVERY_TTL_SECONDS).toBe(15);
    expect(config.DISCOVERY_REFRESH_MS).toBe(2000);
    expect(config.HEALTH_CHECK_INTERVAL_MS).toBe(2000);
    expect(config.HEALTH_CHECK_TIMEOUT_MS).toBe(1000);
    expect(config.HEALTH_UNHEALTHY_AFTER).toBe(2);
    expect(config.HEALTH_HEALTHY_AFTER).toBe(1);
    expect(config.SERVICE_ADVERTISE_URL).toBeUndefined();
  });

  it.each([
    [
      { GUARD_TOKENGUARD_URLS: 'http://a:8001/v1' },
      /^configuration error: GUARD_TOKENGUARD_URLS entry 1 "http:\/\/a:8001\/v1": .*origin only/,
    ],
    [
      { GUARD_TRUSTGUARD_URLS: 'http://a:8002;weight=500' },
      /^configuration error: GUARD_TRUSTGUARD_URLS entry 1 .*weight must be an integer from 1 to 100/,
    ],
    [{ GUARD_BIASGUARD_BALANCE: 'random' }, /^configuration error: GUARD_BIASGUARD_BALANCE /],
    [{ DISCOVERY_TTL_SECONDS: '1' }, /^configuration error: DISCOVERY_TTL_SECONDS /],
    [{ DISCOVERY_TTL_SECONDS: '301' }, /^configuration error: DISCOVERY_TTL_SECONDS /],
    [
      { SERVICE_ADVERTISE_URL: 'tcp://me:8005' },
      /^configuration error: SERVICE_ADVERTISE_URL .*http:\/\/ or https:\/\//,
    ],
  ])('a bad value is one ConfigError line naming the variable: %o', (env, message) => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'test', ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect((error as Error).message).toMatch(message);
  });

  it('SERVICE_ADVERTISE_URL is accepted when it is an origin', () => {
    expect(testConfig({ SERVICE_ADVERTISE_URL: 'http://10.0.0.5:8005' }).SERVICE_ADVERTISE_URL).toBe(
      'http://10.0.0.5:8005',
    );
  });
});
