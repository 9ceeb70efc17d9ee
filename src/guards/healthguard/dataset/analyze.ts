import { hiddenTextSummary } from '../../../text/hidden.js';
import type { TextThreatScanner } from '../threats.js';
import { combine, type RowSignals } from './combiner.js';
import { Corpus } from './corpus.js';
import { defaultDuplicateOptions, findDuplicates } from './duplicates.js';
import { type InstructionSignal, instructionSignal } from './instruction.js';
import { defaultLabelModelOptions, outOfFoldProbabilities } from './labelmodel.js';
import { type HealthModel, loadHealthModel } from './model.js';
import { findOutliers } from './outliers.js';
import { defaultTriggerOptions, findTriggers, PURE_NATS, phraseCohesion } from './triggers.js';
import type { DatasetReport, DatasetRow, LabelStats, ProgressFn, ReasonType, RowReason } from './types.js';

/**
 * Dataset poisoning analysis: runs every detector over the rows and merges their reasons per row.
 * A row is poisoned when the learned combiner's probability (model.weights.json) reaches its
 * threshold, or a strong reason (a secret, hidden Unicode, a conflicting duplicate) is present;
 * without a weights file, when the noisy-OR of its reasons reaches `threshold`.
 * CPU-bound and synchronous: call it from a worker thread for big datasets (see jobs/).
 */

export interface AnalyzeOptions {
  threshold?: number;
  /** SecurityGuard's scanner, injected by the registry (HealthGuard has no detector of its own). */
  scanner: TextThreatScanner;
  onProgress?: ProgressFn;
  /** The learned model; the committed one when absent, fixed rules when null. */
  model?: HealthModel | null;
  /** Receives each row's signals (for training the combiner). */
  onSignals?: (index: number, signals: RowSignals) => void;
}

/** Reasons strong enough to report a row on their own. */
const STRONG = new Set<ReasonType>(['secret', 'unusual_unicode', 'duplicate_conflict']);
/** An instruction signal from this level on is named as a reason (the combiner decides the row). */
const INSTRUCTION_REASON_MIN = 0.5;
/** Share of a phrase's carriers whose words point to another label, from which it is confirmed. */
const CONFIRMED_TRIGGER_SHARE = 0.7;
/** Cohesion (triggers.ts) from which a pure phrase of several words is a confirmed backdoor. */
const CONFIRMED_COHESION = 0.8;
/**
 * Instruction levels that report a row without the combiner, set by the share of clean rows of the
 * tune half of clean_base_davidson that reach them (the eval half is never read): the cue model
 * alone from 0.75 (12 of 6105 clean rows, 0.2%), and the cue model from 0.3 together with the
 * scanner from 0.9 on a sentence (4 of 6105). The model file's own cue level is set on the tuning
 * phrasings, which the cue model was trained on, so it is too high for phrasings it has not seen.
 */
export const CUE_ALONE = 0.75;
const AGREE_CUE = 0.3;
const AGREE_SCANNER = 0.9;
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Phases and their share of the progress bar, by measured cost. */
const PHASES: [string, number][] = [
  ['tokenize', 0.15],
  ['content', 0.15],
  ['triggers', 0.2],
  ['label_noise', 0.35],
  ['duplicates', 0.1],
  ['report', 0.05],
];

