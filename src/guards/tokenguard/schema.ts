import { z } from 'zod';
import { BUDGET_SCOPES } from './budgets.js';

/**
 * TokenGuard's payload. `{text}` alone is enough; everything else refines the check. Exactly one
 * of `text` and `messages` is required, and the error names the missing or conflicting field.
 */

const messageSchema = z.object({
  role: z.string().trim().min(1).max(64),
  content: z.string(),
  name: z.string().min(1).max(64).optional(),
});

const logprob = z.number().max(0, 'a logprob is at most 0');

/** `[[-0.1, -2.3], ...]`: per step, the logprobs of the alternative tokens. */
const plainStep = z.array(logprob).max(100);
/** OpenAI's `logprobs.content[]` entries. */
const openAiStep = z.object({
  token: z.string().optional(),
  logprob,
  top_logprobs: z
    .array(z.object({ token: z.string(), logprob }))
    .max(100)
    .optional(),
});

export const OPTIMIZE_MODES = ['none', 'lossless', 'truncate'] as const;

export const tokenGuardPayloadSchema = z
  .object({
    text: z.string().optional(),
    messages: z.array(messageSchema).min(1).max(10_000).optional(),
    model: z.string().trim().min(1).max(200).optional(),
    max_output_tokens: z.number().int().positive().max(10_000_000).optional(),
    budget: z
      .object({
        scope: z.enum(BUDGET_SCOPES).optional(),
        daily_tokens: z.number().int().positive().optional(),
        monthly_tokens: z.number().int().positive().optional(),
      })
      .optional(),
    optimize: z.enum(OPTIMIZE_MODES).default('none'),
    target_tokens: z.number().int().positive().optional(),
    confidence: z.number().min(0).max(1).optional(),
    logprobs: z
      .array(z.union([plainStep, openAiStep]))
      .max(1_000_000)
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.text === undefined && p.messages === undefined) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'either `text` or `messages` is required' });
    }
    if (p.text !== undefined && p.messages !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['messages'],
        message: 'give either `text` or `messages`, not both',
      });
    }
    if (p.optimize === 'truncate') {
      if (p.target_tokens === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['target_tokens'],
          message: '`target_tokens` is required when `optimize` is "truncate"',
        });
      }
      if (p.messages !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['optimize'],
          message: '"truncate" works on `text`; use "lossless" for `messages`',
        });
      }
    }
  });

export type TokenGuardPayload = z.output<typeof tokenGuardPayloadSchema>;
