import { z } from 'zod';
import { AppError } from '../errors.js';

/**
 * A guard policy of one organization: which guards run on a prompt (input) and on a model's answer
 * (output), the payload settings each guard gets (thresholds, detectors, ...), the action taken
 * per finding type, shadow mode and what a failing guard means. It decides *which guards run and
 * what happens with their findings*; what a guard itself considers a finding stays the guard's
 * business (BiasGuard's own organization policies, for example, still decide what BiasGuard flags).
 */

export const FINDING_ACTIONS = ['block', 'redact', 'flag', 'log'] as const;
export type FindingAction = (typeof FINDING_ACTIONS)[number];

const stage = z.strictObject({
  guards: z.array(z.string().min(1).max(64)).max(20).describe('Guards run at this stage, in parallel'),
});

/** API keys one policy may name overrides for. */
const MAX_KEY_OVERRIDES = 200;

/** Routes a policy may override itself for (the proxy's APIs). */
export const POLICY_ROUTES = ['chat', 'completions', 'embeddings', 'messages'] as const;
export type PolicyRoute = (typeof POLICY_ROUTES)[number];

const settingsSchema = z.record(z.string().min(1).max(64), z.record(z.string(), z.unknown()));
const actionsSchema = z.record(z.string().min(1).max(128), z.enum(FINDING_ACTIONS));
const failModeSchema = z.enum(['open', 'closed']);
const timeoutSchema = z.number().int().positive().max(60_000);

/** What a route may change: fields left out keep the policy's; settings and actions merge over it. */
const routeOverride = z.strictObject({
  input: stage.optional(),
  output: stage.optional(),
  settings: settingsSchema.optional(),
  actions: actionsSchema.optional(),
  shadow: z.boolean().optional(),
  fail_mode: failModeSchema.optional(),
  timeout_ms: timeoutSchema.optional(),
});

const rolesSchema = z.array(z.string().min(1).max(64)).max(20);

/** Who wrote each message of a proxied conversation, as the input guards read it. */
const messageRoles = z.strictObject({
  trusted: rolesSchema
    .default(['system', 'developer'])
    .describe(
      "Roles the application writes itself (its system prompt): guards that know the difference (SecurityGuard's " +
        'system mode) look for leaked data there, not for injection',
    ),
  documents: rolesSchema
    .default(['tool', 'function'])
    .describe(
      'Roles that carry external content (tool and function results, retrieved documents): guards with a ' +
        'document mode read them as data, where any instruction to the assistant is a finding',
    ),
});

export const guardPolicySchema = z.strictObject({
  input: stage.default({ guards: [] }).describe('Guards run on prompts (before the model)'),
  output: stage.default({ guards: [] }).describe("Guards run on the model's answers"),
  settings: settingsSchema
    .default({})
    .describe('Payload fields per guard, for example {"securityguard": {"thresholds": {"block": 0.8}}}'),
  actions: actionsSchema
    .default({})
    .describe(
      'Action per finding: keys are "type:category", "type" or a guard name (most specific wins); ' +
        "unlisted findings follow the guard's verdict (block, flag, else log)",
    ),
  shadow: z.boolean().default(false).describe('Evaluate and record, never block or rewrite'),
  fail_mode: failModeSchema
    .default('closed')
    .describe('A guard that fails or times out blocks (closed) or is skipped (open)'),
  timeout_ms: timeoutSchema.optional().describe('Deadline for each stage'),
  stream: z
    .strictObject({
      window_chars: z.number().int().min(64).max(65_536).default(1024),
      overlap_chars: z.number().int().min(0).max(8192).default(256),
    })
    .default({ window_chars: 1024, overlap_chars: 256 })
    .describe('Streaming answers: output guards run on windows of this many characters'),
  roles: messageRoles
    .default({ trusted: ['system', 'developer'], documents: ['tool', 'function'] })
    .describe('How the proxy reads the messages of a conversation by their role'),
  routes: z
    .partialRecord(z.enum(POLICY_ROUTES), routeOverride)
    .default({})
    .describe(
      'Overrides per proxy route (chat, completions, embeddings, messages): guards, settings, actions, ' +
        'shadow, fail_mode or timeout_ms that differ there',
    ),
  api_keys: z
    .record(z.uuid(), routeOverride)
    .default({})
    .refine((keys) => Object.keys(keys).length <= MAX_KEY_OVERRIDES, {
      message: `at most ${MAX_KEY_OVERRIDES} API keys may have overrides`,
    })
    .describe(
      "Overrides per API key of the organization (by its id), applied before the route's: for example one " +
        "application's key in shadow mode or with other guards",
    ),
});

export type GuardPolicy = z.output<typeof guardPolicySchema>;
export type Stage = 'input' | 'output';

