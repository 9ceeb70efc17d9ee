/** Shared shapes of the dataset analysis. */

export interface DatasetRow {
  id: string;
  text: string;
  label?: string | undefined;
}

/** The attack a reason points at; also the key of the per-attack evaluation. */
export type ReasonType =
  | 'backdoor_trigger'
  | 'label_noise'
  | 'duplicate'
  | 'duplicate_conflict'
  | 'outlier'
  | 'injected_instruction'
  | 'secret'
  | 'pii'
  | 'unusual_unicode';

export interface RowReason {
  type: ReasonType;
  /** 0..1: how strongly this reason alone suggests the row is poisoned. */
  score: number;
  detail: string;
}

/** Reasons per row index, filled by the detectors. */
export type ReasonSink = (index: number, reason: RowReason) => void;

export type ProgressFn = (progress: {
  phase: string;
  rowsDone: number;
  rowsTotal: number;
  percent: number;
}) => void;

export interface TriggerPhrase {
  phrase: string;
  label: string;
  support: number;
  purity: number;
  /** Mean share of the carriers whose other words point to a different label (0..1). */
  context_disagreement: number;
  score: number;
  /**
   * How many of the phrases tested would look this pure by chance (E-value): the phrases tested
   * times the content model's probability that every carrier has this label anyway. Below 1 the
   * labels are hard to explain without a planted trigger; on small data a natural word of the
   * majority label often sits at 2-20, while a trigger forcing that label can too.
   */
  expected_by_chance: number;
  /**
   * For a phrase on the majority label, how many of the phrases tested would put every carrier on
   * it by the label's share of the rows alone (phrases tested times share^carriers); 1 when a
   * carrier has another label, the label is not the majority, or the count exceeds 1.
   * Content aside: a planted trigger that forces the majority label on 50 random rows sits near
   * 1e-3, while its carriers read like that label and the content-based count above stays large.
   */
  base_rate_chance: number;
  carrier_ids: string[];
}

export interface LabelStats {
  count: number;
  share: number;
  flagged: number;
  mean_length: number;
}

export interface DatasetReport {
  total_rows: number;
  poisoned_count: number;
  poisoned: { id: string; index: number; score: number; reasons: RowReason[] }[];
  trigger_phrases: TriggerPhrase[];
  label_stats: Record<string, LabelStats>;
  duplicate_groups: { ids: string[]; labels: string[]; conflicting: boolean }[];
  counts_by_reason: Partial<Record<ReasonType, number>>;
  /** Row ids kept in the cleaned export (poisoned rows and repeated duplicates removed). */
  cleaned_ids: string[];
  threshold: number;
}
