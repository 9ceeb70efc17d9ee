import type { DatasetReport, LabelStats, ReasonType, RowReason, TriggerPhrase } from '../dataset/types.js';

/**
 * The report of a dataset analysed in chunks, merged chunk by chunk and bounded in size whatever
 * the dataset size: counts are exact, lists (poisoned rows, triggers, duplicate groups) keep the
 * strongest entries up to a cap. It is the job's checkpoint, so it must stay small.
 */
export const MAX_POISONED = 2000;
const MAX_TRIGGERS = 50;
const MAX_GROUPS = 500;

export interface FileReport {
  total_rows: number;
  kept_rows: number;
  poisoned_count: number;
  /** The strongest poisoned rows (at most MAX_POISONED); `index` is the row number in the file. */
  poisoned: { id: string; index: number; score: number; reasons: RowReason[] }[];
  trigger_phrases: TriggerPhrase[];
  label_stats: Record<string, LabelStats>;
  duplicate_groups: { ids: string[]; labels: string[]; conflicting: boolean }[];
  /** Rows dropped as exact repeats of a row in an earlier chunk. */
  cross_chunk_duplicates: number;
  counts_by_reason: Partial<Record<ReasonType, number>>;
  threshold: number;
  chunks: number;
  chunk_rows: number;
  method: string;
}

export const emptyFileReport = (threshold: number, chunkRows: number): FileReport => ({
  total_rows: 0,
  kept_rows: 0,
  poisoned_count: 0,
  poisoned: [],
  trigger_phrases: [],
  label_stats: {},
  duplicate_groups: [],
  cross_chunk_duplicates: 0,
  counts_by_reason: {},
  threshold,
  chunks: 0,
  chunk_rows: chunkRows,
  method:
    'corpus-level detectors (triggers, label noise, near duplicates, outliers) run per chunk of rows; exact duplicates are found across the whole file',
});

/** Folds one chunk's report into the running one. `offset` is the file row number of the chunk's first row. */
export function mergeChunk(
  into: FileReport,
  chunk: DatasetReport,
  offset: number,
  kept: number,
  crossDuplicates: number,
): FileReport {
  into.total_rows += chunk.total_rows;
  into.kept_rows += kept;
  into.poisoned_count += chunk.poisoned_count;
  into.cross_chunk_duplicates += crossDuplicates;
  into.chunks += 1;
  into.poisoned = [...into.poisoned, ...chunk.poisoned.map((p) => ({ ...p, index: p.index + offset }))]
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_POISONED);
  for (const [type, n] of Object.entries(chunk.counts_by_reason) as [ReasonType, number][]) {
    into.counts_by_reason[type] = (into.counts_by_reason[type] ?? 0) + n;
  }
  if (crossDuplicates > 0) {
    into.counts_by_reason.duplicate = (into.counts_by_reason.duplicate ?? 0) + crossDuplicates;
  }
  const triggers = new Map(into.trigger_phrases.map((t) => [`${t.label}\u0000${t.phrase}`, t]));
  for (const t of chunk.trigger_phrases) {
    const key = `${t.label}\u0000${t.phrase}`;
    const seen = triggers.get(key);
    if (!seen) triggers.set(key, { ...t, carrier_ids: t.carrier_ids.slice(0, 20) });
    else {
      seen.support += t.support;
      seen.score = Math.max(seen.score, t.score);
      // Independent chunks would only add evidence: the smaller count is the cautious merge.
      seen.expected_by_chance = Math.min(seen.expected_by_chance, t.expected_by_chance);
      seen.base_rate_chance = Math.min(seen.base_rate_chance, t.base_rate_chance);
      seen.carrier_ids = [...seen.carrier_ids, ...t.carrier_ids].slice(0, 20);
    }
  }
  into.trigger_phrases = [...triggers.values()].sort((a, b) => b.score - a.score).slice(0, MAX_TRIGGERS);
  for (const [label, s] of Object.entries(chunk.label_stats)) {
    const t = into.label_stats[label] ?? { count: 0, share: 0, flagged: 0, mean_length: 0 };
    const count = t.count + s.count;
    t.mean_length = Math.round((t.mean_length * t.count + s.mean_length * s.count) / Math.max(1, count));
    t.count = count;
    t.flagged += s.flagged;
    into.label_stats[label] = t;
  }
  for (const s of Object.values(into.label_stats)) {
    s.share = Math.round((s.count / Math.max(1, into.total_rows)) * 1000) / 1000;
  }
  into.duplicate_groups = [...into.duplicate_groups, ...chunk.duplicate_groups].slice(0, MAX_GROUPS);
  return into;
}