export function analyzeDataset(rows: DatasetRow[], options: AnalyzeOptions): DatasetReport {
  const threshold = options.threshold ?? 0.5;
  const { scanner } = options;
  const N = rows.length;
  let done = 0;
  const progress = (phase: string, fraction: number) => {
    if (!options.onProgress) return;
    let before = 0;
    let weight = 0;
    for (const [name, w] of PHASES) {
      if (name === phase) {
        weight = w;
        break;
      }
      before += w;
    }
    const percent = Math.min(100, Math.round((before + weight * fraction) * 1000) / 10);
    done = Math.max(done, Math.round(N * (before + weight * fraction)));
    options.onProgress({ phase, rowsDone: Math.min(N, done), rowsTotal: N, percent });
  };
  const every = Math.max(1, Math.floor(N / 20));

  const reasons: RowReason[][] = Array.from({ length: N }, () => []);
  const sink = (i: number, r: RowReason) => {
    const list = reasons[i];
    if (!list) return;
    // One reason per type per row: keep the strongest.
    const same = list.findIndex((x) => x.type === r.type);
    if (same < 0) list.push(r);
    else if ((list[same]?.score ?? 0) < r.score) list[same] = r;
  };

  progress('tokenize', 0);
  const corpus = new Corpus(rows);
  const model = options.model === undefined ? loadHealthModel() : options.model;
  progress('content', 0);
  const instruction: InstructionSignal[] = new Array(N);
  rows.forEach((row, i) => {
    if (i % every === 0) progress('content', i / N);
    const threat = scanner(row.text);
    for (const type of threat.types) {
      const mapped: ReasonType | undefined =
        type === 'secret' || type === 'secrets' ? 'secret' : type === 'pii' ? 'pii' : undefined;
      if (mapped)
        sink(i, {
          type: mapped,
          score: mapped === 'pii' ? 0.5 : Math.max(0.6, threat.score),
          detail: `${type} in training text`,
        });
    }
    const whole = threat.types.includes('injection') ? threat.score : 0;
    instruction[i] = instructionSignal(row.text, whole, scanner, model);
    for (const u of hiddenTextSummary(row.text))
      sink(i, { type: 'unusual_unicode', score: u.score, detail: `${u.kind} x${u.count}` });
  });
  findOutliers(rows, sink);
  progress('triggers', 0);
  const triggers = findTriggers(corpus, sink, defaultTriggerOptions(N));
  progress('label_noise', 0);
  const L = corpus.labels.length;
  // The label model must not learn a found backdoor: its phrases are masked out of their carriers,
  // so a carrier's label is judged by the rest of its words.
  const masked = maskTriggers(
    rows.map((r) => r.text),
    triggers.map((t) => t.phrase),
    triggers.flatMap((t) => t.carrier_ids),
    rows,
  );
  let counted = 0;
  const probs = outOfFoldProbabilities(
    corpus,
    defaultLabelModelOptions,
    // Rows arrive fold by fold, not in order: progress counts them.
    () => {
      counted++;
      if (counted % every === 0) progress('label_noise', counted / N);
    },
    masked,
  );
  const own = new Float64Array(N).fill(Number.NaN);
  const other = new Float64Array(N).fill(Number.NaN);
  const best = new Int32Array(N).fill(-1);
  for (let i = 0; i < N; i++) {
    const y = corpus.y[i] ?? -1;
    if (y < 0 || L < 2) continue;
    own[i] = probs[i * L + y] ?? Number.NaN;
    let o = 0;
    for (let l = 0; l < L; l++) {
      const p = probs[i * L + l] ?? 0;
      if (l !== y && p > o) {
        o = p;
        best[i] = l;
      }
    }
    other[i] = o;
  }
  // A phrase is a confirmed backdoor when most carriers it labels read, without it, like another
  // label: a planted trigger rides on random rows; a natural keyword's rows agree with their label.
  const confirmed = new Set<number>();
  const idIndex = new Map(rows.map((r, i) => [r.id, i]));
  for (const t of triggers) {
    const li = corpus.labels.indexOf(t.label);
    const carriers = t.carrier_ids.map((id) => idIndex.get(id) ?? -1).filter((i) => corpus.y[i] === li);
    const contradicted = carriers.filter((i) => (other[i] ?? 0) > (own[i] ?? 1)).length;
    // Or when it is a rare unit of several words on rows of only one label: when the forced label is
    // the majority one, most carriers read like it anyway and cannot contradict it.
    const unit =
      t.phrase.includes(' ') &&
      t.purity >= 0.999 &&
      phraseCohesion(t.phrase, t.support, corpus) >= CONFIRMED_COHESION;
    // Or when many carriers, all of one common label, are beyond what its share explains (the
    // carriers still read like random rows, triggers.ts): a single rare word forced onto the
    // majority label ("cb" on 50 of 5,000 tweets), which neither test above can see.
    const pure = t.base_rate_chance <= Math.exp(-PURE_NATS);
    if (carriers.length > 0 && (unit || pure || contradicted / carriers.length >= CONFIRMED_TRIGGER_SHARE))
      for (const i of carriers) confirmed.add(i);
  }
  progress('duplicates', 0);
  const groups = findDuplicates(corpus, sink, own, defaultDuplicateOptions);
  progress('report', 0);

  const poisoned: DatasetReport['poisoned'] = [];
  const counts: Partial<Record<ReasonType, number>> = {};
  const drop = new Set<number>();
  reasons.forEach((list, i) => {
    const sig = instruction[i] ?? { cue: 0, scanner: 0, evidence: '', addressed: false };
    const scoreOf = (t: ReasonType) => list.find((r) => r.type === t)?.score ?? 0;
    const signals: RowSignals = {
      trigger: scoreOf('backdoor_trigger'),
      cue: sig.cue,
      scanner: sig.scanner,
      pOwn: own[i] ?? Number.NaN,
      pOther: other[i] ?? Number.NaN,
      duplicateConflict: scoreOf('duplicate_conflict'),
      outlier: scoreOf('outlier'),
    };
    options.onSignals?.(i, signals);
    // The scanner alone is trusted from its strong level on (it fires on many ordinary offensive
    // tweets below it); the cue model from 0.5.
    const scanLevel = model?.combiner.strong.scanner ?? INSTRUCTION_REASON_MIN;
    // Two detectors that agree (the cue model sees an instruction somewhere, the scanner scores one
    // of the row's sentences as an injection) name the reason even when neither is strong alone.
    const agree = sig.cue >= AGREE_CUE && sig.scanner >= AGREE_SCANNER;
    // The cue model names the reason only on a row that names a machine reader (instruction.ts
    // MACHINE_READER); its probability still goes to the combiner as trained.
    const cueNamed = sig.addressed ? sig.cue : 0;
    const instructed = Math.max(cueNamed, sig.scanner >= scanLevel || agree ? sig.scanner : 0);
    if (instructed >= INSTRUCTION_REASON_MIN)
      sink(i, {
        type: 'injected_instruction',
        score: round(instructed),
        detail: `instruction to an AI: "${sig.evidence.slice(0, 120)}"`,
      });
    // A label the content contradicts, unless a trigger or an injected instruction explains the row.
    const explained = signals.trigger > 0 || instructed >= INSTRUCTION_REASON_MIN;
    if (!explained && signals.pOther > signals.pOwn)
      sink(i, {
        type: 'label_noise',
        score: round(1 - signals.pOwn),
        detail: `label "${corpus.labels[corpus.y[i] ?? 0]}" has out-of-fold probability ${signals.pOwn.toFixed(3)}; likely "${corpus.labels[best[i] ?? 0]}" (${signals.pOther.toFixed(3)})`,
      });
    if (list.length === 0) return;
    for (const r of list) counts[r.type] = (counts[r.type] ?? 0) + 1;
    if (list.some((r) => r.type === 'duplicate')) drop.add(i);
    // Strong reasons condemn a row alone; the rest go through the learned combiner.
    const st = model?.combiner.strong;
    const strong =
      list.some((r) => STRONG.has(r.type) && r.score >= 0.8) ||
      confirmed.has(i) ||
      cueNamed >= CUE_ALONE ||
      agree ||
      (st !== undefined &&
        (signals.trigger >= st.trigger || signals.cue >= st.cue || signals.scanner >= st.scanner));
    const score = model
      ? Math.max(combine(model.combiner, signals), strong ? 1 : 0)
      : 1 - list.reduce((p, r) => p * (1 - r.score), 1);
    const cut = model ? model.combiner.threshold : threshold;
    if (score < cut) return;
    drop.add(i);
    poisoned.push({
      id: rows[i]?.id ?? String(i),
      index: i,
      score: Math.round(score * 1000) / 1000,
      reasons: [...list].sort((a, b) => b.score - a.score),
    });
  });
  poisoned.sort((a, b) => b.score - a.score);

  const labelStats: Record<string, LabelStats> = {};
  rows.forEach((row, i) => {
    const key = row.label ?? '(none)';
    const s = labelStats[key] ?? { count: 0, share: 0, flagged: 0, mean_length: 0 };
    s.count++;
    s.mean_length += row.text.length;
    if (drop.has(i) && !(reasons[i] ?? []).every((r) => r.type === 'duplicate')) s.flagged++;
    labelStats[key] = s;
  });
  for (const s of Object.values(labelStats)) {
    s.mean_length = Math.round(s.mean_length / Math.max(1, s.count));
    s.share = Math.round((s.count / Math.max(1, N)) * 1000) / 1000;
  }
  progress('report', 1);
  return {
    total_rows: N,
    poisoned_count: poisoned.length,
    poisoned,
    trigger_phrases: triggers,
    label_stats: labelStats,
    duplicate_groups: groups.slice(0, 1000).map((g) => ({
      ids: g.rows.map((r) => rows[r]?.id ?? String(r)),
      labels: [...new Set(g.rows.map((r) => rows[r]?.label ?? ''))],
      conflicting: g.conflicting,
    })),
    counts_by_reason: counts,
    cleaned_ids: rows.filter((_, i) => !drop.has(i)).map((r) => r.id),
    threshold: model ? model.combiner.threshold : threshold,
  };
}

function maskTriggers(
  texts: string[],
  phrases: string[],
  carrierIds: string[],
  rows: DatasetRow[],
): string[] {
  if (phrases.length === 0) return texts;
  const carriers = new Set(carrierIds);
  const res = phrases.map(
    (p) => new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\W+')}\\b`, 'gi'),
  );
  return texts.map((t, i) => {
    if (!carriers.has(rows[i]?.id ?? '')) return t;
    let out = t;
    for (const re of res) out = out.replace(re, ' ');
    return out;
  });
}

/** The cleaned dataset as JSON Lines: the rows kept, in their original order. */
export function cleanedJsonl(rows: DatasetRow[], report: DatasetReport): string {
  const keep = new Set(report.cleaned_ids);
  return rows
    .filter((r) => keep.has(r.id))
    .map((r) => JSON.stringify(r))
    .join('\n');
}
