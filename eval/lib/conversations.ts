/**
 * Conversations for the ContextGuard drift model, built from ../shared/datasets (never copied):
 * - on-topic conversations are the sentences of one document read as user turns: SummEdits
 *   documents (8 business domains: news, earnings calls, chats, sales calls and e-mails,
 *   podcasts, meeting notes, science abstracts) and HaluEval QA knowledge (two linked Wikipedia
 *   paragraphs, so the conversation wanders from one subject to a related one)
 *   and HaluEval general answers (a chatbot's long answers to user requests, on every subject);
 *   a turn is one or more consecutive sentences of at least 60 characters, as a user message is;
 * - a switch conversation reads the first 2-5 turns of a document, then one off-topic turn:
 *   a real user request (HaluEval user queries, split in two halves by a hash) or the lead
 *   sentence of another document of the same source (Wikipedia to Wikipedia is the hard case).
 * - chat conversations (source begin_chats) are real user messages, BEGIN's dialogue turns grouped
 *   by the knowledge passage they were about (see chatDocuments); no prose filter applies to them;
 * - on-topic conversations are read only from prose documents: every turn must be whole sentences
 *   of text (it ends with . ! or ?, has no markup or code characters, does not end in a dangling
 *   list number). The chatbot answers include HTML pages, CSS, tables, forms, verse and enumerations
 *   cut at line breaks; their fragments ("margin: 0 auto; display: flex;", one line of a poem) are
 *   not user messages of a conversation, and they made up most false alarms of the first version.
 *   `{ proseOnly: false }` builds the first version's conversations (every document).
 */

import { splitSentences } from '../../src/text/sentences.js';
import { contentTerms } from '../../src/text/terms.js';
import { readJsonl } from './datasets.js';

export type ConvSource = 'summedits' | 'halueval_qa' | 'halueval_answers' | 'begin_chats';

export interface Conversation {
  source: ConvSource;
  domain: string;
  /** The document the conversation reads (its on-topic and switch conversations share it). */
  doc: string;
  turns: string[];
  /** Index of the first off-topic turn, or null for an on-topic conversation. */
  switchAt: number | null;
  switchKind?: 'user_request' | 'other_document';
}

const MAX_TURNS = 12;

const hash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** HaluEval paragraphs are joined without a space ("...century.First for Women..."). */
const paragraphs = (knowledge: string): string[] =>
  knowledge.split(/(?<=[a-z0-9)"'][.!?])(?=[A-Z])/).filter((p) => p.trim().length > 0);

const sentencesOf = (text: string): string[] =>
  splitSentences(text)
    .map((s) => s.text.trim())
    .filter((s) => s.length > 0);

interface Doc {
  source: ConvSource;
  domain: string;
  id: string;
  sentences: string[];
}

/** Consecutive sentences joined until a turn has at least MIN_TURN_CHARS characters. */
function turnsOf(sentences: string[]): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of sentences) {
    cur = cur ? `${cur} ${s}` : s;
    if (cur.length >= MIN_TURN_CHARS) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur && out.length > 0) out[out.length - 1] = `${out[out.length - 1]} ${cur}`;
  return out;
}

const MIN_TURN_CHARS = 60;

function documents(): Doc[] {
  const docs: Doc[] = [];
  const seen = new Set<string>();
  for (const r of readJsonl<{ doc_id: string; doc: string; domain: string }>(
    'hallucination/summedits.jsonl',
  )) {
    if (seen.has(r.doc_id)) continue;
    seen.add(r.doc_id);
    const sentences = turnsOf(r.doc.split(/\n+/).flatMap(sentencesOf));
    if (sentences.length >= 4) docs.push({ source: 'summedits', domain: r.domain, id: r.doc_id, sentences });
  }
  for (const r of readJsonl<{ id: string; knowledge: string }>('hallucination/halueval_qa_dev.jsonl')) {
    const sentences = turnsOf(paragraphs(r.knowledge).flatMap(sentencesOf));
    if (sentences.length >= 4) docs.push({ source: 'halueval_qa', domain: 'wikipedia', id: r.id, sentences });
  }
  for (const r of readJsonl<{ id: string; response: string }>('hallucination/halueval_general_dev.jsonl')) {
    const sentences = turnsOf(r.response.split(/\n+/).flatMap(sentencesOf));
    if (sentences.length >= 4)
      docs.push({ source: 'halueval_answers', domain: 'chat answer', id: String(r.id), sentences });
  }
  docs.push(...chatDocuments());
  return docs;
}

