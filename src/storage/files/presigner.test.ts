import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { LocalPresigner, type SignedClaims } from './presigner.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const now = Date.UTC(2026, 0, 1);
const claims: SignedClaims = {
  method: 'PUT',
  organizationId: 'org_a',
  key: 'datasets/train.jsonl',
  expires: now / 1000 + 60,
  contentType: 'application/jsonl',
  maxBytes: 1000,
  uploader: 'user-1',
};

const query = (qs: string) => Object.fromEntries(new URLSearchParams(qs));

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect(e.status).toBe(403);
    return String(e.extra.reason);
  }
  throw new Error('expected a rejection');
}

describe('LocalPresigner', () => {
  const signer = new LocalPresigner(SECRET);

  it('round-trips every claim', () => {
    expect(signer.verify(query(signer.sign(claims)), 'PUT', now)).toEqual(claims);
  });

  it('rejects a URL after its expiry, and accepts it just before', () => {
    const q = query(signer.sign(claims));
    expect(signer.verify(q, 'PUT', claims.expires * 1000 - 1).key).toBe(claims.key);
    expect(reasonOf(() => signer.verify(q, 'PUT', claims.expires * 1000))).toBe('url_expired');
  });

  it('rejects another method', () => {
    const q = query(signer.sign(claims));
    expect(reasonOf(() => signer.verify(q, 'GET', now))).toBe('method_mismatch');
    const get = query(signer.sign({ ...claims, method: 'GET' }));
    expect(signer.verify(get, 'HEAD', now).method).toBe('GET');
  });

  it.each([
    ['k', 'datasets/other.jsonl'],
    ['o', 'org_b'],
    ['e', String(claims.expires + 3600)],
    ['n', '999999999'],
    ['t', 'text/csv'],
    ['u', 'someone-else'],
    ['m', 'GET'],
  ])('rejects a URL whose %s was changed', (name, value) => {
    const q = query(signer.sign(claims));
    q[name] = value;
    expect(reasonOf(() => signer.verify(q, q.m ?? 'PUT', now))).toBe('bad_signature');
  });

  it('rejects a signature made with another secret, a missing signature and junk', () => {
    const other = new LocalPresigner(`${SECRET}-other`);
    expect(reasonOf(() => signer.verify(query(other.sign(claims)), 'PUT', now))).toBe('bad_signature');
    const q = query(signer.sign(claims));
    delete q.s;
    expect(reasonOf(() => signer.verify(q, 'PUT', now))).toBe('bad_signature');
    expect(reasonOf(() => signer.verify({ m: 'PUT', o: 'x', k: 'y', e: 'soon', s: 'zz' }, 'PUT', now))).toBe(
      'bad_signature',
    );
    expect(reasonOf(() => signer.verify({ ...query(signer.sign(claims)), s: ['a', 'b'] }, 'PUT', now))).toBe(
      'bad_signature',
    );
  });

  it('refuses a short secret', () => {
    expect(() => new LocalPresigner('short')).toThrow(/32 bytes/);
  });
});
