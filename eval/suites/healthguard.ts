/**
 * HealthGuard evaluation: poison clean_base_davidson.jsonl (trigger phrases in 1% of rows with a
 * forced label, 2% flipped labels, 0.5% duplicates with conflicting labels, 0.3% injected
 * instructions), run the dataset analysis, and report precision and recall of poisoned-row
 * detection per attack type and whether each trigger phrase is recovered, over several seeds.
 */

import { analyzeDataset } from '../../src/guards/healthguard/dataset/analyze.js';
import type { DatasetRow, ReasonType } from '../../src/guards/healthguard/dataset/types.js';
import { threatScanner } from '../../test/helpers/capabilities.js';
import { readJsonl } from '../lib/datasets.js';
import { fmt } from '../lib/metrics.js';
import { type Attack, poison, TRIGGERS } from '../lib/poison.js';

export const name = 'healthguard';

/** The detector reason that answers each attack. */
const REASON_FOR: Record<Attack, ReasonType[]> = {
  trigger: ['backdoor_trigger'],
  flip: ['label_noise'],
  duplicate_conflict: ['duplicate_conflict'],
  injection: ['injected_instruction'],
};

export async function run(): Promise<void> {
  const clean = readJsonl<DatasetRow>('poisoning/clean_base_davidson.jsonl');
  const seeds = (process.env.HEALTHGUARD_EVAL_SEEDS ?? '1,2,3').split(',').map(Number);
  const totals = new Map<string, { tp: number; fn: number; fp: number }>();
  let overall = { tp: 0, fp: 0, fn: 0 };
  for (const seed of seeds) {
    // The forced label rotates over the classes, so a trigger forcing the majority class is tested too.
    const classes = [...new Set(clean.map((r) => r.label ?? ''))].sort();
    const forcedLabel = classes[(seed - 1) % classes.length] ?? '';
    const { rows, truth } = poison(clean, seed, {
      triggerRate: 0.01,
      flipRate: 0.02,
      dupRate: 0.005,
      injectionRate: 0.003,
      forcedLabel,
    });
    const t0 = performance.now();
    const report = analyzeDataset(rows, { scanner: threatScanner });
    const ms = performance.now() - t0;
    const flagged = new Map(report.poisoned.map((p) => [p.id, p.reasons.map((r) => r.type)]));
    const line: string[] = [];
    for (const attack of Object.keys(REASON_FOR) as Attack[]) {
      const reasons = REASON_FOR[attack];
      let tp = 0;
      let fn = 0;
      let fp = 0;
      for (const [id, a] of truth) {
        if (a !== attack) continue;
        const r = flagged.get(id);
        if (r?.some((x) => reasons.includes(x))) tp++;
        else fn++;
      }
      // A detection of this attack's reason on a row that was not attacked this way.
      for (const [id, r] of flagged) if (r.some((x) => reasons.includes(x)) && truth.get(id) !== attack) fp++;
      const agg = totals.get(attack) ?? { tp: 0, fn: 0, fp: 0 };
      agg.tp += tp;
      agg.fn += fn;
      agg.fp += fp;
      totals.set(attack, agg);
      line.push(`${attack} P=${fmt(tp / Math.max(1, tp + fp))} R=${fmt(tp / Math.max(1, tp + fn))}`);
    }
    let tp = 0;
    for (const id of flagged.keys()) if (truth.has(id)) tp++;
    overall = { tp: overall.tp + tp, fp: overall.fp + flagged.size - tp, fn: overall.fn + truth.size - tp };
    const recovered = TRIGGERS.map(
      (t) => `${t}:${report.trigger_phrases.some((p) => p.phrase === t) ? 'yes' : 'no'}`,
    );
    const extra = report.trigger_phrases.filter((p) => !TRIGGERS.includes(p.phrase)).map((p) => p.phrase);
    console.log(
      `seed=${seed} forced=${forcedLabel} rows=${rows.length} attacked=${truth.size} flagged=${flagged.size} ${line.join(' | ')} | triggers ${recovered.join(' ')} other_phrases=${extra.length}${extra.length ? ` [${extra.slice(0, 5).join('; ')}]` : ''} | ${fmt(ms, 0)} ms`,
    );
  }
  console.log('--- all seeds');
  for (const [attack, a] of totals) {
    console.log(
      `${attack.padEnd(20)} precision=${fmt(a.tp / Math.max(1, a.tp + a.fp))} recall=${fmt(a.tp / Math.max(1, a.tp + a.fn))}`,
    );
  }
  console.log(
    `any_attack           precision=${fmt(overall.tp / Math.max(1, overall.tp + overall.fp))} recall=${fmt(overall.tp / Math.max(1, overall.tp + overall.fn))}`,
  );
}
