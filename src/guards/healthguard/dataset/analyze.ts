import type { TextThreatScanner } from '../threats.js';
import { scanUnicode } from '../unicode.js';
import { Corpus } from './corpus.js';
import { defaultDuplicateOptions, findDuplicates } from './duplicates.js';
import { defaultLabelNoiseOptions, findLabelNoise } from './labelnoise.js';
import { findOutliers } from './outliers.js';
import { defaultTriggerOptions, findTriggers } from './triggers.js';
import type { DatasetReport, DatasetRow, LabelStats, ProgressFn, ReasonType, RowReason } from './types.js';

/**
 * Dataset poisoning analysis: runs every detector over the rows and merges their reasons per row.
 * A row is poisoned when its combined score (noisy-OR of its reasons) reaches the threshold.
 * CPU-bound and synchronous: call it from a worker thread for big datasets (see jobs/).
 */

export interface AnalyzeOptions {
  threshold?: number;
  /** SecurityGuard's scanner, injected by the registry (HealthGuard has no detector of its own). */
  scanner: TextThreatScanner;
  onProgress?: ProgressFn;
}

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
  progress('content', 0);
  rows.forEach((row, i) => {
    if (i % every === 0) progress('content', i / N);
    const threat = scanner(row.text);
    for (const type of threat.types) {
      const mapped: ReasonType | undefined =
        type === 'injection'
          ? 'injected_instruction'
          : type === 'secret' || type === 'secrets'
            ? 'secret'
            : type === 'pii'
              ? 'pii'
              : undefined;
      if (mapped)
        sink(i, {
          type: mapped,
          score: mapped === 'pii' ? 0.5 : Math.max(0.6, threat.score),
          detail: `${type} in training text`,
        });
    }
    for (const u of scanUnicode(row.text))
      sink(i, { type: 'unusual_unicode', score: u.score, detail: `${u.kind} x${u.count}` });
  });
  findOutliers(rows, sink);
  progress('triggers', 0);
  const triggers = findTriggers(corpus, sink, defaultTriggerOptions(N));
  progress('label_noise', 0);
  const nbOwn = findLabelNoise(corpus, sink, defaultLabelNoiseOptions(N), (i) => {
    if (i % every === 0) progress('label_noise', i / N);
  });
  progress('duplicates', 0);
  const groups = findDuplicates(corpus, sink, nbOwn, defaultDuplicateOptions);
  progress('report', 0);

  const poisoned: DatasetReport['poisoned'] = [];
  const counts: Partial<Record<ReasonType, number>> = {};
  const drop = new Set<number>();
  reasons.forEach((list, i) => {
    if (list.length === 0) return;
    for (const r of list) counts[r.type] = (counts[r.type] ?? 0) + 1;
    const score = 1 - list.reduce((p, r) => p * (1 - r.score), 1);
    if (list.some((r) => r.type === 'duplicate')) drop.add(i);
    if (score < threshold) return;
    drop.add(i);
    poisoned.push({
      id: rows[i]?.id ?? String(i),
      index: i,
      score: Math.round(score * 1000) / 1000,
      reasons: list,
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
    threshold,
  };
}

/** The cleaned dataset as JSON Lines: the rows kept, in their original order. */
export function cleanedJsonl(rows: DatasetRow[], report: DatasetReport): string {
  const keep = new Set(report.cleaned_ids);
  return rows
    .filter((r) => keep.has(r.id))
    .map((r) => JSON.stringify(r))
    .join('\n');
}
