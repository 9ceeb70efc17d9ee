/**
 * TrustGuard evaluation.
 * 1. HaluEval QA: each row gives knowledge, a question, a right and a hallucinated answer; the
 *    guard checks each answer against the knowledge (as its only source). Positive = hallucinated.
 *    Accuracy at the configured flag threshold, and AUC of the risk score.
 * 2. HaluEval general: ChatGPT responses labelled hallucinated or not, checked without sources
 *    (the query as the question). AUC of the risk score, and the flag rate on each class.
 */
import { testConfig } from '../../src/config.js';
import { evaluateTrust, type TrustGuardOptions } from '../../src/guards/trustguard/index.js';
import { readJsonl } from '../lib/datasets.js';
import { addOutcome, auc, emptyConfusion, fmt, percentile, scores } from '../lib/metrics.js';

export const name = 'trustguard';

interface QaRow {
  knowledge: string;
  question: string;
  right_answer: string;
  hallucinated_answer: string;
}
interface GeneralRow {
  query: string;
  response: string;
  hallucination: boolean;
}

export async function run(): Promise<void> {
  const config = testConfig();
  const opts: TrustGuardOptions = {
    flagThreshold: config.TRUSTGUARD_FLAG_THRESHOLD,
    blockThreshold: config.TRUSTGUARD_BLOCK_THRESHOLD,
    supportThreshold: config.TRUSTGUARD_SUPPORT_THRESHOLD,
  };
  const times: number[] = [];
  const timed = (payload: Parameters<typeof evaluateTrust>[0]): number => {
    const t0 = performance.now();
    const r = evaluateTrust(payload, opts);
    times.push(performance.now() - t0);
    return r.risk;
  };

  const qa = readJsonl<QaRow>('hallucination/halueval_qa_dev.jsonl');
  const c = emptyConfusion();
  const pos: number[] = [];
  const neg: number[] = [];
  for (const row of qa) {
    const sources = [row.knowledge];
    const right = timed({ text: row.right_answer, sources, question: row.question });
    const wrong = timed({ text: row.hallucinated_answer, sources, question: row.question });
    neg.push(right);
    pos.push(wrong);
    addOutcome(c, right >= opts.flagThreshold, false);
    addOutcome(c, wrong >= opts.flagThreshold, true);
  }
  const s = scores(c);
  console.log(
    `halueval_qa (${qa.length} rows, ${qa.length * 2} answers): accuracy ${fmt(s.accuracy)}  AUC ${fmt(auc(pos, neg))}  ` +
      `precision ${fmt(s.precision)} recall ${fmt(s.recall)} F1 ${fmt(s.f1)} FPR ${fmt(s.fpr)}  (flag threshold ${opts.flagThreshold})`,
  );
  console.log(
    `  latency per answer: p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms`,
  );

  times.length = 0;
  const general = readJsonl<GeneralRow>('hallucination/halueval_general_dev.jsonl');
  const gp: number[] = [];
  const gn: number[] = [];
  const gc = emptyConfusion();
  for (const row of general) {
    const risk = timed({ text: row.response, question: row.query });
    (row.hallucination ? gp : gn).push(risk);
    addOutcome(gc, risk >= 0.25, row.hallucination);
  }
  const gs = scores(gc);
  console.log(
    `halueval_general (${general.length} responses, ${gp.length} hallucinated, no sources): AUC ${fmt(auc(gp, gn))}  ` +
      `at risk>=0.25 (medium+): recall ${fmt(gs.recall)} FPR ${fmt(gs.fpr)}`,
  );
  console.log(
    `  latency per response: p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms`,
  );
}
