import { countLanguageWords, spanWords, trimmedTo, WORD } from './language-words.js';
import type { Lexicons } from './ner/features.js';
import type { NerSpan } from './ner/model.js';
import type { NerToken } from './ner/tokenize.js';
import { PARTICLES } from './person.js';
import type { PiiEntity } from './types.js';

/**
 * Person names in German text. German writes every noun with a capital ("Der Vertrag wurde am
 * Montag ..."), so the tagger, trained on English, reads "Vertrag", "Buchhaltung" or "Sehr geehrte
 * Damen" as names: on eval/data/pii_german.jsonl 48 false names in 40 sentences. There is no German
 * labelled data in ../shared to train on, so in text that reads as German a tagged name must show
 * evidence besides its capitals: a title or cue before it ("Frau", "Herrn", "Hallo", "Mein Name
 * ist"), or a word of the name lists that is not right after an article ("Der Koch" is a cook).
 * The tagger's spans are first cut into runs of capitalized words ("Gespräch mit Frau Dr. Keller"
 * -> "Gespräch", "Frau Dr. Keller"; a name particle may sit inside a run, a line break may not), and
 * function words, days, months and greetings at either end of a run are trimmed
 * ("Montag von Herrn Thomas Wagner" -> "Thomas Wagner").
 */

