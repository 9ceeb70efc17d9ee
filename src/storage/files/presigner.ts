import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors.js';
import type { SignedMethod } from './types.js';

/**
 * Presigned URLs for the local store: the claims (method, organization, key, expiry and, for
 * uploads, content type, size limit and uploader) travel in the query string with an HMAC-SHA256
 * of all of them, so changing any claim breaks the signature. The route that serves them
 * (`/api/v1/signed-files`) checks signature, then method, then expiry.
 */

export const SIGNED_FILES_PATH = '/api/v1/signed-files';

export interface SignedClaims {
  method: SignedMethod;
  organizationId: string;
  key: string;
  /** Unix time in seconds. */
  expires: number;
  contentType?: string;
  maxBytes?: number;
  uploader?: string;
}

const canonical = (c: SignedClaims): string =>
  [
    'cg-files-v1',
    c.method,
    c.organizationId,
    c.key,
    String(c.expires),
    c.contentType ?? '',
    c.maxBytes === undefined ? '' : String(c.maxBytes),
    c.uploader ?? '',
  ].join('\n');

const denied = (reason: string, detail: string) => new AppError('FORBIDDEN', detail, { reason });

export class LocalPresigner {
  private readonly secret: Buffer;

  constructor(secret: string | Buffer) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret;
    if (this.secret.length < 32) throw new Error('the file-signing secret needs at least 32 bytes');
  }

  private mac(claims: SignedClaims): Buffer {
    return createHmac('sha256', this.secret).update(canonical(claims)).digest();
  }

  /** The query string (without `?`) of a URL carrying these claims. */
  sign(claims: SignedClaims): string {
    const q = new URLSearchParams({
      m: claims.method,
      o: claims.organizationId,
      k: claims.key,
      e: String(claims.expires),
    });
    if (claims.contentType !== undefined) q.set('t', claims.contentType);
    if (claims.maxBytes !== undefined) q.set('n', String(claims.maxBytes));
    if (claims.uploader !== undefined) q.set('u', claims.uploader);
    q.set('s', this.mac(claims).toString('base64url'));
    return q.toString();
  }

  /** Checks a signed query for a request with `method` at `nowMs`; returns the claims. */
  verify(query: Record<string, unknown>, method: string, nowMs = Date.now()): SignedClaims {
    const str = (name: string): string | undefined => {
      const v = query[name];
      return typeof v === 'string' ? v : undefined;
    };
    const m = str('m');
    const o = str('o');
    const k = str('k');
    const e = str('e');
    const s = str('s');
    const n = str('n');
    if (!m || !o || !k || !e || !s || (m !== 'GET' && m !== 'PUT') || !/^\d{1,12}$/.test(e)) {
      throw denied('bad_signature', 'the signed URL is incomplete');
    }
    if (n !== undefined && !/^\d{1,16}$/.test(n))
      throw denied('bad_signature', 'the signed URL is malformed');
    const claims: SignedClaims = { method: m, organizationId: o, key: k, expires: Number(e) };
    const t = str('t');
    const u = str('u');
    if (t !== undefined) claims.contentType = t;
    if (n !== undefined) claims.maxBytes = Number(n);
    if (u !== undefined) claims.uploader = u;
    const given = Buffer.from(s, 'base64url');
    const expected = this.mac(claims);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw denied('bad_signature', 'the URL signature does not match');
    }
    const requested = method === 'HEAD' ? 'GET' : method;
    if (requested !== claims.method) {
      throw denied('method_mismatch', `this URL was signed for ${claims.method}, not ${method}`);
    }
    if (nowMs >= claims.expires * 1000) throw denied('url_expired', 'the signed URL has expired');
    return claims;
  }
}
