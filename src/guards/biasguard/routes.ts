import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { storedString } from '../../http/stored-text.js';
import '../../http/access.js';
import type { Database } from '../../storage/db/types.js';
import { BIAS_CATEGORIES } from './lexicon.js';
import { DEFAULT_ORGANIZATION, PolicyStore } from './policy.js';

/**
 * BiasGuard management endpoints under /api/v1/biasguard: policies (CRUD), violations (list and
 * resolve) and compliance reports for a period. The organization comes from `organizationOf`
 * (the gateway passes the authenticated caller's); without identity, one 'default' organization.
 */

export interface BiasRoutesDeps {
  db: Database;
  /** The guard's own policy store (one per process); a fresh uncached one when omitted. */
  store?: PolicyStore;
  organizationOf?: (request: FastifyRequest) => string;
}

// Management bodies are strict: a misspelt field is a 400 naming it, never silently ignored.
const policyBody = z.strictObject({
  name: storedString().min(1).max(200),
  description: storedString().max(2000).optional(),
  categories: z.array(z.enum(BIAS_CATEGORIES)).default([]),
  threshold: z.number().min(0).max(1).default(0.5),
  enforcement: z.enum(['block', 'review', 'flag']).default('flag'),
  priority: z.number().int().min(-1000).max(1000).default(0),
  enabled: z.boolean().default(true),
});

const policyOut = z.object({
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  categories: z.array(z.string()),
  threshold: z.number(),
  enforcement: z.enum(['block', 'review', 'flag']),
  priority: z.number(),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});

const violationOut = z.object({
  id: z.number(),
  organization_id: z.string(),
  policy_id: z.string(),
  audit_log_id: z.number().nullable(),
  request_id: z.string(),
  violation_type: z.string(),
  category: z.string(),
  severity: z.string(),
  impact_score: z.number(),
  details: z.record(z.string(), z.unknown()),
  resolved: z.boolean(),
  resolved_at: z.string().nullable(),
  resolved_by: z.string().nullable(),
  resolution_notes: z.string().nullable(),
  created_at: z.string(),
});

const reportOut = z.object({
  id: z.number(),
  organization_id: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  total_events: z.number(),
  total_violations: z.number(),
  open_violations: z.number(),
  compliance_score: z.number(),
  fairness_score: z.number(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

/** Policy changes go to the audit log (the gateway's auth layer writes the rows). */
const POLICY_AUDIT = { resourceType: 'biasguard_policy' };

/** Without identity (AUTH_ENABLED=false) everything belongs to one default organization. */
const defaultOrganizationOf = (): string => DEFAULT_ORGANIZATION;

export function registerBiasguardRoutes(app: FastifyInstance, deps: BiasRoutesDeps): void {
  const store = deps.store ?? new PolicyStore(deps.db, 0);
  const orgOf = deps.organizationOf ?? defaultOrganizationOf;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/biasguard';

  r.get(
    `${base}/policies`,
    { schema: { tags: ['biasguard'], response: { 200: z.object({ policies: z.array(policyOut) }) } } },
    async (req) => ({
      policies: await store.list(orgOf(req)),
    }),
  );

  r.post(
    `${base}/policies`,
    {
      config: { audit: POLICY_AUDIT },
      schema: { tags: ['biasguard'], body: policyBody, response: { 201: policyOut } },
    },
    async (req, reply) => reply.code(201).send(await store.create(orgOf(req), req.body)),
  );

  r.patch(
    `${base}/policies/:id`,
    {
      config: { audit: POLICY_AUDIT },
      schema: {
        params: z.object({ id: storedString().min(1).max(200) }),
        body: policyBody.partial(),
        response: { 200: policyOut },
      },
    },
    async (req) => {
      const updated = await store.update(orgOf(req), req.params.id, req.body);
      if (!updated) throw new AppError('NOT_FOUND', `No policy ${req.params.id}`);
      return updated;
    },
  );

  r.delete(
    `${base}/policies/:id`,
    {
      config: { audit: POLICY_AUDIT },
      schema: { tags: ['biasguard'], params: z.object({ id: z.string().min(1) }) },
    },
    async (req, reply) => {
      if (!(await store.remove(orgOf(req), req.params.id)))
        throw new AppError('NOT_FOUND', `No policy ${req.params.id}`);
      return reply.code(204).send();
    },
  );

  r.get(
    `${base}/violations`,
    {
      schema: {
        querystring: z.object({
          resolved: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ violations: z.array(violationOut) }) },
      },
    },
    async (req) => ({
      violations: await store.listViolations(orgOf(req), {
        resolved: req.query.resolved === undefined ? undefined : req.query.resolved === 'true',
        limit: req.query.limit,
        offset: req.query.offset,
      }),
    }),
  );

  r.post(
    `${base}/violations/:id/resolve`,
    {
      schema: {
        params: z.object({ id: z.coerce.number().int().min(1) }),
        body: z.strictObject({
          resolved_by: storedString().max(200).optional(),
          notes: storedString().max(4000).optional(),
        }),
        response: { 200: violationOut },
      },
    },
    async (req) => {
      const v = await store.resolveViolation(orgOf(req), req.params.id, req.body.resolved_by, req.body.notes);
      if (!v) throw new AppError('NOT_FOUND', `No violation ${req.params.id}`);
      return v;
    },
  );

  r.post(
    `${base}/compliance-reports`,
    {
      schema: {
        body: z.strictObject({
          from: z.iso.datetime({ offset: true }),
          to: z.iso.datetime({ offset: true }),
        }),
        response: { 201: reportOut },
      },
    },
    async (req, reply) => {
      const from = new Date(req.body.from);
      const to = new Date(req.body.to);
      if (!(from < to)) throw new AppError('INVALID_PAYLOAD', "'from' must be before 'to'");
      return reply.code(201).send(await store.complianceReport(orgOf(req), from, to));
    },
  );
}
