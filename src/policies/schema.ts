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

export const guardPolicySchema = z.strictObject({
  input: stage.default({ guards: [] }).describe('Guards run on prompts (before the model)'),
  output: stage.default({ guards: [] }).describe("Guards run on the model's answers"),
  settings: z
    .record(z.string().min(1).max(64), z.record(z.string(), z.unknown()))
    .default({})
    .describe('Payload fields per guard, for example {"securityguard": {"thresholds": {"block": 0.8}}}'),
  actions: z
    .record(z.string().min(1).max(128), z.enum(FINDING_ACTIONS))
    .default({})
    .describe(
      'Action per finding: keys are "type:category", "type" or a guard name (most specific wins); ' +
        "unlisted findings follow the guard's verdict (block, flag, else log)",
    ),
  shadow: z.boolean().default(false).describe('Evaluate and record, never block or rewrite'),
  fail_mode: z
    .enum(['open', 'closed'])
    .default('closed')
    .describe('A guard that fails or times out blocks (closed) or is skipped (open)'),
  timeout_ms: z.number().int().positive().max(60_000).optional().describe('Deadline for each stage'),
  stream: z
    .strictObject({
      window_chars: z.number().int().min(64).max(65_536).default(1024),
      overlap_chars: z.number().int().min(0).max(8192).default(256),
    })
    .default({ window_chars: 1024, overlap_chars: 256 })
    .describe('Streaming answers: output guards run on windows of this many characters'),
});

export type GuardPolicy = z.output<typeof guardPolicySchema>;
export type Stage = 'input' | 'output';

/** The policy of an organization that never stored one: SecurityGuard both ways when it is built. */
export const defaultPolicy = (available: readonly string[]): GuardPolicy => {
  const guards = available.includes('securityguard') ? ['securityguard'] : [];
  return guardPolicySchema.parse({ input: { guards }, output: { guards } });
};

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
  const known = new Set(guards.names());
  const errors: { field: string; message: string }[] = [];
  for (const s of ['input', 'output'] as const) {
    policy[s].guards.forEach((name, i) => {
      if (!known.has(name)) {
        errors.push({
          field: `policy.${s}.guards.${i}`,
          message: `unknown guard '${name}'; valid: ${[...known].join(', ')}`,
        });
      }
    });
  }
  for (const [name, settings] of Object.entries(policy.settings)) {
    const schema = guards.payloadSchemaOf(name);
    if (!schema) {
      errors.push({ field: `policy.settings.${name}`, message: `unknown guard '${name}'` });
      continue;
    }
    if ('text' in settings) {
      errors.push({ field: `policy.settings.${name}.text`, message: 'the text is not a setting' });
      continue;
    }
    if (schema instanceof z.ZodObject) {
      const unknown = Object.keys(settings).filter((k) => !(k in schema.shape));
      if (unknown.length > 0) {
        errors.push({
          field: `policy.settings.${name}`,
          message: `unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')} for ${name}`,
        });
        continue;
      }
    }
    const check = schema.safeParse({ ...settings, text: '' });
    if (!check.success) {
      for (const issue of check.error.issues) {
        errors.push({
          field: ['policy', 'settings', name, ...issue.path.map(String)].join('.'),
          message: issue.message,
        });
      }
    }
  }
  if (policy.stream.overlap_chars >= policy.stream.window_chars) {
    errors.push({ field: 'policy.stream.overlap_chars', message: 'must be smaller than window_chars' });
  }
  if (errors.length > 0) throw invalid(errors);
  return policy;
}
