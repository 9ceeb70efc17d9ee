/**
 * TrustGuard training and evaluation rows, read from ../shared/datasets at run time:
 * grounded (answer + sources, y = 1 when not supported) from HaluEval QA (right and hallucinated
 * answer per row), BEGIN (attributable vs not; Generic left out) and SummEdits (consistent vs
 * inconsistent summary, grouped by doc_id); ungrounded from HaluEval general.
 */

import { readJsonl } from '../../eval/lib/datasets.js';
import { testConfig } from '../../src/config.js';
import { extractiveAnswer } from '../../src/guards/trustguard/extractive.js';
import { ground } from '../../src/guards/trustguard/grounding.js';
import {
  contradictedShare,
  GROUNDED_FEATURES,
  groundedFeatures,
  residueIndices,
  ungroundedDense,
  ungroundedText,
} from '../../src/guards/trustguard/model.js';
import { restatedAnswer } from '../../src/guards/trustguard/restated.js';
import { riskSignals } from '../../src/guards/trustguard/signals.js';
import { DIMS, hashedIndices } from '../../src/text/hashed-ngrams.js';
import { contentTerms } from '../../src/text/terms.js';
import type { SparseExample } from './logreg.js';
import { type SynthDoc, synthRows } from './trust-synth.js';
import { synthSummaryRows } from './trust-synth-summary.js';

/** Share of the answer's content words found anywhere in the sources (the simple baseline). */
function wordOverlap(text: string, sources: readonly { text: string }[]): number {
  const src = new Set<string>();
  for (const s of sources) for (const t of contentTerms(s.text)) src.add(t);
  const words = contentTerms(text);
  return words.length === 0 ? 1 : words.filter((w) => src.has(w)).length / words.length;
}

export type GroundedSet = 'halueval' | 'begin' | 'summedits' | 'synthqa' | 'synthsum';

export interface GroundedRow {
  set: GroundedSet;
  /** Rows of one source document share a group (SummEdits doc_id; a HaluEval row's two answers). */
  group: string;
  text: string;
  sources: string[];
  question?: string;
  y: number;
  /** SummEdits: the kinds of edit made to the summary (entity_modification, antonym_swap ...). */
  editTypes?: string[];
  /** Synthetic rows (trust-synth.ts): the data set of the document they were made from. */
  origin?: GroundedSet;
  /** Synthetic rows: the item and, for a hallucinated twin, the kind of change. */
  synth?: string;
}

/**
 * Synthetic question-answer rows made from every set's documents (trust-synth.ts), on by default;
 * TRUSTGUARD_SYNTH=0 leaves them out. The evaluation drops those made from held-out documents.
 */
export const SYNTH = process.env.TRUSTGUARD_SYNTH !== '0';
/**
 * Synthetic edited summaries (trust-synth-summary.ts) made from the SummEdits documents' consistent
 * summaries, TRUSTGUARD_SUMSYNTH=1; the evaluation drops those made from held-out documents.
 */
export const SUMSYNTH = process.env.TRUSTGUARD_SUMSYNTH === '1';
/** Question-answer pairs made from each SummEdits document, and from each other knowledge text. */
const SYNTH_PER_DOC = Number(process.env.TRUSTGUARD_SYNTH_PER_DOC ?? 6);
const SYNTH_PER_KNOWLEDGE = Number(process.env.TRUSTGUARD_SYNTH_PER_KNOWLEDGE ?? 1);

/** The documents the synthetic rows are made from: one per HaluEval row, BEGIN knowledge, SummEdits doc. */
function synthDocs(rows: GroundedRow[]): SynthDoc[] {
  const seen = new Set<string>();
  const docs: SynthDoc[] = [];
  for (const r of rows) {
    const text = r.sources[0] ?? '';
    if (seen.has(text)) continue;
    seen.add(text);
    docs.push({
      origin: r.set,
      group: r.group,
      text,
      max: r.set === 'summedits' ? SYNTH_PER_DOC : SYNTH_PER_KNOWLEDGE,
    });
  }
  return docs;
}