/** Words that are German and not English: their share says the text is German. */
const GERMAN_WORDS = new Set(
  `der die das und ist nicht mit für von zu den dem des ein eine einen einem einer eines sie wir ich du er
  bitte wurde wurden sind auf auch bei nach aus über vom zum zur im am ihre ihr ihren ihrem ihrer sein seine
  seinen mein meine meinen dein deine haben habe hatte wird werden kann können könnten muss müssen soll
  sollte oder aber wenn dass weil noch schon sehr nur wie uns euch dieser diese dieses diesem diesen kein
  keine keinen heute morgen gestern danke vielen dank hallo liebe lieber grüße grüßen geehrte geehrter
  herzliche freundlichen zwischen gegen ohne durch unser unsere unseren gibt gab seit bis nächste nächsten
  hier dort jetzt immer wieder mehr sich mir mich dir dich ihm ihn ihnen wer wann warum welche welcher
  hat unserem unserer seiner seinem ihres meiner meinem deiner beim ins bereits leider gerne vielleicht
  natürlich etwas alle allen alles viele nichts worden
  waren gewesen geht kommt macht neue neuen ganz sondern denn doch nein dann danach damit dafür davon dazu
  zwei drei vier fünf jahre jahren woche wochen tage`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** Words never part of a German name at a span's edge: function words, greetings, days, months. */
const EDGE_WORDS = new Set([
  ...GERMAN_WORDS,
  ...`damen herren sehr guten tag abend morgen montag dienstag mittwoch donnerstag freitag samstag sonntag
  januar februar märz april mai juni juli august september oktober november dezember herr herrn frau
  fräulein dr prof mfg gruß tschüss hi`
    .split(/\s+/)
    .filter((w) => w !== ''),
]);

/** Articles and determiners: a capitalized word after one is a noun ("der Koch", "ihre Adresse"). */
const DETERMINERS = new Set(
  'der die das den dem des ein eine einen einem einer eines kein keine keinen mein meine unser unsere ihre ihr sein seine dieser diese dieses jeder jede'.split(
    ' ',
  ),
);

/** A title or cue right before a name (checked on the text before the span, lower-cased). */
const CUE_BEFORE =
  /(?:\b(?:herrn?|frau|fräulein|dr\.?|prof\.?|hallo|hi|liebe|lieber|name\s+ist|ich\s+bin|hier\s+ist|grüße|grüßen|gruß|bald|danke|unterschrift|ansprechpartner(?:in)?|kontakt|name)[\s,:]{1,3})$/u;

const UMLAUT = /[äöüßÄÖÜ]/;
/** Noun endings of German and not of English words longer than six letters ("Ausbildung", "Möglichkeit"). */
const GERMAN_SUFFIX = /(?:ung|ungen|keit|heit|schaft|schaften)$/;
const CAPITALIZED = /^\p{Lu}/u;
const SENTENCE_START = /(?:^|[.!?:;\n]\s{0,3})$/;
const PREVIOUS_WORD = /(?<![\p{L}])([\p{L}]{1,30})\s{1,3}$/u;

/** For the ReDoS test. */
export const GERMAN_PATTERNS: readonly RegExp[] = [
  CUE_BEFORE,
  WORD,
  PREVIOUS_WORD,
  UMLAUT,
  GERMAN_SUFFIX,
  CAPITALIZED,
  SENTENCE_START,
];

/**
 * The tagger's name, place and organization spans cut into runs of capitalized words: a lower-case
 * word other than a name particle, a line break, or punctuation other than an abbreviation's dot
 * ends a run. Address spans stay whole.
 */
export function capitalizedRuns(
  spans: readonly NerSpan[],
  tokens: readonly NerToken[],
  text: string,
  lex: Lexicons,
): NerSpan[] {
  const out: NerSpan[] = [];
  for (const span of spans) {
    if (span.kind === 'ADDR') {
      out.push(span);
      continue;
    }
    let first = -1;
    let last = -1;
    const close = () => {
      if (first >= 0) out.push({ ...span, start: tokens[first]!.start, end: tokens[last]!.end, first, last });
      first = -1;
    };
    for (let k = span.first; k <= span.last; k++) {
      const tok = tokens[k]!;
      const gap = k > span.first ? text.slice(tokens[k - 1]!.end, tok.start) : '';
      if (gap.includes('\n')) close();
      const word = tok.text;
      const dot = word === '.' && first >= 0 && tokens[k - 1]!.text.length <= 4;
      // "von" after a noun is a preposition ("Bewerbung von ..."): a particle goes on a run only
      // after a given name or another particle ("Ursula von der Leyen").
      const before = tokens[k - 1]?.text.toLowerCase() ?? '';
      const particle =
        first >= 0 &&
        k < span.last &&
        PARTICLES.has(word) &&
        (lex.given.has(before) || PARTICLES.has(before));
      if (CAPITALIZED.test(word) || dot || particle) {
        if (first < 0) first = k;
        if (!particle) last = k;
      } else close();
    }
    close();
  }
  return out;
}

/**
 * True when the text reads as German: at least three German function words or long words with a
 * German noun ending (fewer with an umlaut), more than English function words.
 */
export function readsAsGerman(text: string): boolean {
  // The first 200 words decide (a text's language does not change midway often enough to pay for more).
  const counts = countLanguageWords(
    text,
    (w) => GERMAN_WORDS.has(w) || (w.length > 6 && GERMAN_SUFFIX.test(w)),
  );
  if (counts === null) return false;
  const { own: german, english, words, head } = counts;
  const umlaut = UMLAUT.test(head);
  return (
    (german >= 3 || (german >= 2 && umlaut) || (german >= 1 && umlaut && words <= 6)) &&
    german > english &&
    german * 8 >= words
  );
}

/** The German-text filter over the person names found (other types pass through). */
export function germanPersons(text: string, found: PiiEntity[], lex: Lexicons): PiiEntity[] {
  const out: PiiEntity[] = [];
  for (const e of found) {
    if (e.type !== 'PERSON') {
      out.push(e);
      continue;
    }
    const kept = trimEdges(text, e);
    if (kept && named(text, kept, lex)) out.push(kept);
  }
  return out;
}

/** The span without function words, greetings, days, months and titles at its ends; null if none is left. */
const trimEdges = (text: string, e: PiiEntity): PiiEntity | null =>
  trimmedTo(text, e, spanWords(e), EDGE_WORDS);

/** Evidence for a name besides its capitals: a cue before it, or a listed name not after an article. */
function named(text: string, e: PiiEntity, lex: Lexicons): boolean {
  const before = text.slice(Math.max(0, e.start - 40), e.start).toLowerCase();
  if (CUE_BEFORE.test(before)) return true;
  const previous = PREVIOUS_WORD.exec(before)?.[1];
  if (previous !== undefined && DETERMINERS.has(previous)) return false;
  let words = 0;
  for (const m of e.value.matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (lex.given.has(w) || lex.surname.has(w)) return true;
    if (PARTICLES.has(w)) continue;
    if (!CAPITALIZED.test(m[0])) return false;
    words++;
  }
  // Two capitalized words in a row inside a sentence: German writes its adjectives in lower case,
  // so that is a name more often than a noun phrase ("von Ayşe Yılmaz"; "Neue Wege" opens a sentence).
  return words >= 2 && !SENTENCE_START.test(before);
}
