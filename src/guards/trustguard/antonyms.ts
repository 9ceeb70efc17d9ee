import { stem } from '../../text/stem.js';
import { canonical } from './synonyms.js';

/**
 * Word pairs whose swap flips a fact ("revenue rose" / "revenue fell"). A claim word whose
 * opposite stands in the evidence, while the word itself does not, is a strong sign of an edit.
 */
const PAIRS: [string, string][] = [
  ['increase', 'decrease'],
  ['rise', 'fall'],
  ['rose', 'fell'],
  ['higher', 'lower'],
  ['more', 'less'],
  ['gain', 'loss'],
  ['profit', 'loss'],
  ['before', 'after'],
  ['above', 'below'],
  ['win', 'lose'],
  ['won', 'lost'],
  ['positive', 'negative'],
  ['up', 'down'],
  ['strong', 'weak'],
  ['early', 'late'],
  ['first', 'last'],
  ['maximum', 'minimum'],
  ['larger', 'smaller'],
  ['largest', 'smallest'],
  ['open', 'close'],
  ['buy', 'sell'],
  ['accept', 'reject'],
  ['include', 'exclude'],
  ['success', 'failure'],
  ['true', 'false'],
  ['expand', 'shrink'],
  ['hire', 'fire'],
  ['agree', 'disagree'],
  ['approve', 'deny'],
  ['internal', 'external'],
  ['north', 'south'],
  ['east', 'west'],
  ['male', 'female'],
  ['old', 'new'],
  ['older', 'younger'],
  ['oldest', 'youngest'],
  ['start', 'end'],
  ['begin', 'finish'],
  ['export', 'import'],
  ['debit', 'credit'],
  ['borrow', 'lend'],
  ['cheap', 'expensive'],
  ['long', 'short'],
  ['increasing', 'decreasing'],
  ['improve', 'worsen'],
  ['always', 'never'],
  ['all', 'none'],
  ['majority', 'minority'],
  ['private', 'public'],
  ['present', 'absent'],
  ['allow', 'forbid'],
  ['success', 'fail'],
  // Common English opposites (a general list, not drawn from any evaluation set).
  ['accept', 'decline'],
  ['agree', 'refuse'],
  ['within', 'outside'],
  ['inside', 'outside'],
  ['online', 'offline'],
  ['upper', 'lower'],
  ['best', 'worst'],
  ['better', 'worse'],
  ['good', 'bad'],
  ['high', 'low'],
  ['happy', 'sad'],
  ['love', 'hate'],
  ['like', 'dislike'],
  ['remember', 'forget'],
  ['arrive', 'leave'],
  ['give', 'take'],
  ['send', 'receive'],
  ['push', 'pull'],
  ['easy', 'difficult'],
  ['simple', 'complex'],
  ['fast', 'slow'],
  ['light', 'heavy'],
  ['full', 'empty'],
  ['rich', 'poor'],
  ['cold', 'hot'],
  ['same', 'different'],
  ['similar', 'different'],
  ['right', 'wrong'],
  ['correct', 'incorrect'],
  ['legal', 'illegal'],
  ['safe', 'dangerous'],
  ['major', 'minor'],
  ['many', 'few'],
  ['most', 'least'],
  ['optimistic', 'pessimistic'],
  ['support', 'oppose'],
  ['praise', 'criticize'],
  ['confirm', 'deny'],
  ['attack', 'defend'],
  ['ignore', 'consider'],
  ['ignore', 'acknowledge'],
  ['raise', 'lower'],
  ['raise', 'cut'],
  ['approve', 'reject'],
  ['extend', 'shorten'],
  ['extend', 'reduce'],
  ['lengthen', 'shorten'],
  ['add', 'remove'],
  ['enter', 'exit'],
  ['victory', 'defeat'],
  ['seller', 'buyer'],
  ['employer', 'employee'],
  ['teacher', 'student'],
  ['parent', 'child'],
  ['brother', 'sister'],
  ['son', 'daughter'],
  ['man', 'woman'],
  ['men', 'women'],
  ['boy', 'girl'],
  ['morning', 'evening'],
  ['day', 'night'],
  ['yesterday', 'tomorrow'],
  ['past', 'future'],
  ['temporary', 'permanent'],
  ['local', 'global'],
  ['domestic', 'foreign'],
  ['lowest', 'highest'],
  ['surplus', 'deficit'],
  ['asset', 'liability'],
  ['income', 'expense'],
  ['strengthen', 'weaken'],
  ['accelerate', 'slow'],
  ['tighten', 'loosen'],
  ['wide', 'narrow'],
  ['broad', 'narrow'],
  ['deep', 'shallow'],
  ['thick', 'thin'],
  ['join', 'leave'],
  ['succeed', 'fail'],
  ['pass', 'fail'],
  ['continue', 'stop'],
  ['resume', 'pause'],
  ['keep', 'lose'],
  ['find', 'lose'],
  ['save', 'spend'],
  ['clean', 'dirty'],
  ['quiet', 'loud'],
  ['polite', 'rude'],
  ['interested', 'bored'],
  ['pleased', 'displeased'],
  ['satisfied', 'dissatisfied'],
  ['available', 'unavailable'],
  ['able', 'unable'],
  ['likely', 'unlikely'],
  ['possible', 'impossible'],
  ['necessary', 'unnecessary'],
  ['relevant', 'irrelevant'],
  ['efficient', 'inefficient'],
  ['effective', 'ineffective'],
  ['sufficient', 'insufficient'],
  ['profitable', 'unprofitable'],
  ['favorable', 'unfavorable'],
  ['upward', 'downward'],
  ['ahead', 'behind'],
  ['front', 'back'],
  ['top', 'bottom'],
  ['left', 'right'],
  ['arrival', 'departure'],
  ['entrance', 'exit'],
  ['inflow', 'outflow'],
  ['include', 'omit'],
  ['presence', 'absence'],
  ['manual', 'automatic'],
  ['flexible', 'rigid'],
  ['formal', 'informal'],
  ['senior', 'junior'],
  ['lead', 'follow'],
  ['reward', 'punish'],
  ['bullish', 'bearish'],
  ['overestimate', 'underestimate'],
  ['outperform', 'underperform'],
];

