import { AppError } from '../errors.js';
import type { ApiKeyService } from './api-keys.js';
import type { TokenService } from './jwt.js';
import type { MembershipCache } from './memberships.js';
import { type Principal, ROLE_SCOPES } from './principal.js';
import type { SessionService } from './sessions.js';

/**
 * Turns request credentials into a principal: `X-API-Key: cg_...`, or `Authorization: Bearer`
 * with an API key or a JWT access token (whose session must still be active, so logout and
 * revocation take effect at once).
 */
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly keys: ApiKeyService,
    private readonly sessions: SessionService,
    private readonly memberships: MembershipCache,
  ) {}

  /** Null when the request carries no credentials; throws for bad ones. */
  async authenticate(headers: {
    authorization?: string;
    'x-api-key'?: string | string[];
  }): Promise<Principal | null> {
    const apiKey = headers['x-api-key'];
    if (apiKey !== undefined) return this.keys.verify(Array.isArray(apiKey) ? (apiKey[0] ?? '') : apiKey);
    const authorization = headers.authorization;
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError('INVALID_CREDENTIALS', 'use Authorization: Bearer <token or API key>');
    const token = match[1]!;
    if (token.startsWith('cg_')) return this.keys.verify(token);
    const claims = await this.tokens.verify(token);
    if (!(await this.sessions.isActive(claims.sid))) {
      throw new AppError('INVALID_CREDENTIALS', 'the session has ended; log in again');
    }
    // Role and flags come from the store, not the token: a token outlives a demotion or removal.
    const standing = await this.memberships.standing(claims.sub, claims.org);
    if (!standing.active) throw new AppError('INVALID_CREDENTIALS', 'the account is disabled');
    const role = standing.role;
    return {
      kind: 'user',
      userId: claims.sub,
      apiKeyId: null,
      organizationId: role ? claims.org : null,
      role,
      scopes: role ? ROLE_SCOPES[role] : [],
      isSuperuser: standing.isSuperuser,
      sessionId: claims.sid,
      rateLimit: null,
    };
  }
}
