import { z } from 'zod';
import { VERDICTS } from '../util/verdict.js';

/**
 * The guard outcome (contract.ts) as a zod schema: the gateway documents its responses with it, and
 * a gateway validates every answer of a guard service against it (orchestrator/remote/protocol.ts).
 */
export const findingSchema = z.object({
  type: z.string(),
  category: z.string().optional(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
  confidence: z.number(),
  message: z.string(),
  span: z.object({ start: z.number(), end: z.number() }).optional(),
  evidence: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const guardOutcomeSchema = z.object({
  guard: z.string(),
  verdict: z.enum(VERDICTS),
  score: z.number(),
  findings: z.array(findingSchema),
  transformed: z.object({ text: z.string() }).optional(),
  data: z.record(z.string(), z.unknown()),
});
