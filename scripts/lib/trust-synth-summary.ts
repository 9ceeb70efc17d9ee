/**
 * Synthetic edited summaries for TrustGuard's summary (long-answer) block (TRUSTGUARD_SUMSYNTH=1),
 * made only from the training documents and their consistent summaries, after the task SummEdits
 * describes (a consistent summary turned inconsistent by editing one or a few words), never from its
 * inconsistent rows. A base is a consistent summary of the document (y = 0 in the real data, not
 * repeated here) or, with TRUSTGUARD_SUMSYNTH_BASE=both, two consecutive sentences of the document
 * copied (y = 0, added). Its edited twin (y = 1) changes one thing:
 * - num: a number replaced by another number of the document or by the same number with one digit
 *   changed;
 * - name: a capitalized name replaced by another name of the document the base does not write;
 * - roles: two names of the base exchanged;
 * - antonym: a word replaced by its opposite or a near neighbour (a small business word list:
 *   increase / decrease, year / quarter, million / billion ...);
 * - negation: "not" inserted after an auxiliary, or removed;
 * - word: a content word replaced by a content word of the document the base does not write,
 *   with the same ending (-ed, -ing, -s, -ly or none): a document word in the wrong place.
 * Rows keep the document's set and group (`origin`, `group`), so a fold or a left-out set drops the
 * rows made from its documents.
 */

import { splitSentences } from '../../src/text/sentences.js';
import { STOPWORDS } from '../../src/text/stopwords.js';
import { mulberry32 } from '../../src/util/prng.js';
import type { GroundedRow } from './trust-data.js';
import { hasDigit, isAlpha, isCap } from './trust-synth.js';

const SPACES = /\s+/;
export const SUMMARY_SYNTH_REGEXES: readonly RegExp[] = [SPACES];

const PAIRS: [string, string][] = [
  ['increase', 'decrease'],
  ['increased', 'decreased'],
  ['increases', 'decreases'],
  ['increasing', 'decreasing'],
  ['rise', 'fall'],
  ['rose', 'fell'],
  ['rising', 'falling'],
  ['higher', 'lower'],
  ['high', 'low'],
  ['up', 'down'],
  ['growth', 'decline'],
  ['grew', 'declined'],
  ['strong', 'weak'],
  ['stronger', 'weaker'],
  ['positive', 'negative'],
  ['profit', 'loss'],
  ['gain', 'loss'],
  ['gains', 'losses'],
  ['more', 'less'],
  ['above', 'below'],
  ['before', 'after'],
  ['first', 'last'],
  ['year', 'quarter'],
  ['annual', 'quarterly'],
  ['million', 'billion'],
  ['revenue', 'earnings'],
  ['sales', 'costs'],
  ['improved', 'worsened'],
  ['expand', 'reduce'],
  ['expanded', 'reduced'],
  ['record', 'weak'],
  ['significant', 'slight'],
  ['best', 'worst'],
  ['largest', 'smallest'],
  ['new', 'old'],
  ['buy', 'sell'],
  ['bought', 'sold'],
  ['acquired', 'sold'],
  ['approved', 'rejected'],
  ['accepted', 'rejected'],
  ['agreed', 'refused'],
  ['success', 'failure'],
  ['successful', 'unsuccessful'],
  ['expects', 'doubts'],
  ['optimistic', 'pessimistic'],
  ['confident', 'uncertain'],
  ['full', 'partial'],
  ['early', 'late'],
  ['earlier', 'later'],
  ['previous', 'next'],
  ['past', 'future'],
  ['short-term', 'long-term'],
  ['internal', 'external'],
  ['domestic', 'international'],
  ['maximum', 'minimum'],
  ['all', 'some'],
  ['always', 'never'],
  ['agree', 'disagree'],
  ['supports', 'opposes'],
  ['allowed', 'banned'],
  ['win', 'lose'],
  ['won', 'lost'],
];
const OPPOSITE = new Map<string, string>();
for (const [a, b] of PAIRS) {
  if (!OPPOSITE.has(a)) OPPOSITE.set(a, b);
  if (!OPPOSITE.has(b)) OPPOSITE.set(b, a);
}
const AUX = new Set([
  'is',
  'are',
  'was',
  'were',
  'will',
  'can',
  'has',
  'have',
  'had',
  'would',
  'should',
  'could',
]);
const NEG = new Set(['not', 'never']);

