import { DEMONYMS } from '../../text/demonyms.js';
import { stem } from '../../text/stem.js';

/**
 * A small synonym table for retrieval and term matching. Each group maps onto its first member
 * (after stemming), so "begin", "start" and "commence" count as the same term.
 */
const GROUPS: string[][] = [
  ['start', 'begin', 'commence', 'found', 'establish', 'launch', 'create'],
  ['big', 'large', 'huge', 'enormous', 'great'],
  ['small', 'little', 'tiny', 'minor'],
  ['buy', 'bought', 'purchase', 'acquire'],
  ['die', 'death', 'pass', 'decease'],
  ['born', 'birth'],
  ['movie', 'film', 'picture'],
  ['car', 'automobile', 'vehicle'],
  ['city', 'town', 'municipality'],
  ['country', 'nation', 'state'],
  ['job', 'occupation', 'profession', 'career', 'work'],
  ['writer', 'author', 'novelist'],
  ['singer', 'vocalist'],
  ['song', 'single', 'track'],
  ['album', 'record'],
  ['company', 'firm', 'corporation', 'business', 'enterprise'],
  ['show', 'series', 'programme', 'program'],
  ['wife', 'spouse', 'husband', 'married', 'marry'],
  ['quick', 'fast', 'rapid', 'swift'],
  // The stemmer leaves irregular forms alone ("rose", "grew", "fell"): they are listed, with the
  // verbs of a figure moving that direction.js reads as the same way.
  ['increase', 'rise', 'rose', 'risen', 'grow', 'grew', 'grown', 'growth', 'climb', 'jump', 'surge', 'soar'],
  [
    'decrease',
    'fall',
    'fell',
    'fallen',
    'decline',
    'drop',
    'reduce',
    'shrink',
    'shrank',
    'shrunk',
    'plunge',
    'slump',
    'tumble',
  ],
  ['locate', 'situate', 'base', 'headquarter'],
  ['use', 'utilize', 'employ'],
  ['show', 'demonstrate', 'display'],
  ['help', 'assist', 'aid'],
  ['win', 'won', 'victory'],
  ['lead', 'head', 'direct', 'chief'],
  ['american', 'us', 'usa'],
  ['british', 'uk', 'english'],
  ['doctor', 'physician'],
  ['kid', 'child', 'children'],
  ['build', 'construct', 'erect'],
  ['end', 'finish', 'conclude'],
  ['author', 'write', 'wrote', 'written', 'pen'],
  ['release', 'publish', 'issue'],
];

const CANONICAL = new Map<string, string>();
for (const group of GROUPS) {
  const head = stem(group[0] ?? '');
  for (const w of group) if (!CANONICAL.has(stem(w))) CANONICAL.set(stem(w), head);
}
// A country's people stand for the country ("Spanish hospitals" are "hospitals in Spain"); only
// one-word names, as terms are single words.
for (const d of DEMONYMS) {
  if (d.country.includes(' ')) continue;
  const head = CANONICAL.get(stem(d.country)) ?? stem(d.country);
  for (const w of [d.country, d.adjective, d.singular, d.plural])
    if (w && !w.includes(' ') && !CANONICAL.has(stem(w))) CANONICAL.set(stem(w), head);
}

/** Maps a stemmed term onto its synonym group's head (itself when it has none). */
export const canonical = (stemmed: string): string => CANONICAL.get(stemmed) ?? stemmed;
