/**
 * `npx tsx scripts/injection-threshold-rules.ts <dump.json>...`: threshold rules compared on the
 * folds recorded by scripts/injection-threshold.ts (one dump per split): per rule, each attack
 * source's recall and each negative source's flagged rate when left out (means over fold seeds),
 * one column per dump, each as mean [per seed]. RULES=a,b picks rules; COMPACT=1 prints one table
 * per dump instead, sources x rules (means). Rule names and figures: scripts/train-injection.ts.
 */
import { readFileSync } from 'node:fs';
import { thresholdForFpr } from './injection-lr.js';
import type { Dump, Fold, Inner, Scores } from './injection-threshold.js';

const FLAG_TARGET = 0.01;
const FPR_TARGET = 0.008;

const fired = (s: Scores, t: number): number => {
  let hit = s.strong;
  for (const z of s.logits) if (z >= t) hit++;
  const n = s.logits.length + s.strong;
  return n === 0 ? 0 : hit / n;
};
/** The offset over the inner threshold that b needed to stay at `target`. */
const offsetOf = (inner: Inner, target: number): number =>
  thresholdForFpr(inner.scores.logits, target, inner.scores.strong) - inner.threshold;

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Exponential tail over a group's top rows: the logit at which `target` of the group would fire. */
function tailThreshold(s: Scores, target: number, share: number): number {
  const sorted = [...s.logits].sort((a, b) => b - a);
  const n = sorted.length + s.strong;
  const k = Math.max(5, Math.ceil(share * n));
  if (sorted.length <= k) return Number.NEGATIVE_INFINITY;
  const u = sorted[k] as number;
  const scale = mean(sorted.slice(0, k).map((z) => z - u));
  const pu = k / n;
  return pu <= target ? u : u + scale * Math.log(pu / target);
}

type Rule = (f: Fold, nested: Inner[]) => number;
const offsets = (nested: Inner[], target: number): number[] =>
  nested.map((i) => offsetOf(i, target)).filter(Number.isFinite);
const margin =
  (agg: (xs: number[]) => number, target: number): Rule =>
  (f, n) =>
    f.threshold + Math.max(0, agg(offsets(n, target)));
const absolutes = (nested: Inner[], target: number): number[] =>
  nested.map((i) => thresholdForFpr(i.scores.logits, target, i.scores.strong)).filter(Number.isFinite);
const tail =
  (share: number): Rule =>
  (f) =>
    Math.max(
      ...Object.entries(f.groups).map(([g, s]) =>
        tailThreshold(s, g.startsWith(' ') ? 0.015 : FPR_TARGET, share),
      ),
    );
const secondMax = (xs: number[]): number => [...xs].sort((a, b) => b - a)[1] ?? Number.NEGATIVE_INFINITY;

const rules: Record<string, Rule> = {
  base: (f) => f.threshold,
  'nested-mean@1%': margin(mean, FLAG_TARGET),
  'nested-median@1%': margin(median, FLAG_TARGET),
  'nested-max@1%': margin((xs) => Math.max(...xs), FLAG_TARGET),
  'nested-2ndmax@1%': margin(secondMax, FLAG_TARGET),
  'nested-mean@0.8%': margin(mean, FPR_TARGET),
  'nested-median@0.8%': margin(median, FPR_TARGET),
  // Absolute: the threshold each source needed while unseen (its inner model), not an offset
  // over the inner threshold, which carries that threshold's single-row noise.
  'abs-max': (f, n) => Math.max(f.threshold, ...absolutes(n, FLAG_TARGET)),
  'abs-2ndmax': (f, n) => Math.max(f.threshold, secondMax(absolutes(n, FLAG_TARGET))),
  'abs-median': (f, n) => Math.max(f.threshold, median(absolutes(n, FLAG_TARGET))),
  'abs-max@0.8%': (f, n) => Math.max(f.threshold, ...absolutes(n, FPR_TARGET)),
  'abs-max-only': (_f, n) => Math.max(...absolutes(n, FLAG_TARGET)),
  'abs-2ndmax-only': (_f, n) => secondMax(absolutes(n, FLAG_TARGET)),
  'offset+abs-max': (f, n) =>
    Math.max(f.threshold + Math.max(0, ...offsets(n, FLAG_TARGET)), ...absolutes(n, FLAG_TARGET)),
  'nested-max@0.8%': margin((xs) => Math.max(...xs), FPR_TARGET),
  'half-nested-max@1%': margin((xs) => 0.5 * Math.max(...xs), FLAG_TARGET),
  '3/4-nested-max@1%': margin((xs) => 0.75 * Math.max(...xs), FLAG_TARGET),
  'tail10%': tail(0.1),
  'tail20%': tail(0.2),
  'base+tail10%': (f, n) => Math.max(f.threshold, tail(0.1)(f, n)),
};

const dumps: Dump[] = process.argv.slice(2).map((p) => JSON.parse(readFileSync(p, 'utf8')) as Dump);
const pick = process.env.RULES?.split(',') ?? Object.keys(rules);
for (const name of process.env.COMPACT === '1' ? [] : pick) {
  const rule = rules[name];
  if (!rule) throw new Error(`no rule ${name}`);
  console.log(`\n== ${name} (columns: ${dumps.map((d) => `salt '${d.salt}'`).join(', ')})`);
  const first = dumps[0];
  if (!first) break;
  const keys = [...new Set(first.folds.map((f) => `${f.kind} ${f.source}`))].sort();
  for (const key of keys) {
    const cells = dumps.map((d) => {
      const vals = d.folds
        .filter((f) => `${f.kind} ${f.source}` === key)
        .map((f) => fired(f.scores, rule(f, d.nested[f.nested] ?? [])));
      return vals;
    });
    const [kind, source] = key.split(' ');
    const fmt = (v: number): string => (kind === 'attack' ? v.toFixed(3) : `${(100 * v).toFixed(2)}%`);
    const cell = (vs: number[]): string => `${fmt(mean(vs)).padStart(7)} [${vs.map(fmt).join(' ')}]`;
    console.log(
      `${kind === 'attack' ? 'recall ' : 'flagged'} ${(source ?? '').padEnd(24)} ${cells.map(cell).join('  ')}`,
    );
  }
  // How far each rule moved the threshold, mean over folds.
  const shift = dumps.map((d) =>
    mean(d.folds.map((f) => rule(f, d.nested[f.nested] ?? []) - f.threshold)).toFixed(2),
  );
  console.log(`mean threshold shift ${shift.join(' ')}`);
}

// Per dump, one table: sources x rules (the same figures, side by side).
if (process.env.COMPACT === '1') {
  for (const d of dumps) {
    console.log(`\nsalt '${d.salt}': ${pick.join(' | ')}`);
    const keys = [...new Set(d.folds.map((f) => `${f.kind} ${f.source}`))].sort();
    for (const key of keys) {
      const [kind, source] = key.split(' ');
      const cells = pick.map((name) => {
        const rule = rules[name] as Rule;
        const v = mean(
          d.folds
            .filter((f) => `${f.kind} ${f.source}` === key)
            .map((f) => fired(f.scores, rule(f, d.nested[f.nested] ?? []))),
        );
        return (kind === 'attack' ? v.toFixed(3) : `${(100 * v).toFixed(2)}%`).padStart(7);
      });
      console.log(`${(source ?? '').slice(0, 22).padEnd(22)} ${cells.join(' ')}`);
    }
  }
}