const PUNCT = '.,;:!?"\'()[]{}';
/** A token split into leading punctuation, core and trailing punctuation. */
function parts(w: string): [string, string, string] {
  let a = 0;
  let b = w.length;
  while (a < b && PUNCT.includes(w[a] ?? '')) a++;
  while (b > a && PUNCT.includes(w[b - 1] ?? '')) b--;
  return [w.slice(0, a), w.slice(a, b), w.slice(b)];
}
const core = (w: string): string => parts(w)[1];
const ending = (w: string): string =>
  w.endsWith('ing') ? 'ing' : w.endsWith('ed') ? 'ed' : w.endsWith('ly') ? 'ly' : w.endsWith('s') ? 's' : '';
const keepCase = (from: string, to: string): string =>
  isCap(from) ? (to[0] ?? '').toUpperCase() + to.slice(1) : to;
/** The token with its core replaced, punctuation kept. */
const replaceCore = (w: string, to: string): string => {
  const [a, , b] = parts(w);
  return `${a}${to}${b}`;
};

type Edit = 'num' | 'name' | 'roles' | 'antonym' | 'negation' | 'word';
const ALL_EDITS: readonly Edit[] = ['num', 'name', 'roles', 'antonym', 'negation', 'word'];
/** TRUSTGUARD_SUMSYNTH_KINDS=num,name,... limits the kinds of edit (all by default). */
const KINDS = (process.env.TRUSTGUARD_SUMSYNTH_KINDS ?? '').split(',').filter((k) => k.length > 0);
const EDITS: readonly Edit[] = KINDS.length > 0 ? ALL_EDITS.filter((k) => KINDS.includes(k)) : ALL_EDITS;

/** One edit of the base (its words), or undefined when the base offers none of that kind. */
function edit(
  kind: Edit,
  words: string[],
  doc: { nums: string[]; names: string[]; content: string[] },
  rand: () => number,
): string[] | undefined {
  const pickOf = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(rand() * xs.length)];
  const at = (pred: (w: string, i: number) => boolean): number[] =>
    words.map((w, i) => (pred(core(w), i) ? i : -1)).filter((i) => i >= 0);
  const baseLower = new Set(words.map((w) => core(w).toLowerCase()));
  const out = [...words];
  if (kind === 'num') {
    const i = pickOf(at((w) => hasDigit(w)));
    if (i === undefined) return undefined;
    const w = core(words[i] ?? '');
    const others = doc.nums.filter((n) => n !== w && !baseLower.has(n.toLowerCase()));
    let to = rand() < 0.5 ? pickOf(others) : undefined;
    if (!to) {
      const digits = [...w].map((c, k) => (c >= '0' && c <= '9' ? k : -1)).filter((k) => k >= 0);
      const k = pickOf(digits) ?? 0;
      const d = Number(w[k]);
      const nd = (d + 1 + Math.floor(rand() * 8)) % 10;
      to = w.slice(0, k) + String(nd === 0 && k === digits[0] ? 5 : nd) + w.slice(k + 1);
    }
    out[i] = replaceCore(words[i] ?? '', to);
    return out;
  }
  if (kind === 'name') {
    const i = pickOf(at((w, k) => k > 0 && isCap(w) && isAlpha(w) && !STOPWORDS.has(w.toLowerCase())));
    if (i === undefined) return undefined;
    const to = pickOf(doc.names.filter((n) => !baseLower.has(n.toLowerCase())));
    if (!to) return undefined;
    out[i] = replaceCore(words[i] ?? '', to);
    return out;
  }
  if (kind === 'roles') {
    const names = at((w, k) => k > 0 && isCap(w) && isAlpha(w) && !STOPWORDS.has(w.toLowerCase()));
    const first = names[0];
    const other = names.filter((k) => core(words[k] ?? '') !== core(words[first ?? 0] ?? '')).pop();
    const a = first;
    if (a === undefined || other === undefined) return undefined;
    out[a] = replaceCore(words[a] ?? '', core(words[other] ?? ''));
    out[other] = replaceCore(words[other] ?? '', core(words[a] ?? ''));
    return out;
  }
  if (kind === 'antonym') {
    const i = pickOf(at((w) => OPPOSITE.has(w.toLowerCase())));
    if (i === undefined) return undefined;
    const w = core(words[i] ?? '');
    out[i] = replaceCore(words[i] ?? '', keepCase(w, OPPOSITE.get(w.toLowerCase()) ?? w));
    return out;
  }
  if (kind === 'negation') {
    const negs = at((w) => NEG.has(w.toLowerCase()));
    const n = pickOf(negs);
    if (n !== undefined && rand() < 0.5) return out.filter((_, k) => k !== n);
    const i = pickOf(
      at((w, k) => AUX.has(w.toLowerCase()) && !NEG.has(core(words[k + 1] ?? '').toLowerCase())),
    );
    if (i === undefined) return undefined;
    const [pre, w, post] = parts(words[i] ?? '');
    out[i] = `${pre}${w}`;
    out.splice(i + 1, 0, `not${post}`);
    return out;
  }
  const i = pickOf(at((w) => isAlpha(w) && !isCap(w) && w.length > 3 && !STOPWORDS.has(w.toLowerCase())));
  if (i === undefined) return undefined;
  const w = core(words[i] ?? '');
  const to = pickOf(doc.content.filter((c) => ending(c) === ending(w) && !baseLower.has(c)));
  if (!to) return undefined;
  out[i] = replaceCore(words[i] ?? '', to);
  return out;
}

