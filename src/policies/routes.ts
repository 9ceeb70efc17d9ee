import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { ADMIN, READ, RUN_GUARDS, USAGE_PER_GUARD_CALL } from '../http/access.js';
import { storedString } from '../http/stored-text.js';
import type { CallIdentity } from '../orchestrator/orchestrator.js';
import { policyForCall } from './schema.js';
import type { GuardPolicies } from './service.js';

/**
 * /api/v1/guard-policy: the caller's organization's guard policy (read, replace, history) and a
 * dry run of a draft policy on a text. Changes are versioned and audited (`config.audit`).
 */
export interface PolicyRoutesDeps {
  policies: GuardPolicies;
  identityOf: (request: FastifyRequest) => CallIdentity;
}

const BASE = '/api/v1/guard-policy';
const tags = ['guard-policy'];

const organizationOf = (request: FastifyRequest): string => {
  const org = request.principal?.organizationId;
  if (!org) throw new AppError('FORBIDDEN', 'guard policies belong to an organization; use its credentials');
  return org;
};

export function registerPolicyRoutes(app: FastifyInstance, deps: PolicyRoutesDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { policies } = deps;

  r.get(
    BASE,
    { config: { access: READ }, schema: { tags, summary: "The organization's guard policy in force" } },
    async (request) => policies.store.current(organizationOf(request)),
  );

  r.put(
    BASE,
    {
      config: { access: ADMIN, audit: { resourceType: 'guard_policy' } },
      schema: {
        tags,
        summary: 'Replace the guard policy (a new version; unknown fields are a 400 naming them)',
        body: z.strictObject({
          policy: z.record(z.string(), z.unknown()),
          expected_version: z.number().int().min(0).optional(),
          comment: storedString().max(500).optional(),
        }),
      },
    },
    async (request) => {
      const org = organizationOf(request);
      const policy = await policies.parseFor(org, request.body.policy);
      const saved = await policies.store.save(
        org,
        policy,
        { userId: request.principal?.userId ?? null, apiKeyId: request.principal?.apiKeyId ?? null },
        {
          ...(request.body.expected_version !== undefined
            ? { expectedVersion: request.body.expected_version }
            : {}),
          ...(request.body.comment ? { comment: request.body.comment } : {}),
        },
      );
      return { id: `${org}:v${saved.version}`, ...saved };
    },
  );

  r.get(
    `${BASE}/versions`,
    {
      config: { access: READ },
      schema: {
        tags,
        summary: 'Earlier versions of the guard policy, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
      },
    },
    async (request) => ({
      versions: await policies.store.history(organizationOf(request), request.query.limit),
    }),
  );

  r.post(
    `${BASE}/dry-run`,
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL },
      schema: {
        tags,
        summary: 'Evaluate a text against a draft policy (or the one in force) without changing anything',
        body: z.strictObject({
          text: z.string(),
          stage: z.enum(['input', 'output']).default('input'),
          role: z
            .string()
            .min(1)
            .max(64)
            .optional()
            .describe(
              "The role of the message the text would come from (the policy's roles decide how it is read)",
            ),
          api_key_id: z
            .uuid()
            .optional()
            .describe("Evaluate as that API key would be: the policy with the key's overrides"),
          policy: z.record(z.string(), z.unknown()).optional(),
        }),
      },
    },
    async (request) => {
      const org = organizationOf(request);
      const { stage, text, role, api_key_id: apiKeyId } = request.body;
      const draft = request.body.policy
        ? policies.parse(request.body.policy)
        : (await policies.store.current(org)).policy;
      const policy = policyForCall(draft, { apiKeyId });
      const evaluation = await policies.evaluate(
        policy,
        stage,
        text,
        { ...deps.identityOf(request), organizationId: org },
        role !== undefined ? { role } : {},
      );
      return { request_id: request.id, dry_run: true, ...policies.summarize(evaluation) };
    },
  );
}
