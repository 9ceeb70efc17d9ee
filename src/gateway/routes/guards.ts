import { performance } from 'node:perf_hooks';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { GuardName, GuardResult } from '../../guards/contract.js';
import { guardOutcomeSchema } from '../../guards/outcome-schema.js';
import { USAGE_PER_GUARD_CALL } from '../../http/access.js';
import { storedString } from '../../http/stored-text.js';
import type { CallIdentity } from '../../orchestrator/orchestrator.js';
import { callerIdOf } from '../../platform/principal.js';
import { evaluatePolicy, summarize } from '../../policies/evaluate.js';
import { policyForCall } from '../../policies/schema.js';
import { VERDICTS, type Verdict } from '../../util/verdict.js';
import { assertGuardAllowed, READ, RUN_GUARDS } from '../auth.js';
import type { App, AppDeps } from '../types.js';
import { guardHealth } from './system.js';

const id = storedString().min(1).max(256);

export const processBody = z.object({
  service_type: z.string().min(1).describe('The guard to run, for example tokenguard'),
  payload: z
    .record(z.string(), z.unknown())
    .describe('The guard payload; every guard accepts at least {text}'),
  user_id: id.optional(),
  session_id: id.optional(),
  client_type: z.string().max(64).optional(),
  client_version: z.string().max(64).optional(),
  timeout_ms: z.number().int().positive().max(600_000).optional().describe('Deadline in milliseconds'),
  timeout: z
    .number()
    .positive()
    .max(600)
    .optional()
    .describe('Deadline in seconds (kept for the original clients; prefer timeout_ms)'),
  request_metadata: z.record(z.string(), z.unknown()).optional(),
});

export const checkBody = z.object({
  text: z.string().describe('The text every selected guard screens'),
  guards: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('Guards to run; all registered guards when omitted'),
  options: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .describe('Extra payload fields per guard, for example {"tokenguard": {"model": "gpt-4o"}}'),
  user_id: id.optional(),
  session_id: id.optional(),
  timeout_ms: z
    .number()
    .int()
    .positive()
    .max(600_000)
    .optional()
    .describe('Deadline in milliseconds for all guards together'),
  timeout: z
    .number()
    .positive()
    .max(600)
    .optional()
    .describe('Deadline in seconds (kept for compatibility; prefer timeout_ms)'),
});

const envelope = guardOutcomeSchema
  .extend({ timing_ms: z.number() })
  .describe('The standard guard result envelope');

const processResponse = z.object({
  request_id: z.string(),
  service_type: z.string(),
  success: z.boolean(),
  data: envelope,
  error: z.null(),
  processing_time: z.number().describe('Milliseconds spent in the gateway for this request'),
  service_used: z.string(),
  fallback_used: z.boolean(),
});

const guardError = z.object({ guard: z.string(), code: z.string(), message: z.string() });

/** What /check answers (documentation and the SDK's types; responses are serialized as they are). */
const checkResponse = z.object({
  request_id: z.string(),
  verdict: z.enum(VERDICTS),
  blocked: z.boolean(),
  score: z.number(),
  guards: z
    .record(
      z.string(),
      z.union([envelope, z.object({ guard: z.string(), error: guardError.omit({ guard: true }) })]),
    )
    .describe("Each guard's result envelope, or its error"),
  errors: z.array(guardError),
  fail_mode: z.enum(['open', 'closed']),
  policy: z
    .object({
      version: z.number(),
      stage: z.enum(['input', 'output']),
      decision: z.enum(['allow', 'flag', 'redact', 'block']),
      would: z.enum(['allow', 'flag', 'redact', 'block']),
      shadow: z.boolean(),
      guards: z.array(z.string()),
      findings: z.array(
        z.object({
          guard: z.string(),
          type: z.string(),
          category: z.string().optional(),
          severity: z.string(),
          message: z.string(),
          action: z.string(),
        }),
      ),
      errors: z.array(guardError),
      text: z.string().optional().describe('The rewritten text, when the decision is redact'),
    })
    .optional()
    .describe("The organization's policy decision, when the request named no guards and a policy is stored"),
  processing_time: z.number().describe('Milliseconds spent in the gateway for this request'),
});

