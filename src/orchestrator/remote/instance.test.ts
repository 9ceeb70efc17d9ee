import { describe, expect, it } from 'vitest';
import {
  InstanceInputError,
  instanceId,
  normalizeInstanceUrl,
  parseStaticInstances,
  StaticInstancesError,
} from './instance.js';

describe('normalizeInstanceUrl', () => {
  it('keeps the origin: lower-case host, no default port, no trailing slash', () => {
    expect(normalizeInstanceUrl('http://10.0.0.5:8005')).toBe('http://10.0.0.5:8005');
    expect(normalizeInstanceUrl(' HTTP://Guard-A.Example:8005/ ')).toBe('http://guard-a.example:8005');
    expect(normalizeInstanceUrl('https://guard.example:443')).toBe('https://guard.example');
    expect(normalizeInstanceUrl('http://[::1]:8005')).toBe('http://[::1]:8005');
  });

  it.each([
    ['not a url', /is not a URL/],
    ['ftp://a:21', /http:\/\/ or https:\/\//],
    ['http://user:pw@a:8005', /credentials/],
    ['http://a:8005/guard', /origin only/],
    ['http://a:8005/?x=1', /origin only/],
    ['http://a:8005/?', /origin only/],
    ['http://a:8005#frag', /origin only/],
    ['http://a:99999', /is not a URL/],
  ])('refuses %s with a clear message', (url, message) => {
    expect(() => normalizeInstanceUrl(url)).toThrow(InstanceInputError);
    expect(() => normalizeInstanceUrl(url)).toThrow(message);
  });
});

describe('parseStaticInstances', () => {
  it('reads comma separated URLs with optional weights', () => {
    const records = parseStaticInstances(
      'securityguard',
      'http://a:8005, http://b:8005/;weight=3 ,https://c',
    );
    expect(records).toEqual([
      { guard: 'securityguard', url: 'http://a:8005', weight: 1, source: 'static', draining: false },
      { guard: 'securityguard', url: 'http://b:8005', weight: 3, source: 'static', draining: false },
      { guard: 'securityguard', url: 'https://c', weight: 1, source: 'static', draining: false },
    ]);
    expect(records.map(instanceId)).toEqual([
      'securityguard@http://a:8005',
      'securityguard@http://b:8005',
      'securityguard@https://c',
    ]);
  });

  it('unset or blank is no instance', () => {
    expect(parseStaticInstances('tokenguard', undefined)).toEqual([]);
    expect(parseStaticInstances('tokenguard', '  ')).toEqual([]);
  });

  it.each([
    ['http://a:8005,,http://b:8005', /entry 2 \(stray comma\?\)/],
    ['http://a:8005;weight=0', /entry 1 "http:\/\/a:8005;weight=0": weight must be an integer from 1 to 100/],
    ['http://a:8005;weight=101', /weight must be an integer from 1 to 100/],
    ['http://a:8005;weight=2.5', /weight must be an integer/],
    ['http://a:8005;weight=', /weight must be an integer/],
    ['http://a:8005;w=2', /unknown option "w=2"/],
    ['http://a:8005,http://A:8005/', /lists http:\/\/a:8005 twice/],
    ['a:8005', /entry 1 "a:8005"/],
  ])('refuses %s naming the variable and the entry', (value, message) => {
    let error: unknown;
    try {
      parseStaticInstances('securityguard', value);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StaticInstancesError);
    expect((error as StaticInstancesError).variable).toBe('GUARD_SECURITYGUARD_URLS');
    expect((error as Error).message).toMatch(/^GUARD_SECURITYGUARD_URLS /);
    expect((error as Error).message).toMatch(message);
  });
});
