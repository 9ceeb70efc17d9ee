import type { FastifyRequest } from 'fastify';
import type { Scope } from '../platform/principal.js';
import type { RateClass } from '../platform/rate-limit.js';

/**
 * Who may call a route, declared on the route itself (`config: { access }`). It lives below the
 * gateway so guard route plugins can declare their rules without importing the gateway; the
 * gateway's auth hook (gateway/auth.ts) enforces them.
 */
export type RouteAccess = 'public' | { scope: Scope | 'superuser'; rate: RateClass };

/** A route whose successful changes go to the audit log under this resource type. */
export interface RouteAudit {
  resourceType: string;
}

/**
 * A route that spends the organization's quota. The quota is reserved before the handler runs
 * (and given back on a 4xx). The per-day usage detail is then recorded either once per guard call
 * by the orchestrator's usage observer (`guard-calls`: the guard endpoints), or once per request
 * under `guard` (`request`: work that does not go through the orchestrator, such as dataset jobs).
 */
export type RouteUsage = { recordedBy: 'guard-calls' } | { recordedBy: 'request'; guard: string };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    audit?: RouteAudit;
    usage?: RouteUsage;
    /**
     * 'openai': errors also carry OpenAI's `{error: {message, type, code}}`; 'anthropic':
     * Anthropic's `{type: 'error', error: {type, message}}` (the proxy routes).
     */
    errorShape?: 'openai' | 'anthropic';
  }
}

export const USAGE_PER_GUARD_CALL: RouteUsage = { recordedBy: 'guard-calls' };
export const usagePerRequest = (guard: string): RouteUsage => ({ recordedBy: 'request', guard });

export const PUBLIC: RouteAccess = 'public';
export const RUN_GUARDS: RouteAccess = { scope: 'guards:run', rate: 'processing' };
export const READ: RouteAccess = { scope: 'read', rate: 'read' };
export const ADMIN: RouteAccess = { scope: 'admin', rate: 'admin' };
export const SUPERUSER: RouteAccess = { scope: 'superuser', rate: 'admin' };

/** Routes that declare nothing: reads need `read`, changes need `admin`. Safe by default. */
export const defaultAccess = (method: string): RouteAccess =>
  method === 'GET' || method === 'HEAD' ? READ : ADMIN;

/** The organization a request acts for; the gateway resolves it from the credentials. */
export type OrganizationOf = (request: FastifyRequest) => string;
