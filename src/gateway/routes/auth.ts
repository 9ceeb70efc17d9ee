import { z } from 'zod';
import { AppError } from '../../errors.js';
import { storedString } from '../../http/stored-text.js';
import type { Platform } from '../../platform/index.js';
import { passwordProblem } from '../../platform/password-policy.js';
import type { OrgRole } from '../../storage/db/schema/platform.js';
import { actorOf, PUBLIC, principalOf, READ } from '../auth.js';
import type { App } from '../types.js';

const email = z.string().trim().email().max(254);
const password = z
  .string()
  .max(256)
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const tokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number(),
  session_id: z.string(),
  organization_id: z.string().nullable(),
});

/** Register, log in, refresh, log out, profile, sessions, and the JWKS of asymmetric signing keys. */
export function registerAuthRoutes(
  app: App,
  platform: Platform,
  options: { allowRegistration: boolean },
): void {
  const { accounts, sessions, tokens, audit, logins } = platform;

  const issue = async (
    user: { id: string; is_superuser: boolean },
    organizationId: string | null,
    role: OrgRole | null,
    session: { sessionId: string; refreshToken: string },
  ) => ({
    access_token: await tokens.sign({
      sub: user.id,
      org: organizationId,
      role,
      su: user.is_superuser,
      sid: session.sessionId,
    }),
    refresh_token: session.refreshToken,
    token_type: 'Bearer' as const,
    expires_in: tokens.accessTtlSeconds,
    session_id: session.sessionId,
    organization_id: organizationId,
  });

  app.post(
    '/api/v1/auth/register',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Create a user and their organization (owner)',
        body: z.object({
          email,
          password,
          name: storedString().max(200).optional(),
          organization_name: storedString().min(1).max(200).optional(),
        }),
      },
    },
    async (request, reply) => {
      if (!options.allowRegistration)
        throw new AppError('FORBIDDEN', 'registration is closed on this gateway');
      await logins.perSource('register', request.ip);
      const { body } = request;
      const user = await accounts.createUser({
        email: body.email,
        password: body.password,
        name: body.name ?? null,
      });
      const org = await accounts.createOrganization(
        body.organization_name ?? `${body.email.split('@')[0]}'s organization`,
        user.id,
      );
      const actor = { ...actorOf(request), userId: user.id };
      await audit.record(actor, {
        organizationId: null,
        action: 'user.create',
        resourceType: 'user',
        resourceId: user.id,
        after: user,
      });
      await audit.record(actor, {
        organizationId: org.id,
        action: 'organization.create',
        resourceType: 'organization',
        resourceId: org.id,
        after: org,
      });
      return reply.status(201).send({ user, organization: org });
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password; returns an access token and a refresh token',
        body: z.object({
          email,
          password: z.string().min(1).max(256),
          organization_id: z.string().uuid().optional(),
        }),
        response: { 200: tokenResponse },
      },
    },
    async (request) => {
      await logins.perSource('login', request.ip);
      // Counted before the password is checked, so parallel guesses cannot outrun the lock.
      const attempt = await logins.begin(request.body.email, request.ip);
      let user: Awaited<ReturnType<typeof accounts.authenticate>>;
      try {
        user = await accounts.authenticate(request.body.email, request.body.password);
      } catch (err) {
        if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') await logins.failed(attempt);
        throw err;
      }
      await logins.succeeded(attempt);
      const orgs = await accounts.organizationsOf(user.id);
      const org = request.body.organization_id
        ? orgs.find((o) => o.id === request.body.organization_id)
        : orgs[0];
      if (request.body.organization_id && !org) throw new AppError('NOT_FOUND', 'organization not found');
      const session = await sessions.create({
        userId: user.id,
        organizationId: org?.id ?? null,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      return issue(user, org?.id ?? null, org?.role ?? null, session);
    },
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['auth'],
        summary: 'Rotate a refresh token; reusing an old one revokes the whole session',
        body: z.object({ refresh_token: z.string().min(10).max(200) }),
        response: { 200: tokenResponse },
      },
    },
    async (request) => {
      await logins.perSource('refresh', request.ip);
      const rotated = await sessions.rotate(request.body.refresh_token);
      const user = await accounts.getUser(rotated.userId);
      if (!user) throw new AppError('INVALID_CREDENTIALS', 'the user no longer exists');
      // The role is read again, so a change of role applies from the next refresh.
      const role = rotated.organizationId ? await accounts.roleIn(rotated.organizationId, user.id) : null;
      return issue(user, role ? rotated.organizationId : null, role, rotated);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: READ }, schema: { tags: ['auth'], summary: 'End the current session' } },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!principal.sessionId)
        throw new AppError('VALIDATION_ERROR', 'API keys have no session; revoke the key instead');
      await sessions.revoke(principal.sessionId, 'logout');
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: READ },
      schema: { tags: ['auth'], summary: 'The current user (or API key) and its organizations' },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!principal.userId) {
        return {
          api_key: {
            id: principal.apiKeyId,
            organization_id: principal.organizationId,
            scopes: principal.scopes,
          },
        };
      }
      const user = await accounts.getUser(principal.userId);
      if (!user) throw new AppError('NOT_FOUND', 'user not found');
      return {
        user,
        organization_id: principal.organizationId,
        role: principal.role,
        organizations: await accounts.organizationsOf(user.id),
      };
    },
  );

  app.patch(
    '/api/v1/auth/me',
    {
      config: { access: READ },
      schema: {
        tags: ['auth'],
        summary: 'Change your name or password (the current password is required to change it)',
        body: z.object({
          name: storedString().max(200).nullable().optional(),
          password: password.optional(),
          current_password: z.string().max(256).optional(),
        }),
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!principal.userId) throw new AppError('FORBIDDEN', 'API keys have no profile');
      const { before, after } = await accounts.updateUser(principal.userId, {
        ...(request.body.name !== undefined ? { name: request.body.name } : {}),
        ...(request.body.password !== undefined ? { password: request.body.password } : {}),
        ...(request.body.current_password !== undefined
          ? { currentPassword: request.body.current_password }
          : {}),
      });
      await audit.record(actorOf(request), {
        organizationId: principal.organizationId,
        action: request.body.password ? 'user.password_change' : 'user.update',
        resourceType: 'user',
        resourceId: after.id,
        before,
        after,
      });
      return { user: after };
    },
  );

  app.get(
    '/api/v1/auth/sessions',
    { config: { access: READ }, schema: { tags: ['auth'], summary: 'Your active sessions' } },
    async (request) => {
      const principal = principalOf(request);
      if (!principal.userId) throw new AppError('FORBIDDEN', 'API keys have no sessions');
      const list = await sessions.listActive(principal.userId, principal.sessionId);
      return { sessions: list, count: list.length };
    },
  );

  app.delete(
    '/api/v1/auth/sessions/:id',
    {
      config: { access: READ },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your sessions',
        params: z.object({ id: z.string().uuid() }),
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const owner = await sessions.owner(request.params.id);
      // Another user's session is reported as missing, not forbidden: its existence is not yours to learn.
      if (!owner || (owner !== principal.userId && !principal.isSuperuser))
        throw new AppError('NOT_FOUND', 'session not found');
      await sessions.revoke(request.params.id, 'revoked by user');
      return reply.status(204).send();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      config: { access: PUBLIC },
      schema: { tags: ['auth'], summary: 'Public keys of RS256/EdDSA access tokens' },
    },
    async () => tokens.jwks(),
  );
}
