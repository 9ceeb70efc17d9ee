import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errors, exportJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { OrgRole } from '../storage/db/schema/platform.js';

export interface AccessClaims {
  sub: string;
  org: string | null;
  role: OrgRole | null;
  su: boolean;
  sid: string;
}

/**
 * Signs and verifies access tokens with jose. HS256 by default; RS256 or EdDSA publish their public
 * key at /.well-known/jwks.json. The key comes from config; in development one is generated once
 * and kept in DATA_DIR so tokens survive restarts.
 */
export class TokenService {
  private constructor(
    private readonly algorithm: Config['JWT_ALGORITHM'],
    private readonly signingKey: KeyObject | Uint8Array,
    private readonly verifyKey: KeyObject | Uint8Array,
    private readonly publicJwk: JWK | null,
    private readonly issuer: string,
    private readonly ttlSeconds: number,
  ) {}

  static async create(config: Config, logger: Logger): Promise<TokenService> {
    const alg = config.JWT_ALGORITHM;
    const keyFile = join(config.DATA_DIR, `jwt-${alg.toLowerCase()}.key`);
    if (alg === 'HS256') {
      let secret = config.JWT_SECRET;
      if (!secret) {
        if (existsSync(keyFile)) secret = (await readFile(keyFile, 'utf8')).trim();
        else {
          secret = randomBytes(48).toString('base64url');
          await mkdir(config.DATA_DIR, { recursive: true, mode: 0o700 });
          await writeFile(keyFile, secret, { mode: 0o600 });
          logger.warn({ keyFile }, 'JWT_SECRET is unset: generated a development signing key');
        }
      }
      const key = createSecretKey(Buffer.from(secret, 'utf8'));
      return new TokenService(alg, key, key, null, config.JWT_ISSUER, config.JWT_ACCESS_TTL_SECONDS);
    }
    let pem = config.JWT_PRIVATE_KEY;
    if (!pem) {
      if (existsSync(keyFile)) pem = await readFile(keyFile, 'utf8');
      else {
        const pair =
          alg === 'RS256'
            ? generateKeyPairSync('rsa', { modulusLength: 2048 })
            : generateKeyPairSync('ed25519');
        pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
        await mkdir(config.DATA_DIR, { recursive: true, mode: 0o700 });
        await writeFile(keyFile, pem, { mode: 0o600 });
        logger.warn({ keyFile, alg }, 'JWT_PRIVATE_KEY is unset: generated a development key pair');
      }
    }
    const privateKey = createPrivateKey(pem.replaceAll('\\n', '\n'));
    const publicKey = createPublicKey(privateKey);
    const jwk = await exportJWK(publicKey);
    return new TokenService(
      alg,
      privateKey,
      publicKey,
      { ...jwk, alg, use: 'sig', kid: 'cg-1' },
      config.JWT_ISSUER,
      config.JWT_ACCESS_TTL_SECONDS,
    );
  }

  get accessTtlSeconds(): number {
    return this.ttlSeconds;
  }

  /** The public keys for /.well-known/jwks.json (empty for HS256, whose key is secret). */
  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwk ? [this.publicJwk] : [] };
  }

  async sign(claims: AccessClaims, ttlSeconds = this.ttlSeconds): Promise<string> {
    return new SignJWT({ org: claims.org, role: claims.role, su: claims.su, sid: claims.sid })
      .setProtectedHeader({ alg: this.algorithm, typ: 'JWT', ...(this.publicJwk ? { kid: 'cg-1' } : {}) })
      .setSubject(claims.sub)
      .setIssuer(this.issuer)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.signingKey);
  }

  /** Throws TOKEN_EXPIRED or INVALID_CREDENTIALS. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      const { payload } = await jwtVerify(token, this.verifyKey, {
        issuer: this.issuer,
        algorithms: [this.algorithm],
      });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new AppError('INVALID_CREDENTIALS', 'the token lacks required claims');
      }
      return {
        sub: payload.sub,
        sid: payload.sid,
        org: typeof payload.org === 'string' ? payload.org : null,
        role: typeof payload.role === 'string' ? (payload.role as OrgRole) : null,
        su: payload.su === true,
      };
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof errors.JWTExpired)
        throw new AppError('TOKEN_EXPIRED', 'the access token has expired');
      throw new AppError('INVALID_CREDENTIALS', 'the access token is invalid');
    }
  }
}
