import { z } from 'zod';
import { GUARD_MODULES } from '../guards/registry.js';

/** The guards of the registry, for validating names in bodies. */
const GUARD_NAMES = GUARD_MODULES.map((m) => m.name) as [string, ...string[]];
/** The guards whose verdict follows flag/block thresholds that a call's settings may replace. */
export const THRESHOLD_GUARDS = GUARD_MODULES.filter((m) => m.thresholds === true).map((m) => m.name) as [
  string,
  ...string[],
];

/**
 * The settings that may change while the gateway runs, validated as one document. Everything
 * is optional: an absent value means "the start-up setting applies".
 */
const ratio = z.number().min(0).max(1);
const thresholds = z.object({ flag: ratio.optional(), block: ratio.optional() }).strict();

export const runtimeConfigSchema = z
  .object({
    thresholds: z.partialRecord(z.enum(THRESHOLD_GUARDS), thresholds).default({}),
    guard_timeouts_ms: z.partialRecord(z.enum(GUARD_NAMES), z.number().int().min(1).max(600_000)).default({}),
    rate_limits: z
      .object({
        per_minute: z.number().int().min(1).optional(),
        per_hour: z.number().int().min(1).optional(),
        burst: z.number().int().min(1).optional(),
        processing_per_minute: z.number().int().min(1).optional(),
        read_per_minute: z.number().int().min(1).optional(),
        admin_per_minute: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    feature_flags: z
      .record(
        z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'flag names are lowercase a-z, 0-9, . _ -'),
        z.boolean(),
      )
      .default({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [guard, t] of Object.entries(c.thresholds)) {
      if (t?.flag !== undefined && t.block !== undefined && t.flag > t.block) {
        ctx.addIssue({ code: 'custom', path: ['thresholds', guard], message: 'flag must not exceed block' });
      }
    }
    if (Object.keys(c.feature_flags).length > 200) {
      ctx.addIssue({ code: 'custom', path: ['feature_flags'], message: 'at most 200 flags' });
    }
  });

export type RuntimeConfig = z.output<typeof runtimeConfigSchema>;

export const emptyRuntimeConfig = (): RuntimeConfig => runtimeConfigSchema.parse({});

/** Dotted paths of the leaves that differ between two configs (for the audit trail). */
export function changedKeys(before: unknown, after: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  // A section present on one side only compares leaf by leaf against an empty one.
  const b = before === undefined && isObj(after) ? {} : before;
  const a = after === undefined && isObj(before) ? {} : after;
  if (!isObj(b) || !isObj(a)) return JSON.stringify(b) === JSON.stringify(a) ? [] : [prefix || '(root)'];
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys.flatMap((k) => changedKeys(b[k], a[k], prefix ? `${prefix}.${k}` : k));
}
