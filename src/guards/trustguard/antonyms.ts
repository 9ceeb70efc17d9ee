import { stem } from '../../text/stem.js';

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
];

const OPPOSITE = new Map<string, string[]>();
for (const [a, b] of PAIRS) {
  for (const [x, y] of [
    [stem(a), stem(b)],
    [stem(b), stem(a)],
  ] as const) {
    OPPOSITE.set(x, [...(OPPOSITE.get(x) ?? []), y]);
  }
}

/** Stemmed opposites of a stemmed word (empty when it has none). */
export const oppositesOf = (stemmed: string): readonly string[] => OPPOSITE.get(stemmed) ?? [];
