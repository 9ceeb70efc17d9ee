/**
 * The direction a number moves in its clause: "revenue rose 12%" (+1), "fell by 12%" (-1), "a 12%
 * decline" (-1), "12 points" (0). The same number with opposite directions in a claim and its
 * evidence is a changed fact ("up 12%" where the source says "down 12%"): a signed number.
 */

const UP =
  /^(?:rise|rises|rising|rose|risen|increase[sd]?|increasing|up|gain(?:s|ed|ing)?|gr[eo]w(?:s|n|ing)?|higher|jump(?:s|ed|ing)?|climb(?:s|ed|ing)?|surge[sd]?|surging|soar(?:s|ed|ing)?|boost(?:s|ed|ing)?|improve[sd]?|improving|expand(?:s|ed|ing)?|growth|added|adds|more|above)$/;
const DOWN =
  /^(?:fall|falls|falling|fell|fallen|decrease[sd]?|decreasing|down|drop(?:s|ped|ping)?|decline[sd]?|declining|lower|lose|loses|losing|lost|shr[iau]nk(?:s|ing)?|slump(?:s|ed|ing)?|plunge[sd]?|plunging|cut|cuts|slid|slide[s]?|sliding|dip(?:s|ped|ping)?|tumble[sd]?|tumbling|contract(?:s|ed|ing)?|reduce[sd]?|reducing|reduction|less|fewer|below)$/;

/** Words read on each side of the number, within its clause. */
const BEFORE = 4;
const AFTER = 2;
/** A clause ends at these: a direction word past them belongs to another figure. */
const CLAUSE_BREAK = /[,;:.!?()]/;

const WORD = /[a-z]+/g;

/** Every regular expression here, for the ReDoS test. */
export const DIRECTION_REGEXES: readonly RegExp[] = [UP, DOWN, CLAUSE_BREAK, WORD];

function directionOf(word: string): number {
  if (UP.test(word)) return 1;
  if (DOWN.test(word)) return -1;
  return 0;
}

/** Words of `text` between clause breaks, nearest first. */
function clauseWords(part: string, fromEnd: boolean, limit: number): string[] {
  const cut = fromEnd ? part.split(CLAUSE_BREAK).pop() : part.split(CLAUSE_BREAK)[0];
  const words = (cut ?? '').toLowerCase().match(WORD) ?? [];
  return (fromEnd ? words.reverse() : words).slice(0, limit);
}

/** +1, -1 or 0 for the number at [start, end) of `text`: the nearest direction word in its clause. */
export function changeDirection(text: string, start: number, end: number): number {
  for (const w of clauseWords(text.slice(Math.max(0, start - 80), start), true, BEFORE)) {
    const d = directionOf(w);
    if (d !== 0) return d;
  }
  for (const w of clauseWords(text.slice(end, end + 40), false, AFTER)) {
    const d = directionOf(w);
    if (d !== 0) return d;
  }
  return 0;
}