/**
 * Real user chat messages: BEGIN's dialogue turns (Wizard of Wikipedia and CMU-DoG), the user's
 * message of each row, grouped by the knowledge passage the exchange was about (case and spacing
 * ignored). Messages of one passage are on its topic, whichever dialogue they came from; they are
 * short, chatty and elliptic ("didn't he die young?"), unlike a document's next sentence. Turns are
 * the messages as written (no joining, no prose filter); a group needs three messages with a
 * content word. The domain is the corpus (Wikipedia topics or movie plots): a switch is drawn from
 * the other one, since two passages of one corpus may share a subject (two sections of one film).
 */
function chatDocuments(): Doc[] {
  const groups = new Map<string, { id: string; domain: string; messages: string[] }>();
  for (const r of readJsonl<{ id: string; knowledge: string; message: string }>(
    'hallucination/begin_dev.jsonl',
  )) {
    const key = r.knowledge.toLowerCase().replace(/\s+/g, ' ').trim();
    const message = r.message.replace(/\s+/g, ' ').trim();
    if (contentTerms(message).length === 0) continue;
    const g = groups.get(key) ?? {
      id: r.id,
      domain: r.id.startsWith('begin-cmu') ? 'movie chat' : 'wikipedia chat',
      messages: [],
    };
    if (!g.messages.includes(message)) g.messages.push(message);
    groups.set(key, g);
  }
  return [...groups.values()]
    .filter((g) => g.messages.length >= 3)
    .map((g) => ({ source: 'begin_chats' as const, domain: g.domain, id: g.id, sentences: g.messages }));
}

/** User requests with at least three content words, in the train or test half. */
function userRequests(half: 'train' | 'test'): string[] {
  return readJsonl<{ query: string }>('hallucination/halueval_general_dev.jsonl')
    .map((r) => r.query.trim())
    .filter((q) => contentTerms(q).length >= 3 && q.length <= 600)
    .filter((q) => ((hash(q) >>> 8) & 1) === (half === 'train' ? 0 : 1));
}