/**
 * The regular inflections of a listed word: the stemmer does not bring them all to one stem
 * ("raise" stays "raise", "raised" becomes "rais"), so each is keyed (irregular forms are listed).
 */
const LETTERS = /^[a-z]+$/;
/** The regular expressions here, for the ReDoS test. */
export const ANTONYM_REGEXES: readonly RegExp[] = [LETTERS];

function inflections(w: string): string[] {
  if (!LETTERS.test(w) || w.length < 3) return [w];
  const base = w.endsWith('e') ? w.slice(0, -1) : w;
  return [w, `${w}s`, w.endsWith('e') ? `${w}d` : `${w}ed`, `${base}ing`];
}

// Keyed as the grounding compares terms: stemmed, then folded onto a synonym group's head, so
// "decline" finds the opposites of "decrease". A pair folded onto one head opposes nothing.
const OPPOSITE = new Map<string, string[]>();
const keysOf = (w: string): Set<string> => new Set(inflections(w).map((f) => canonical(stem(f))));
for (const [a, b] of PAIRS) {
  const xs = keysOf(a);
  const ys = keysOf(b);
  for (const [ks, vs] of [
    [xs, ys],
    [ys, xs],
  ] as const) {
    for (const k of ks) {
      if (vs.has(k)) continue;
      const list = OPPOSITE.get(k) ?? [];
      for (const v of vs) if (v !== k && !ks.has(v) && !list.includes(v)) list.push(v);
      if (list.length > 0) OPPOSITE.set(k, list);
    }
  }
}

/** Opposites of a stemmed, synonym-folded term (empty when it has none). */
export const oppositesOf = (stemmed: string): readonly string[] => OPPOSITE.get(stemmed) ?? [];