/** The policy of an organization that never stored one: SecurityGuard both ways when it is built. */
export const defaultPolicy = (available: readonly string[]): GuardPolicy => {
  const guards = available.includes('securityguard') ? ['securityguard'] : [];
  return guardPolicySchema.parse({ input: { guards }, output: { guards } });
};

/**
 * The policy one call runs under: the organization's, then the overrides of the caller's API key,
 * then those of the proxy route (the most specific wins).
 */
export function policyForCall(
  policy: GuardPolicy,
  call: { apiKeyId?: string | undefined; route?: PolicyRoute },
): GuardPolicy {
  const byKey = call.apiKeyId === undefined ? undefined : policy.api_keys[call.apiKeyId];
  const keyed = byKey ? overridden(policy, byKey) : policy;
  const byRoute = call.route === undefined ? undefined : policy.routes[call.route];
  return byRoute ? overridden(keyed, byRoute) : keyed;
}

/** An override over a policy: fields it sets replace the policy's; settings and actions merge. */
function overridden(policy: GuardPolicy, o: z.output<typeof routeOverride>): GuardPolicy {
  const settings = { ...policy.settings };
  for (const [guard, fields] of Object.entries(o.settings ?? {}))
    settings[guard] = { ...settings[guard], ...fields };
  return {
    ...policy,
    input: o.input ?? policy.input,
    output: o.output ?? policy.output,
    settings,
    actions: { ...policy.actions, ...o.actions },
    shadow: o.shadow ?? policy.shadow,
    fail_mode: o.fail_mode ?? policy.fail_mode,
    timeout_ms: o.timeout_ms ?? policy.timeout_ms,
  };
}

/** What a guard accepts as settings: the fields of its payload schema but the text itself. */
export interface GuardSchemas {
  names(): string[];
  payloadSchemaOf(name: string): z.ZodType | undefined;
}

const issueMessage = (issue: z.core.$ZodIssue): { field: string; message: string } => {
  const field = ['policy', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    return { field, message: `unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}` };
  }
  return { field, message: issue.message };
};

const invalid = (errors: { field: string; message: string }[]): AppError => {
  const first = errors[0];
  return new AppError('VALIDATION_ERROR', first ? `${first.field}: ${first.message}` : 'invalid policy', {
    fields: errors.map((e) => e.field),
    errors,
  });
};

/**
 * Parses a policy (400 VALIDATION_ERROR naming every unknown or bad field), then checks it against
 * the guards this process runs: unknown guard names, and settings that are not fields of the
 * guard's payload or do not fit its schema.
 */
export function parsePolicy(input: unknown, guards: GuardSchemas): GuardPolicy {
  const parsed = guardPolicySchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map(issueMessage));
  const policy = parsed.data;
  const errors = checkGuards(policy, guards, 'policy');
  for (const [route, override] of Object.entries(policy.routes)) {
    if (override) errors.push(...checkGuards(override, guards, `policy.routes.${route}`));
  }
  for (const [key, override] of Object.entries(policy.api_keys)) {
    errors.push(...checkGuards(override, guards, `policy.api_keys.${key}`));
  }
  if (policy.stream.overlap_chars >= policy.stream.window_chars) {
    errors.push({ field: 'policy.stream.overlap_chars', message: 'must be smaller than window_chars' });
  }
  if (errors.length > 0) throw invalid(errors);
  return policy;
}

/** Guard names and settings of a policy (or a route's override) against the guards this process runs. */
function checkGuards(
  policy: Pick<GuardPolicy, 'input' | 'output' | 'settings'> | z.output<typeof routeOverride>,
  guards: GuardSchemas,
  at: string,
): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  const known = new Set(guards.names());
  for (const s of ['input', 'output'] as const) {
    policy[s]?.guards.forEach((name, i) => {
      if (!known.has(name)) {
        errors.push({
          field: `${at}.${s}.guards.${i}`,
          message: `unknown guard '${name}'; valid: ${[...known].join(', ')}`,
        });
      }
    });
  }
  for (const [name, settings] of Object.entries(policy.settings ?? {})) {
    const schema = guards.payloadSchemaOf(name);
    if (!schema) {
      errors.push({ field: `${at}.settings.${name}`, message: `unknown guard '${name}'` });
      continue;
    }
    if ('text' in settings) {
      errors.push({ field: `${at}.settings.${name}.text`, message: 'the text is not a setting' });
      continue;
    }
    if (schema instanceof z.ZodObject) {
      const unknown = Object.keys(settings).filter((k) => !(k in schema.shape));
      if (unknown.length > 0) {
        errors.push({
          field: `${at}.settings.${name}`,
          message: `unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')} for ${name}`,
        });
        continue;
      }
    }
    const check = schema.safeParse({ ...settings, text: '' });
    if (!check.success) {
      for (const issue of check.error.issues) {
        errors.push({
          field: [at, 'settings', name, ...issue.path.map(String)].join('.'),
          message: issue.message,
        });
      }
    }
  }
  return errors;
}