export function groundedRows(): GroundedRow[] {
  const out: GroundedRow[] = [];
  for (const r of readJsonl<{
    id: string;
    knowledge: string;
    question: string;
    right_answer: string;
    hallucinated_answer: string;
  }>('hallucination/halueval_qa_dev.jsonl')) {
    out.push({
      set: 'halueval',
      group: r.id,
      text: r.right_answer,
      sources: [r.knowledge],
      question: r.question,
      y: 0,
    });
    out.push({
      set: 'halueval',
      group: r.id,
      text: r.hallucinated_answer,
      sources: [r.knowledge],
      question: r.question,
      y: 1,
    });
  }
  for (const r of readJsonl<{ id: string; knowledge: string; response: string; label: string }>(
    'hallucination/begin_dev.jsonl',
  )) {
    if (r.label === 'Generic') continue;
    out.push({
      set: 'begin',
      group: r.id,
      text: r.response,
      sources: [r.knowledge],
      y: r.label === 'Fully attributable' ? 0 : 1,
    });
  }
  for (const r of readJsonl<{
    doc_id: string;
    doc: string;
    summary: string;
    label: string;
    edit_types?: string[];
  }>('hallucination/summedits.jsonl')) {
    out.push({
      set: 'summedits',
      group: r.doc_id,
      text: r.summary,
      sources: [r.doc],
      y: r.label === 'consistent' ? 0 : 1,
      editTypes: r.edit_types ?? [],
    });
  }
  if (SYNTH) out.push(...synthRows(synthDocs(out)));
  if (SUMSYNTH) out.push(...synthSummaryRows(out));
  return out;
}

export interface GroundedExample extends SparseExample {
  row: GroundedRow;
  /** The baseline: share of the answer's content words found in the sources. */
  overlap: number;
  /** Share of the answer's claims contradicted outright (the guard's override). */
  contradicted: number;
  /** The answer is its evidence with words left out (extractive.ts) or restates the question around one source sentence (restated.ts): the guard's cap. */
  extractive: boolean;
}

/** TRUSTGUARD_NO_WORDNET=1 drops the WordNet measures (features and residue tags): the A/B switch. */
const NO_WORDNET = process.env.TRUSTGUARD_NO_WORDNET === '1';
/** TRUSTGUARD_DROP=name,name drops grounded features by name (zeroed, so their weights stay 0): A/B runs. */
const DROP = new Set((process.env.TRUSTGUARD_DROP ?? '').split(',').filter((x) => x.length > 0));

export function groundedExamples(rows: GroundedRow[]): GroundedExample[] {
  const supportThreshold = testConfig().TRUSTGUARD_SUPPORT_THRESHOLD;
  return rows.map((row) => {
    const sources = row.sources.map((text, i) => ({ id: `s${i + 1}`, text }));
    const g = ground(row.text, sources, row.question, { supportThreshold });
    if (NO_WORDNET) g.residue = g.residue.filter((w) => !w.startsWith('#wn:'));
    const overlap = wordOverlap(row.text, sources);
    const dense = groundedFeatures(g);
    // Zeroed features (WordNet, TRUSTGUARD_DROP) keep their weights at 0.
    GROUNDED_FEATURES.forEach((f, j) => {
      if ((NO_WORDNET && f.startsWith('wn_')) || DROP.has(f)) dense[j] = 0;
    });
    return {
      // The residue lexicon (long answers only; empty for the others).
      idx: residueIndices(g, dense),
      dense,
      y: row.y,
      weight: 1,
      row,
      overlap,
      contradicted: contradictedShare(g),
      extractive: extractiveAnswer(g) || restatedAnswer(g, row.question),
    };
  });
}

export interface GeneralRow {
  id: string;
  query: string;
  response: string;
  hallucination: boolean;
}

export function ungroundedExamples(): (SparseExample & { id: string })[] {
  return readJsonl<GeneralRow>('hallucination/halueval_general_dev.jsonl').map((r) => ({
    id: r.id,
    idx: hashedIndices(ungroundedText(r.response, r.query)),
    dense: ungroundedDense(riskSignals(r.response, r.query), r.response, r.query),
    y: r.hallucination ? 1 : 0,
    weight: 1,
  }));
}

export const UNGROUNDED_DIMS = DIMS;
