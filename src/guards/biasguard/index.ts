import { z } from 'zod';
import { loadWordLists } from '../../text/common-words.js';
import { clamp01, defineGuard, type Finding, thresholdsFor, type Verdict } from '../contract.js';
import type { GuardDeps } from '../deps.js';
import { analyzeBias, type CategoryDetail } from './detect.js';
import { equalitySuggestions } from './inclusive.js';
import { BIAS_CATEGORIES, type BiasCategory } from './lexicon.js';
import { loadBiasModel } from './model.js';
import { DEFAULT_ORGANIZATION, type PolicyEvaluation, PolicyStore } from './policy.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const BIASGUARD_DESCRIPTION =
  'Bias and fairness screening: stereotype generalizations, slurs, dehumanizing and hostile statements about groups, exclusionary wording, with organization policies and an audit trail.';

export const biasPayloadSchema = z.object({
  text: z.string().min(1),
  /** Only these categories count toward the verdict (all by default). */
  categories: z.array(z.enum(BIAS_CATEGORIES)).optional(),
  /** Adds retext-equality's rewrite suggestions (slower; never changes the verdict). */
  deep_language_check: z.boolean().default(false),
  /** Skip organization policies and their audit rows (dry runs). */
  apply_policies: z.boolean().default(true),
});

export interface BiasData {
  bias_detected: boolean;
  bias_score: number;
  bias_types: BiasCategory[];
  bias_details: Partial<Record<BiasCategory, CategoryDetail>>;
  mitigation_suggestions: string[];
  fairness_score: number;
  confidence: number;
  /** Findings found before the response cap (MAX_FINDINGS), and whether the list was cut. */
  findings_total: number;
  truncated: boolean;
  policy?: PolicyEvaluation;
}

export function createBiasGuard(deps: GuardDeps, options: { policies?: PolicyStore } = {}) {
  const { config } = deps;
  // One store per process, shared with the policy routes (module.ts) so their caches agree.
  const policies = options.policies ?? new PolicyStore(deps.db, config.BIASGUARD_POLICY_CACHE_MS);
  // Load the model and the known words (spelling.ts) at start-up, not on the first request.
  loadBiasModel();
  loadWordLists();
  return defineGuard({
    name: 'biasguard',
    description: BIASGUARD_DESCRIPTION,
    payloadSchema: biasPayloadSchema,
    async check(payload, ctx) {
      const limits = thresholdsFor(ctx, {
        flag: config.BIASGUARD_FLAG_THRESHOLD,
        block: config.BIASGUARD_BLOCK_THRESHOLD,
      });
      const analysis = analyzeBias(payload.text);
      const wanted = payload.categories ? new Set<string>(payload.categories) : undefined;
      const details = Object.fromEntries(
        Object.entries(analysis.categories).filter(([c]) => !wanted || wanted.has(c)),
      ) as Partial<Record<BiasCategory, CategoryDetail>>;
      const findings: Finding[] = analysis.findings.filter(
        (f) => !wanted || !f.category || wanted.has(f.category),
      );
      const score = wanted
        ? Math.max(0, ...Object.values(details).map((d) => d?.score ?? 0))
        : analysis.score;
      const types = (Object.entries(details) as [BiasCategory, CategoryDetail][])
        .filter(([, d]) => d.score >= limits.flag)
        .map(([c]) => c);
      if (payload.deep_language_check) {
        const extra = await equalitySuggestions(payload.text, config.BIASGUARD_DEEP_CHECK_TIMEOUT_MS);
        const seen = new Set(findings.map((f) => `${f.span?.start}:${f.span?.end}`));
        for (const f of extra) if (!seen.has(`${f.span?.start}:${f.span?.end}`)) findings.push(f);
      }
      let verdict: Verdict = score >= limits.block ? 'block' : score >= limits.flag ? 'flag' : 'allow';
      const suggestions = [
        ...new Set(
          findings
            .map((f) => (typeof f.data?.suggestion === 'string' ? f.data.suggestion : undefined))
            .filter((s): s is string => s !== undefined),
        ),
      ];
      if (findings.some((f) => f.type === 'exclusionary_language')) {
        suggestions.push('Prefer the inclusive alternatives listed in the exclusionary_language findings.');
      }
      const data: BiasData = {
        // The statement as a whole can be flagged with no group category named ("people from the
        // Middle East are all the same"), so detection follows the score, not the category list.
        bias_detected: score >= limits.flag,
        bias_score: score,
        bias_types: types,
        bias_details: details,
        mitigation_suggestions: suggestions,
        fairness_score: Math.round((1 - score) * 1000) / 1000,
        confidence: analysis.confidence,
        findings_total: analysis.findings_total,
        truncated: analysis.truncated,
      };
      if (payload.apply_policies) {
        const evaluation = await policies.evaluate(ctx.organizationId ?? DEFAULT_ORGANIZATION, analysis, {
          requestId: ctx.requestId,
          userId: ctx.userId,
        });
        if (evaluation) {
          data.policy = evaluation;
          // A policy can only tighten the verdict: deny blocks, review flags.
          if (evaluation.decision === 'deny') verdict = 'block';
          else if (evaluation.decision === 'review_required' && verdict === 'allow') verdict = 'flag';
          else if (evaluation.violations.length > 0 && verdict === 'allow') verdict = 'flag';
        }
      }
      return { verdict, score: clamp01(score), findings, data };
    },
  });
}

export { PolicyStore } from './policy.js';