const PER_BASE = Number(process.env.TRUSTGUARD_SUMSYNTH_PER_BASE ?? 1);
const BASES = process.env.TRUSTGUARD_SUMSYNTH_BASE ?? 'summary';

/**
 * Edited twins of the consistent summaries (and, with TRUSTGUARD_SUMSYNTH_BASE=both, of copied
 * document sentences) of the given summary rows' documents.
 */
export function synthSummaryRows(rows: readonly GroundedRow[], seed = 43): GroundedRow[] {
  const rand = mulberry32(seed);
  const byDoc = new Map<string, GroundedRow[]>();
  for (const r of rows) {
    if (r.set !== 'summedits') continue;
    byDoc.set(r.group, [...(byDoc.get(r.group) ?? []), r]);
  }
  const out: GroundedRow[] = [];
  for (const [group, docRows] of byDoc) {
    const text = docRows[0]?.sources[0] ?? '';
    const docWords = text.split(SPACES).filter((w) => w.length > 0);
    const cores = docWords.map(core);
    const nums = [...new Set(cores.filter(hasDigit))];
    const names = [
      ...new Set(cores.filter((w, k) => k > 0 && isCap(w) && isAlpha(w) && !STOPWORDS.has(w.toLowerCase()))),
    ];
    const content = [
      ...new Set(
        cores
          .filter((w) => isAlpha(w) && !isCap(w) && w.length > 3 && !STOPWORDS.has(w.toLowerCase()))
          .map((w) => w.toLowerCase()),
      ),
    ];
    const doc = { nums, names, content };
    const bases: { words: string[]; copied: boolean }[] = docRows
      .filter((r) => r.y === 0)
      .map((r) => ({ words: r.text.split(SPACES).filter((w) => w.length > 0), copied: false }));
    if (BASES === 'both') {
      const sentences = splitSentences(text).map((s) => s.text);
      for (let k = 0; k + 1 < sentences.length && k < 6; k += 2) {
        const words = `${sentences[k]} ${sentences[k + 1]}`.split(SPACES).filter((w) => w.length > 0);
        if (words.length >= 25 && words.length <= 70) bases.push({ words, copied: true });
      }
    }
    bases.forEach((b, bi) => {
      if (b.copied)
        out.push({
          set: 'synthsum',
          origin: 'summedits',
          group,
          text: b.words.join(' '),
          sources: [text],
          y: 0,
        });
      for (let t = 0; t < PER_BASE; t++) {
        // Kinds in a random order: the first this base allows.
        const order = [...EDITS].sort(() => rand() - 0.5);
        for (const kind of order) {
          const e = edit(kind, b.words, doc, rand);
          if (!e || e.join(' ') === b.words.join(' ')) continue;
          out.push({
            set: 'synthsum',
            origin: 'summedits',
            group,
            text: e.join(' '),
            sources: [text],
            y: 1,
            synth: `${bi}:${kind}`,
          });
          break;
        }
      }
    });
  }
  return out;
}