/** The request's deadline in milliseconds: `timeout_ms`, else `timeout` (seconds), else the default. */
const deadlineOf = (body: {
  timeout_ms?: number | undefined;
  timeout?: number | undefined;
}): number | undefined => body.timeout_ms ?? (body.timeout !== undefined ? body.timeout * 1000 : undefined);

const ms = (started: number) => Math.round((performance.now() - started) * 1000) / 1000;

/** The caller's identity for guards: the organization comes from the credentials, never the body. */
export const identityOf = (request: FastifyRequest, userId?: string, sessionId?: string): CallIdentity => {
  const principalUser = request.principal?.userId ?? undefined;
  const organizationId = request.principal?.organizationId ?? undefined;
  const user = userId ?? principalUser;
  return {
    requestId: request.id,
    ...(request.principal ? { callerId: callerIdOf(request.principal) } : {}),
    ...(request.principal?.apiKeyId ? { apiKeyId: request.principal.apiKeyId } : {}),
    ...(user ? { userId: user } : {}),
    ...(sessionId ? { sessionId } : {}),
    ...(organizationId ? { organizationId } : {}),
  };
};

export function registerGuardRoutes(app: App, deps: AppDeps): void {
  const { orchestrator, policies } = deps;
  /**
   * The organization's own guard policy, when it stored one (version 0 is the built-in default),
   * with the overrides of the caller's API key.
   */
  const storedPolicyOf = async (request: FastifyRequest) => {
    const org = request.principal?.organizationId;
    if (!policies || !org) return undefined;
    const current = await policies.store.current(org);
    if (current.version === 0) return undefined;
    const apiKeyId = request.principal?.apiKeyId;
    return apiKeyId && current.policy.api_keys[apiKeyId]
      ? { ...current, policy: policyForCall(current.policy, { apiKeyId }) }
      : current;
  };

  const resolveGuard = (name: string): GuardName => {
    if (!orchestrator.has(name)) {
      throw new AppError(
        'UNKNOWN_SERVICE_TYPE',
        `unknown service_type '${name}'; valid: ${orchestrator.names().join(', ')}`,
        {
          valid_service_types: orchestrator.names(),
        },
      );
    }
    return name;
  };

  const processHandler = async (request: FastifyRequest<{ Body: z.output<typeof processBody> }>) => {
    const started = performance.now();
    const { body } = request;
    const guard = resolveGuard(body.service_type);
    if (Object.keys(body.payload).length === 0) {
      throw new AppError('EMPTY_PAYLOAD', 'payload must not be empty; send at least {"text": "..."}');
    }
    assertGuardAllowed(request, guard);
    const identity = identityOf(request, body.user_id, body.session_id);
    // The organization's policy gives this guard's settings; the caller's own payload fields win.
    const policy = await storedPolicyOf(request);
    const payload = policy ? { ...(policy.policy.settings[guard] ?? {}), ...body.payload } : body.payload;
    const result: GuardResult = await orchestrator.run(guard, payload, identity, deadlineOf(body));
    return {
      ...(policy ? { policy_version: policy.version } : {}),
      request_id: request.id,
      service_type: guard,
      success: true,
      data: result,
      error: null,
      processing_time: ms(started),
      service_used: result.service?.used ?? guard,
      fallback_used: result.service?.fallback ?? false,
    };
  };
  // One handler, four paths: the original service and its clients used all of them.
  for (const path of ['/api/v1/guards/process', '/api/v1/guards/scan', '/api/v1/scan', '/api/v1/analyze']) {
    const summary =
      path === '/api/v1/guards/process'
        ? 'Run one guard (the unified endpoint of the original service)'
        : 'Alias of POST /api/v1/guards/process';
    app.post(
      path,
      {
        config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL },
        schema: { tags: ['guards'], summary, body: processBody, response: { 200: processResponse } },
      },
      processHandler,
    );
  }

  app.post(
    '/api/v1/guards/check',
    {
      config: { access: RUN_GUARDS, usage: USAGE_PER_GUARD_CALL },
      schema: {
        tags: ['guards'],
        summary: 'Run several guards on one text in parallel and aggregate their verdicts',
        body: checkBody,
        response: { 200: checkResponse },
      },
    },
    async (request) => {
      const started = performance.now();
      const { body } = request;
      for (const key of Object.keys(body.options ?? {})) resolveGuard(key);
      // No guards named: the organization's policy (when it has one) picks them and decides.
      const policy = body.guards ? undefined : await storedPolicyOf(request);
      if (policy) {
        const allowed = (g: string) => !request.tier || request.tier.guards_allowed.includes(g);
        const names = policy.policy.input.guards.filter((g) => orchestrator.has(g) && allowed(g));
        const evaluation = await evaluatePolicy(
          orchestrator,
          { ...policy.policy, ...(deadlineOf(body) ? { timeout_ms: deadlineOf(body) } : {}) },
          'input',
          body.text,
          identityOf(request, body.user_id, body.session_id),
          { guards: names, extra: (name) => body.options?.[name] ?? {} },
        );
        const guards: Record<
          string,
          GuardResult | { guard: string; error: { code: string; message: string } }
        > = {};
        for (const entry of evaluation.results) {
          guards[entry.ok ? entry.result.guard : entry.guard] = entry.ok
            ? entry.result
            : { guard: entry.guard, error: entry.error };
        }
        const verdict: Verdict =
          evaluation.decision === 'block' ? 'block' : evaluation.decision === 'allow' ? 'allow' : 'flag';
        return {
          request_id: request.id,
          verdict,
          blocked: verdict === 'block',
          score: Math.max(0, ...evaluation.results.map((e) => (e.ok ? e.result.score : 0))),
          guards,
          errors: evaluation.errors,
          fail_mode: policy.policy.fail_mode,
          policy: { version: policy.version, ...summarize(evaluation) },
          processing_time: ms(started),
        };
      }
      const names = body.guards
        ? [...new Set(body.guards)].map(resolveGuard)
        : orchestrator.names().filter((g) => !request.tier || request.tier.guards_allowed.includes(g));
      for (const name of names) assertGuardAllowed(request, name);
      const identity = identityOf(request, body.user_id, body.session_id);
      const outcome = await orchestrator.runMany(
        names,
        (name) => ({ ...(body.options?.[name] ?? {}), text: body.text }),
        identity,
        deadlineOf(body),
      );
      const guards: Record<
        string,
        GuardResult | { guard: string; error: { code: string; message: string } }
      > = {};
      const errors: { guard: string; code: string; message: string }[] = [];
      for (const entry of outcome.results) {
        if (entry.ok) guards[entry.result.guard] = entry.result;
        else {
          guards[entry.guard] = { guard: entry.guard, error: entry.error };
          errors.push({ guard: entry.guard, ...entry.error });
        }
      }
      return {
        request_id: request.id,
        verdict: outcome.verdict,
        blocked: outcome.verdict === 'block',
        score: outcome.score,
        guards,
        errors,
        fail_mode: orchestrator.failMode,
        processing_time: ms(started),
      };
    },
  );

  app.get(
    '/api/v1/guards/services',
    {
      config: { access: READ },
      schema: { tags: ['guards'], summary: 'Registered guards with their mode, health and payload schema' },
    },
    async () => {
      const health = await guardHealth(deps);
      const services = orchestrator.list().map((client) => ({
        name: client.name,
        description: client.description,
        mode: client.mode,
        health: health[client.name],
        // The deadline a call gets when the request names none (runtime configuration or GUARD_TIMEOUT_MS).
        timeout_ms: orchestrator.timeoutFor(client.name),
        payload_schema: z.toJSONSchema(client.payloadSchema, { unrepresentable: 'any', io: 'input' }),
      }));
      return { services, count: services.length };
    },
  );

  app.get(
    '/api/v1/guards/health',
    { config: { access: READ }, schema: { tags: ['guards'], summary: "Each guard's health under services" } },
    async () => {
      const services = await guardHealth(deps);
      const states = Object.values(services).map((s) => s.status);
      const status = states.every((s) => s === 'healthy')
        ? 'healthy'
        : states.some((s) => s === 'healthy' || s === 'degraded')
          ? 'degraded'
          : 'unhealthy';
      return { status, services, timestamp: new Date().toISOString() };
    },
  );
}
