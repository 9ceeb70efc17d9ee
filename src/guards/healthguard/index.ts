import { z } from 'zod';
import { AppError } from '../../errors.js';
import { maxOf } from '../../util/arrays.js';
import type { Finding } from '../contract.js';
import { clamp01, defineGuard, thresholdsFor } from '../contract.js';
import type { GuardDeps } from '../deps.js';
import { analyzeDataset } from './dataset/analyze.js';
import type { DatasetReport } from './dataset/types.js';
import { AnalysisResultsWriter } from './results-store.js';
import type { HealthRuntime } from './runtime.js';
import { analyzeSamples, type Mitigation, type SampleReport, type SampleResult } from './sample.js';
import type { TextThreatScanner } from './threats.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const HEALTHGUARD_DESCRIPTION =
  'Data-poisoning analysis of samples and training datasets (backdoor triggers, label flips, duplicates, injected instructions, hidden Unicode) and gateway health metrics.';

const sampleSchema = z.object({
  id: z.string().min(1).max(200),
  content: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
const rowSchema = z.object({
  id: z.coerce.string().min(1).max(200),
  text: z.string(),
  label: z.coerce.string().optional(),
});

export const healthPayloadSchema = z
  .object({
    text: z.string().optional(),
    samples: z.array(sampleSchema).max(10_000).optional(),
    dataset: z.array(rowSchema).optional(),
    mitigation: z.enum(['flag', 'sanitize', 'redact', 'drop']).optional(),
  })
  .refine((p) => p.text !== undefined || p.samples !== undefined || p.dataset !== undefined, {
    message: 'one of text, samples or dataset is required',
  });

export type HealthData =
  | { mode: 'samples'; results: SampleResult[]; report: SampleReport }
  | { mode: 'dataset'; report: DatasetReport };

export interface HealthGuardOptions {
  /** SecurityGuard's scanner, injected by the registry. */
  scanner: TextThreatScanner;
  /** The worker pool, jobs and monitor (module.ts builds one when HEALTHGUARD_WORKERS > 0). */
  runtime?: HealthRuntime;
}

/** A poisoned sample at or above this score blocks under mitigation 'drop' (unless a call's settings say otherwise). */
const DROP_BLOCK_SCORE = 0.8;

export function createHealthGuard(deps: GuardDeps, options: HealthGuardOptions) {
  const { config, db, logger } = deps;
  const { scanner, runtime } = options;
  const stored = new AnalysisResultsWriter(db, logger, {
    flushMs: config.OPERATIONS_FLUSH_MS,
    batchSize: config.OPERATIONS_BATCH_SIZE,
  });
  return defineGuard({
    name: 'healthguard',
    description: HEALTHGUARD_DESCRIPTION,
    payloadSchema: healthPayloadSchema,
    async check(payload, ctx) {
      const mitigation: Mitigation = payload.mitigation ?? config.HEALTHGUARD_MITIGATION;
      // Flag: the poisoning threshold a row or sample must reach; block: the score at which a
      // poisoned sample blocks under mitigation 'drop'. A call's settings may replace either.
      const limits = thresholdsFor(ctx, { flag: config.HEALTHGUARD_THRESHOLD, block: DROP_BLOCK_SCORE });
      if (payload.dataset) {
        if (payload.dataset.length > config.HEALTHGUARD_MAX_INLINE_ROWS) {
          throw new AppError(
            'INVALID_PAYLOAD',
            `inline datasets are limited to ${config.HEALTHGUARD_MAX_INLINE_ROWS} rows; submit a job to POST /api/v1/healthguard/jobs`,
          );
        }
        const report = runtime
          ? await runtime.pool.run({
              kind: 'rows',
              rows: payload.dataset,
              threshold: limits.flag,
            })
          : analyzeDataset(payload.dataset, { threshold: limits.flag, scanner });
        const findings: Finding[] = [
          ...report.trigger_phrases.map(
            (t): Finding => ({
              type: 'backdoor_trigger',
              // Chance could give a phrase this pure on this many rows: reported, not asserted. Either
              // count below 1 (by the carriers' content, or by the label's share) rules chance out.
              severity: Math.min(t.expected_by_chance, t.base_rate_chance) < 1 ? 'high' : 'medium',
              confidence: t.score,
              message: `"${t.phrase}" appears in ${t.support} rows, ${Math.round(t.purity * 100)}% labelled "${t.label}"${Math.min(t.expected_by_chance, t.base_rate_chance) < 1 ? '' : ` (about ${t.expected_by_chance} phrases this pure expected by chance on this data)`}`,
              evidence: t.phrase,
              data: { carrier_ids: t.carrier_ids.slice(0, 50) },
            }),
          ),
          ...report.poisoned.slice(0, 100).map(
            (p): Finding => ({
              type: p.reasons[0]?.type ?? 'poisoned_row',
              severity: p.score >= 0.8 ? 'high' : 'medium',
              confidence: p.score,
              message: `row ${p.id}: ${p.reasons.map((r) => r.detail).join('; ')}`,
              data: { id: p.id },
            }),
          ),
        ];
        const score = report.poisoned[0]?.score ?? 0;
        return {
          verdict: report.poisoned_count > 0 ? 'flag' : 'allow',
          score: clamp01(score),
          findings,
          data: { mode: 'dataset', report } as HealthData,
        };
      }
      const samples = payload.samples ?? [{ id: 'text', content: payload.text ?? '' }];
      const { results, report } = analyzeSamples(samples, scanner, limits.flag, mitigation);
      // The audit rows are written off the verdict path; a failed write is logged, never fatal.
      stored.record({
        organizationId: ctx.organizationId ?? 'default',
        requestId: ctx.requestId,
        results,
        mitigation,
      });
      const findings: Finding[] = results
        .filter((r) => r.is_poisoned)
        .map((r) => ({
          type: 'poisoned_sample',
          severity: r.score >= 0.8 ? 'high' : 'medium',
          confidence: r.confidence,
          message: `sample ${r.id}: ${r.details.reasons.join('; ')}`,
          data: { id: r.id, reasons: r.details.reasons },
        }));
      const score = maxOf(
        results.map((r) => r.score),
        0,
      );
      const single = payload.samples === undefined ? results[0] : undefined;
      const transformed =
        single?.is_poisoned && mitigation !== 'flag' ? { text: single.content ?? '' } : undefined;
      return {
        verdict:
          report.poisoned_samples === 0
            ? 'allow'
            : score >= limits.block && mitigation === 'drop'
              ? 'block'
              : 'flag',
        score: clamp01(score),
        findings,
        ...(transformed ? { transformed } : {}),
        data: { mode: 'samples', results, report } as HealthData,
      };
    },
    async close() {
      await Promise.all([stored.close(), runtime?.close()]);
    },
  });
}

export type { TextThreatScanner } from './threats.js';
