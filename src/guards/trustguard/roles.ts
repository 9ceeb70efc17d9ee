import { stem } from '../../text/stem.js';
import { STOPWORDS } from '../../text/stopwords.js';
import { type Token, tokenize } from '../../text/tokenize.js';
import { type EntityFact, extractEntities } from './facts.js';
import { canonical } from './synonyms.js';

/**
 * Who did what to whom: "Acme acquired Beta Corp" read as (acme, buy, corp). Two named things
 * (or "the <word>" phrases) with one or two content words between them in one clause make a
 * triple; a passive ("Beta Corp was acquired by Acme": a form of "be" before the verb, "by" after
 * it) is read with its roles turned back, so it is the same triple. An answer whose triple stands
 * in its evidence with the two ends exchanged, and never the right way round, swaps the roles.
 * One pass over the tokens, only neighbouring anchors paired: linear in the text.
 */

/** The two ends and the relation of one triple, each a folded term (agent, relation, patient). */
export interface RoleTriple {
  agent: string;
  relation: string;
  patient: string;
}

const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being']);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'its', 'his', 'her', 'their']);
/** Relations whose two ends can trade places without changing the fact ("A married B"). */
const SYMMETRIC = new Set(
  [
    'marry',
    'married',
    'meet',
    'met',
    'play',
    'played',
    'face',
    'faced',
    'join',
    'joined',
    'tie',
    'tied',
    'draw',
    'drew',
    'partner',
    'partnered',
    'merge',
    'merged',
    'collaborate',
    'compete',
    'fight',
    'fought',
    'battle',
    'debate',
    'date',
    'dated',
    'divorce',
    'divorced',
    'versus',
    'vs',
    'neighbor',
    'neighbour',
    'border',
    'bordered',
    'resemble',
    'similar',
    'like',
    'alongside',
    'together',
  ].map((w) => canonical(stem(w))),
);
/** Tokens between two anchors and content words among them (the relation), at most. */
const LIMIT = { gap: 4, relation: 2 } as const;

/** A named thing or "the <word>": its head term and token index range [first, last]. */
interface Anchor {
  head: string;
  first: number;
  last: number;
}

/** A clause break between two offsets of `text` (a comma, semicolon, colon, bracket or quote). */
function breaks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (',;:()[]"“”'.includes(text[i] ?? '')) return true;
  return false;
}

/** The anchors of a sentence in order: named entities (by their last word) and "the <word>". */
function anchorsOf(tokens: readonly Token[], entities: readonly EntityFact[]): Anchor[] {
  const out: Anchor[] = [];
  let e = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    while (e < entities.length && (entities[e]?.end ?? 0) <= t.start) e++;
    const ent = entities[e];
    if (ent && t.start >= ent.start && t.start < ent.end) {
      let last = i;
      while (last + 1 < tokens.length && (tokens[last + 1]?.start ?? Infinity) < ent.end) last++;
      const head = ent.tokens[ent.tokens.length - 1] ?? '';
      if (head.length > 1) out.push({ head, first: i, last });
      i = last;
      e++;
      continue;
    }
    const next = tokens[i + 1];
    if (DETERMINERS.has(t.text) && next && !STOPWORDS.has(next.text) && next.text.length > 2) {
      out.push({ head: canonical(stem(next.text)), first: i, last: i + 1 });
      i++;
    }
  }
  return out;
}

/**
 * The role triples of one sentence (or claim); a caller that has already read its tokens and
 * named entities passes them.
 */
export function roleTriples(
  text: string,
  tokens: readonly Token[] = tokenize(text),
  entities: readonly EntityFact[] = extractEntities(text),
): RoleTriple[] {
  const anchors = anchorsOf(tokens, entities);
  if (anchors.length < 2) return [];
  const out: RoleTriple[] = [];
  for (let k = 1; k < anchors.length; k++) {
    const a = anchors[k - 1];
    const b = anchors[k];
    if (!a || !b || a.head === b.head) continue;
    const gap = b.first - a.last - 1;
    if (gap < 1 || gap > LIMIT.gap) continue;
    const from = tokens[a.last]?.end ?? 0;
    const to = tokens[b.first]?.start ?? 0;
    if (breaks(text, from, to)) continue;
    let be = false;
    const relation: string[] = [];
    for (let i = a.last + 1; i < b.first; i++) {
      const w = tokens[i]?.text ?? '';
      if (BE.has(w)) be = true;
      else if (!STOPWORDS.has(w) && w.length > 1) relation.push(canonical(stem(w)));
    }
    if (relation.length === 0 || relation.length > LIMIT.relation) continue;
    if (relation.some((r) => SYMMETRIC.has(r))) continue;
    const passive = be && tokens[b.first - 1]?.text === 'by';
    out.push({
      agent: passive ? b.head : a.head,
      relation: relation.join(' '),
      patient: passive ? a.head : b.head,
    });
  }
  return out;
}

export const tripleKey = (agent: string, relation: string, patient: string): string =>
  `${agent}\u0001${relation}\u0001${patient}`;

/** The keys of a passage's triples, for lookup. */
export const tripleKeys = (text: string): Set<string> =>
  new Set(roleTriples(text).map((t) => tripleKey(t.agent, t.relation, t.patient)));

/**
 * The first triple of the claim that the evidence states with its ends exchanged and never the
 * right way round (undefined when there is none).
 */
export function swappedRole(
  claim: readonly RoleTriple[],
  evidence: readonly Set<string>[],
): RoleTriple | undefined {
  for (const t of claim) {
    const same = tripleKey(t.agent, t.relation, t.patient);
    const swapped = tripleKey(t.patient, t.relation, t.agent);
    if (evidence.some((e) => e.has(same))) continue;
    if (evidence.some((e) => e.has(swapped))) return t;
  }
  return undefined;
}
