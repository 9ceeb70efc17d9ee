import { desc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { storedString } from '../../http/stored-text.js';
import type { Platform } from '../../platform/index.js';
import { ROLE_RANK, SCOPES, type Scope } from '../../platform/principal.js';
import { auditLogs, ORG_ROLES, type OrgRole } from '../../storage/db/schema/platform.js';
import type { Database } from '../../storage/db/types.js';
import { ADMIN, actorOf, principalOf, READ } from '../auth.js';
import type { App } from '../types.js';

const orgParams = z.object({ id: z.string().uuid() });

/**
 * Resolves the caller's standing in an organization. An organization the caller does not belong
 * to answers 404, exactly as one that does not exist, so ids cannot be probed.
 */
async function accessTo(
  platform: Platform,
  request: FastifyRequest,
  organizationId: string,
  minimum: OrgRole,
): Promise<OrgRole | 'superuser'> {
  const principal = principalOf(request);
  if (principal.isSuperuser) {
    if (!(await platform.accounts.getOrganization(organizationId)))
      throw new AppError('NOT_FOUND', 'organization not found');
    return 'superuser';
  }
  let role: OrgRole | null = null;
  if (principal.kind === 'api_key') {
    if (principal.organizationId === organizationId)
      role = principal.scopes.includes('admin') ? 'admin' : 'viewer';
  } else if (principal.userId) {
    role = await platform.accounts.roleIn(organizationId, principal.userId);
  }
  if (!role) throw new AppError('NOT_FOUND', 'organization not found');
  if (ROLE_RANK[role] < ROLE_RANK[minimum])
    throw new AppError('FORBIDDEN', `this needs the ${minimum} role or above`);
  return role;
}

/** The organization a request acts on: the one its credentials belong to. */
function currentOrg(request: FastifyRequest): string {
  const org = principalOf(request).organizationId;
  if (!org) throw new AppError('NOT_FOUND', 'you belong to no organization');
  return org;
}

export function registerOrganizationRoutes(app: App, platform: Platform, db: Database): void {
  const { accounts, audit, keys, tiers } = platform;

  app.get(
    '/api/v1/organizations',
    { config: { access: READ }, schema: { tags: ['organizations'], summary: 'Your organizations' } },
    async (request) => {
      const principal = principalOf(request);
      if (!principal.userId) {
        const org = principal.organizationId
          ? await accounts.getOrganization(principal.organizationId)
          : null;
        return { organizations: org ? [org] : [], count: org ? 1 : 0 };
      }
      const organizations = await accounts.organizationsOf(principal.userId);
      return { organizations, count: organizations.length };
    },
  );

  app.post(
    '/api/v1/organizations',
    {
      config: { access: READ },
      schema: {
        tags: ['organizations'],
        summary: 'Create an organization you own',
        body: z.strictObject({ name: storedString().min(1).max(200) }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!principal.userId) throw new AppError('FORBIDDEN', 'API keys cannot create organizations');
      const org = await accounts.createOrganization(request.body.name, principal.userId);
      await audit.record(actorOf(request), {
        organizationId: org.id,
        action: 'organization.create',
        resourceType: 'organization',
        resourceId: org.id,
        after: org,
      });
      return reply.status(201).send(org);
    },
  );

  app.get(
    '/api/v1/organizations/:id',
    {
      config: { access: READ },
      schema: { tags: ['organizations'], summary: 'One organization', params: orgParams },
    },
    async (request) => {
      const role = await accessTo(platform, request, request.params.id, 'viewer');
      const org = await accounts.getOrganization(request.params.id);
      return { ...org, role, subscription: await tiers.subscription(request.params.id) };
    },
  );

  app.patch(
    '/api/v1/organizations/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['organizations'],
        summary: 'Rename an organization',
        params: orgParams,
        body: z.strictObject({ name: storedString().min(1).max(200) }),
      },
    },
    async (request) => {
      await accessTo(platform, request, request.params.id, 'admin');
      const { before, after } = await accounts.renameOrganization(request.params.id, request.body.name);
      await audit.record(actorOf(request), {
        organizationId: after.id,
        action: 'organization.update',
        resourceType: 'organization',
        resourceId: after.id,
        before,
        after,
      });
      return after;
    },
  );

  app.get(
    '/api/v1/organizations/:id/members',
    {
      config: { access: READ },
      schema: { tags: ['organizations'], summary: 'Members and their roles', params: orgParams },
    },
    async (request) => {
      await accessTo(platform, request, request.params.id, 'viewer');
      const members = await accounts.members(request.params.id);
      return { members, count: members.length };
    },
  );

  app.put(
    '/api/v1/organizations/:id/members',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['organizations'],
        summary: 'Add a registered user or change their role',
        params: orgParams,
        body: z.strictObject({ email: z.string().email(), role: z.enum(ORG_ROLES) }),
      },
    },
    async (request) => {
      const actorRole = await accessTo(platform, request, request.params.id, 'admin');
      const { before, after } = await accounts.setMember(request.params.id, actorRole, request.body);
      await audit.record(actorOf(request), {
        organizationId: request.params.id,
        action: before ? 'member.update' : 'member.add',
        resourceType: 'member',
        resourceId: after.user_id,
        before,
        after,
      });
      return after;
    },
  );

  app.delete(
    '/api/v1/organizations/:id/members/:userId',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['organizations'],
        summary: 'Remove a member',
        params: z.object({ id: z.string().uuid(), userId: z.string().uuid() }),
      },
    },
    async (request, reply) => {
      const actorRole = await accessTo(platform, request, request.params.id, 'admin');
      const removed = await accounts.removeMember(request.params.id, actorRole, request.params.userId);
      if (!removed) throw new AppError('NOT_FOUND', 'member not found');
      await audit.record(actorOf(request), {
        organizationId: request.params.id,
        action: 'member.remove',
        resourceType: 'member',
        resourceId: removed.user_id,
        before: removed,
      });
      return reply.status(204).send();
    },
  );

  // API keys belong to the organization of the caller's credentials.
  app.get(
    '/api/v1/api-keys',
    {
      config: { access: READ },
      schema: { tags: ['api-keys'], summary: "Your organization's API keys (never the secrets)" },
    },
    async (request) => {
      const list = await keys.list(currentOrg(request));
      return { api_keys: list, count: list.length };
    },
  );

  app.post(
    '/api/v1/api-keys',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['api-keys'],
        summary: 'Create an API key; the key is shown only in this response',
        body: z.strictObject({
          name: storedString().min(1).max(100),
          scopes: z.array(z.enum(SCOPES)).min(1).default(['guards:run']),
          rate_limit_per_minute: z.number().int().positive().max(1_000_000_000).optional(),
          expires_at: z.iso.datetime().optional(),
        }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const wanted = request.body.scopes as Scope[];
      // A key never gets more than its creator has.
      if (!principal.isSuperuser && wanted.some((s) => !principal.scopes.includes(s))) {
        throw new AppError('FORBIDDEN', 'a key cannot have scopes you do not have');
      }
      // Nor more requests than its organization's tier allows.
      const perMinute = request.body.rate_limit_per_minute;
      if (perMinute !== undefined && request.tier && perMinute > request.tier.requests_per_minute) {
        throw new AppError(
          'FORBIDDEN',
          `the ${request.tier.name} tier allows at most ${request.tier.requests_per_minute} requests per minute`,
        );
      }
      const expiresAt = request.body.expires_at ? new Date(request.body.expires_at) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now())
        throw new AppError('VALIDATION_ERROR', 'body.expires_at: must be in the future');
      const { key, record } = await keys.create({
        organizationId: currentOrg(request),
        createdBy: principal.userId,
        name: request.body.name,
        scopes: wanted,
        rateLimitPerMinute: request.body.rate_limit_per_minute ?? null,
        expiresAt,
      });
      await audit.record(actorOf(request), {
        organizationId: currentOrg(request),
        action: 'api_key.create',
        resourceType: 'api_key',
        resourceId: record.id,
        after: record,
      });
      return reply.status(201).send({ ...record, key });
    },
  );

  app.get(
    '/api/v1/api-keys/:id',
    { config: { access: READ }, schema: { tags: ['api-keys'], summary: 'One API key', params: orgParams } },
    async (request) => {
      const key = await keys.get(currentOrg(request), request.params.id);
      if (!key) throw new AppError('NOT_FOUND', 'API key not found');
      return key;
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['api-keys'],
        summary: 'Revoke an API key, at once on every replica',
        params: orgParams,
      },
    },
    async (request) => {
      const result = await keys.revoke(currentOrg(request), request.params.id);
      if (!result) throw new AppError('NOT_FOUND', 'API key not found');
      await audit.record(actorOf(request), {
        organizationId: currentOrg(request),
        action: 'api_key.revoke',
        resourceType: 'api_key',
        resourceId: request.params.id,
        before: result.before,
        after: result.after,
      });
      return result.after;
    },
  );

  app.get(
    '/api/v1/audit-logs',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['organizations'],
        summary: "Your organization's audit log, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (request) => {
      const rows = await db.orm
        .select()
        .from(auditLogs)
        .where(eq(auditLogs.organizationId, currentOrg(request)))
        .orderBy(desc(auditLogs.id))
        .limit(request.query.limit);
      return { entries: rows, count: rows.length };
    },
  );
}