// Characters of markup, code, tables and forms; a run of underscores is a form's blank.
const NON_PROSE_RE = /[<>{}|[\]`#]|_{3}/;
const SENTENCE_END_RE = /[.!?]["')\u201d\u2019]?$/;
const DANGLING_NUMBER_RE = /(?:^|\s)\d{1,3}[.)]$/;

export const PROSE_REGEXES: RegExp[] = [NON_PROSE_RE, SENTENCE_END_RE, DANGLING_NUMBER_RE];

/** A turn that reads as a user's message: whole sentences of prose. */
export function isProseTurn(turn: string): boolean {
  const t = turn.trim();
  return SENTENCE_END_RE.test(t) && !NON_PROSE_RE.test(t) && !DANGLING_NUMBER_RE.test(t);
}

export function buildConversations(
  sources: ConvSource[],
  requestsHalf: 'train' | 'test',
  opts: { proseOnly?: boolean; allSwitches?: boolean; firstSwitch?: number } = {},
): Conversation[] {
  const proseOnly = opts.proseOnly ?? true;
  const docs = documents().filter(
    (d) =>
      sources.includes(d.source) &&
      (!proseOnly || d.source === 'begin_chats' || d.sentences.slice(0, MAX_TURNS).every(isProseTurn)),
  );
  const requests = userRequests(requestsHalf);
  const out: Conversation[] = [];
  const switchTo = (
    doc: Doc,
    k: number,
    kind: 'user_request' | 'other_document',
    salt: string,
  ): Conversation | null => {
    const history = doc.sentences.slice(0, k);
    let turn: string | undefined;
    if (kind === 'user_request')
      turn = requests[hash(`${doc.id}${salt}`) % Math.max(1, requests.length)] ?? '';
    else {
      // Another document of the same source, from another domain where the source has several.
      const candidates = docs.filter(
        (d) =>
          d.source === doc.source &&
          d.id !== doc.id &&
          (doc.source === 'halueval_qa' || doc.source === 'halueval_answers' || d.domain !== doc.domain),
      );
      const other = candidates[hash(`${doc.id}:other${salt}`) % Math.max(1, candidates.length)];
      turn = other?.sentences.find((s) => contentTerms(s).length >= 3);
    }
    if (turn === undefined) return null;
    return {
      source: doc.source,
      domain: doc.domain,
      doc: doc.id,
      turns: [...history, turn],
      switchAt: k,
      switchKind: kind,
    };
  };
  docs.forEach((doc, i) => {
    out.push({
      source: doc.source,
      domain: doc.domain,
      doc: doc.id,
      turns: doc.sentences.slice(0, MAX_TURNS),
      switchAt: null,
    });
    if (opts.allSwitches) {
      // Training: a switch after every 2-5 turns (from firstSwitch), of both kinds (eight per document, not one).
      for (let k = opts.firstSwitch ?? 2; k <= 5; k++) {
        if (doc.sentences.length <= k) continue;
        for (const kind of ['user_request', 'other_document'] as const) {
          const c = switchTo(doc, k, kind, k === 2 + (i % 4) ? '' : `:${k}`);
          if (c) out.push(c);
        }
      }
      return;
    }
    const k = 2 + (i % 4);
    if (doc.sentences.length <= k) return;
    const c = switchTo(doc, k, i % 2 === 0 ? 'user_request' : 'other_document', '');
    if (c) out.push(c);
  });
  return out;
}

/** Plain logistic regression by full-batch gradient descent on standardized features. */
export function fitLogistic(
  X: number[][],
  Y: number[],
  iterations = 1500,
  l2 = 1e-4,
): { w: number[]; b: number } {
  const F = X[0]?.length ?? 0;
  const mean = new Array<number>(F).fill(0);
  const sd = new Array<number>(F).fill(0);
  for (const x of X) for (let j = 0; j < F; j++) mean[j] = (mean[j] ?? 0) + (x[j] ?? 0) / X.length;
  for (const x of X)
    for (let j = 0; j < F; j++) sd[j] = (sd[j] ?? 0) + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2 / X.length;
  for (let j = 0; j < F; j++) sd[j] = Math.sqrt(sd[j] ?? 0) || 1;
  const Z = X.map((x) => x.map((v, j) => (v - (mean[j] ?? 0)) / (sd[j] ?? 1)));
  const w = new Array<number>(F).fill(0);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(F).fill(0);
    let gb = 0;
    for (let n = 0; n < Z.length; n++) {
      const x = Z[n] ?? [];
      let z = b;
      for (let j = 0; j < F; j++) z += (w[j] ?? 0) * (x[j] ?? 0);
      const d = 1 / (1 + Math.exp(-z)) - (Y[n] ?? 0);
      for (let j = 0; j < F; j++) g[j] = (g[j] ?? 0) + d * (x[j] ?? 0);
      gb += d;
    }
    for (let j = 0; j < F; j++) w[j] = (w[j] ?? 0) - ((g[j] ?? 0) / Z.length + l2 * (w[j] ?? 0));
    b -= gb / Z.length;
  }
  const raw = w.map((v, j) => v / (sd[j] ?? 1));
  return { w: raw, b: b - raw.reduce((s, v, j) => s + v * (mean[j] ?? 0), 0) };
}
