import type { OrgRole } from '../storage/db/schema/platform.js';

/** What a credential may do. Roles map to scopes; API keys carry scopes directly. */
export const SCOPES = ['guards:run', 'read', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLE_SCOPES: Record<OrgRole, Scope[]> = {
  owner: ['guards:run', 'read', 'admin'],
  admin: ['guards:run', 'read', 'admin'],
  member: ['guards:run', 'read'],
  viewer: ['read'],
};

export const ROLE_RANK: Record<OrgRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export interface RateLimitOverride {
  per_minute?: number;
  per_hour?: number;
  burst?: number;
}

/** The authenticated caller of a request. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string | null;
  apiKeyId: string | null;
  organizationId: string | null;
  role: OrgRole | null;
  scopes: readonly Scope[];
  isSuperuser: boolean;
  sessionId: string | null;
  rateLimit: RateLimitOverride | null;
  /** For an API key: the user who created it, whose per-user limits its calls count against. */
  ownerId?: string | null;
}

export const hasScope = (principal: Principal, scope: Scope | 'superuser'): boolean =>
  principal.isSuperuser || (scope !== 'superuser' && principal.scopes.includes(scope));

/** The rate-limit identity: API key, else user, else (set by the caller) the client IP. */
export const identityOf = (principal: Principal | undefined, ip: string): string =>
  principal?.apiKeyId
    ? `key:${principal.apiKeyId}`
    : principal?.userId
      ? `user:${principal.userId}`
      : `ip:${ip}`;

/** The user behind a credential: the user of a token, the creator of an API key. */
export const userBehind = (principal: Principal): string | null =>
  principal.userId ?? principal.ownerId ?? null;

/** Who the caller is, for data bound to a caller (vault sessions): a user, else an API key. */
export const callerIdOf = (principal: Principal | null | undefined): string =>
  principal?.userId
    ? `user:${principal.userId}`
    : principal?.apiKeyId
      ? `key:${principal.apiKeyId}`
      : 'anonymous';
