import {
  type AnyGuard,
  clamp01,
  defineGuard,
  type Finding,
  thresholdsFor,
  type Verdict,
} from '../contract.js';
import type { GuardDeps } from '../deps.js';
import { extractiveAnswer } from './extractive.js';
import { ground } from './grounding.js';
import {
  contradictedShare,
  groundedFeatures,
  groundedProbability,
  groundedRisk,
  loadTrustModel,
  residueIndices,
  riskScale,
  ungroundedDense,
  ungroundedProbability,
  ungroundedText,
} from './model.js';
import { detectPatterns } from './patterns.js';
import { restatedAnswer } from './restated.js';
import { type ClaimResult, type TrustData, type TrustPayload, trustPayloadSchema } from './schema.js';
import { combineRisk, recommendations, riskLevel, summarizeSignals } from './scoring.js';
import { riskSignals } from './signals.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const TRUSTGUARD_DESCRIPTION =
  'Groundedness of answers against sources, and hallucination risk signals without them.';

export interface TrustGuardOptions {
  flagThreshold: number;
  blockThreshold: number;
  supportThreshold: number;
}

/**
 * Where the models' trained decision points sit on the risk scale: the default
 * TRUSTGUARD_FLAG_THRESHOLD. The scale is fixed, so an operator's own thresholds move the verdict.
 */
const RISK_FLAG_POINT = 0.5;

/** Normalizes `sources` to `{id, text}`; bare strings get ids `s1`, `s2` ... */
const normalizeSources = (sources: TrustPayload['sources']): { id: string; text: string }[] =>
  (sources ?? [])
    .map((s, i) => (typeof s === 'string' ? { id: `s${i + 1}`, text: s } : s))
    .filter((s) => s.text.trim().length > 0);

function claimFinding(c: ClaimResult): Finding {
  const contradicted = c.label === 'contradicted';
  return {
    type: contradicted ? 'contradicted_claim' : 'unsupported_claim',
    category: 'groundedness',
    severity: contradicted ? 'high' : 'medium',
    confidence: clamp01(contradicted ? 0.8 : 1 - c.support),
    message: `${contradicted ? 'Contradicted' : 'Unsupported'} claim: ${c.issues.join('; ')}`,
    span: c.span,
    evidence: c.text.slice(0, 200),
    data: { evidence_passage: c.evidence },
  };
}

/** Evaluates an answer: groundedness against sources when given, hallucination risk signals always. */
export function evaluateTrust(
  payload: TrustPayload,
  opts: TrustGuardOptions,
): { risk: number; data: TrustData; findings: Finding[] } {
  const sources = normalizeSources(payload.sources);
  const question = payload.question ?? payload.context;
  const findings: Finding[] = [];
  let base = 0;
  let claims: ClaimResult[] = [];
  let groundedness: number | null = null;
  let claimsTotal = 0;
  const adviceKeys: string[] = [];
  const model = loadTrustModel();
  if (sources.length > 0) {
    const g = ground(payload.text, sources, payload.question, { supportThreshold: opts.supportThreshold });
    claims = g.claims;
    claimsTotal = g.claimsTotal;
    groundedness = g.groundedness;
    // The trained model turns the claim measurements into a calibrated probability of an answer
    // its sources do not support; without weights, the hard share mixed with the mean support.
    const x = groundedFeatures(g);
    base = model
      ? groundedRisk(
          groundedProbability(model, x, residueIndices(g, x)),
          model.grounded.threshold,
          RISK_FLAG_POINT,
          contradictedShare(g),
          model.grounded.median,
          extractiveAnswer(g) || restatedAnswer(g, payload.question),
        )
      : 1 - (0.5 * g.groundedness + 0.5 * g.meanSupport);
    for (const c of claims) {
      if (c.label !== 'supported') {
        findings.push(claimFinding(c));
        adviceKeys.push(c.label);
      }
    }
  }
  // With sources, figures and citations are checked against them, so only the other signals count.
  const signals = riskSignals(payload.text, question).filter(
    (s) =>
      sources.length === 0 ||
      !['unattributed_figure', 'unattributed_date', 'uncheckable_citation'].includes(s.type),
  );
  const patterns = detectPatterns(payload.text);
  // Without sources the ungrounded model reads the signals as features: they are not added again.
  if (sources.length === 0 && model) {
    const p = ungroundedProbability(
      model,
      ungroundedText(payload.text, question),
      ungroundedDense(signals, payload.text, question),
    );
    base = riskScale(p, model.ungrounded.threshold, RISK_FLAG_POINT, model.ungrounded.median);
  }
  const risk = combineRisk(base, sources.length === 0 && model ? [] : signals, patterns);
  for (const s of signals) {
    findings.push(s.finding);
    adviceKeys.push(s.type);
  }
  for (const p of patterns) {
    adviceKeys.push(p.pattern);
    findings.push({
      type: 'trust_pattern',
      category: p.pattern,
      severity: p.score >= 0.75 ? 'high' : p.score >= 0.5 ? 'medium' : 'low',
      confidence: p.score,
      message: `pattern '${p.pattern}' detected`,
      evidence: p.evidence[0],
      data: { evidence: p.evidence },
    });
  }
  const data: TrustData = {
    trust_score: round(1 - risk),
    overall_score: Math.round(risk * 100) / 10,
    risk_level: riskLevel(risk),
    mode: sources.length > 0 ? 'grounded' : 'ungrounded',
    groundedness: groundedness === null ? null : round(groundedness),
    claims,
    claims_total: claimsTotal,
    truncated: claimsTotal > claims.length,
    patterns,
    signals: summarizeSignals(signals),
    recommendations: recommendations(adviceKeys),
  };
  return { risk, data, findings };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function createTrustGuard(deps: Pick<GuardDeps, 'config'>): AnyGuard {
  const opts: TrustGuardOptions = {
    flagThreshold: deps.config.TRUSTGUARD_FLAG_THRESHOLD,
    blockThreshold: deps.config.TRUSTGUARD_BLOCK_THRESHOLD,
    supportThreshold: deps.config.TRUSTGUARD_SUPPORT_THRESHOLD,
  };
  return defineGuard({
    name: 'trustguard',
    description: TRUSTGUARD_DESCRIPTION,
    payloadSchema: trustPayloadSchema,
    check(payload, ctx) {
      const { risk, data, findings } = evaluateTrust(payload, opts);
      const limits = thresholdsFor(ctx, { flag: opts.flagThreshold, block: opts.blockThreshold });
      const verdict: Verdict = risk >= limits.block ? 'block' : risk >= limits.flag ? 'flag' : 'allow';
      return { verdict, score: round(risk), findings, data };
    },
  });
}
