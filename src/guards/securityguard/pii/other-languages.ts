import { isCommonWord } from '../../../text/common-words.js';
import { STOPWORDS } from '../../../text/stopwords.js';
import { isSpace } from '../../../text/whitespace.js';
import { countLanguageWords, type SpanWord, spanWords, trimmedTo, WORD } from './language-words.js';
import type { Lexicons } from './ner/features.js';
import { PARTICLES } from './person.js';
import type { PiiEntity } from './types.js';

/**
 * Person names in text that is not English. The tagger, trained on English, reads a capitalized
 * word it does not know as a name, and a sentence of another language opens with one: a verb
 * ("Skicka rapporten ...", "Lähetä raportti ...", "Zadzwoń do ..."), a courtesy ("Lütfen",
 * "Silakan", "Пожалуйста"); in Spanish, Portuguese, French and Italian the article or contraction
 * after it joins ("Llámame al ...", "Appelez le service", "Envíalo al correo de la"), because "al",
 * "le", "su" and "de la" are in the name lists as particles or short names. In such text a tagged
 * name is cut into runs of capitalized words (a particle may sit inside: "Juan de la Cruz"), loses
 * the function words at its ends, and a single word that opens a sentence must be in the name lists.
 * These languages capitalize names as English does, so a name inside a sentence is still found.
 */

/** Function and everyday words of the four languages that are not English words. */
const ROMANCE_WORDS = new Set(
  `el la los las del al que y en por para con es está están son una uno unos unas su sus mi mis tu tus
  pero como muy también más mañana hoy ayer gracias hola favor usted ustedes nosotros ella ellos aquí
  donde cuando porque si sí señor señora le les des du et est sont pour avec dans sur nous vous ils elle
  elles mais très aussi aujourd'hui demain hier merci bonjour madame monsieur je tu votre vos notre nos
  ce cette ces qui où au aux il che di della delle degli dei per non sono gli ci ti mio mia tuo tua suo sua
  anche molto oggi domani ieri grazie ciao buongiorno signor signora questo questa um uma não são pelo
  pela pelos pelas mais muito também hoje amanhã ontem obrigado obrigada olá você vocês nós ele eles
  seu sua nosso nossa isso esse essa aqui onde quando porque`
    .split(/\s+/)
    .filter((w) => w !== '' && !STOPWORDS.has(w)),
);

/** Words never at the edge of a name in these languages: articles, contractions, pronouns, conjunctions. */
const EDGE_WORDS = new Set(
  `el la los las lo del al de da do das dos di du des le les un una uno unos unas un une il gli su sus
  mi mis tu tus te me se nos y e o u et ou que qui a à en con por para pour avec dans sur per`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const LOWER_WORD = /^\p{Ll}{3,}$/u;
const UPPER = /\p{Lu}/u;
const ACCENT = /[áéíóúñçãõàèìòùâêîôû]/;
const CAPITALIZED = /^\p{Lu}/u;
const SENTENCE_START = /(?:^|[.!?:;¡¿\n]\s{0,3})$/;
const LETTER = /\p{L}/u;
/** A letter of a cased alphabet other than Latin: Cyrillic, Greek, Armenian, Georgian. */
const OTHER_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Georgian}]/u;

/** For the ReDoS test. */
export const OTHER_LANGUAGE_PATTERNS: readonly RegExp[] = [
  WORD,
  ACCENT,
  CAPITALIZED,
  SENTENCE_START,
  OTHER_SCRIPT,
  LETTER,
  LOWER_WORD,
  UPPER,
];

/**
 * True when the text reads as Spanish, Portuguese, French or Italian: at least two of their words
 * that English does not have (one with an accented letter in a short text), more than English
 * function words.
 */
export function readsAsRomance(text: string): boolean {
  const counts = countLanguageWords(text, (w) => ROMANCE_WORDS.has(w));
  if (counts === null) return false;
  const { own: romance, english, words, head } = counts;
  const accent = ACCENT.test(head);
  return (
    (romance >= 2 || (romance >= 1 && accent && words <= 8)) && romance > english && romance * 8 >= words
  );
}

/**
 * True when the text is in a language other than English, read from its lower-case words: more
 * than three in five of them, and at least three, outside the 10,000 most frequent English words
 * ("Silakan hubungi layanan pelanggan ..."). Only words between spaces count (an address or a URL
 * is no sentence), and the text must have capitals: the filter reads capitalized runs, and names
 * in all-lower-case text are the cue rules' business. Names, addresses and headings are
 * capitalized, so an English contact block does not read as foreign; English chat has mostly
 * frequent words. Text whose words are mostly in another cased alphabet (Cyrillic, Greek) is
 * foreign however short it is.
 */
export function readsAsForeign(text: string): boolean {
  const head = text.slice(0, 1500);
  if (!UPPER.test(head)) return false;
  let lower = 0;
  let unknown = 0;
  let otherScript = 0;
  let lettered = 0;
  // The tokens between white space, read by character codes (a split built an array of strings);
  // as with the split, leading white space counts as an empty first token.
  let words = head.length > 0 && isSpace(head.charCodeAt(0)) ? 1 : 0;
  for (let i = 0; i < head.length && words < 200; ) {
    if (isSpace(head.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < head.length && !isSpace(head.charCodeAt(end))) end++;
    words++;
    // A token starting with an upper-case ASCII letter or a digit is no lower-case word.
    const first = head.charCodeAt(i);
    if (LETTER.test(head[i] ?? '')) lettered++;
    if (first > 0x24f && OTHER_SCRIPT.test(head[i] ?? '')) otherScript++;
    if (!((first >= 65 && first <= 90) || (first >= 48 && first <= 57))) {
      const w = stripPunctuation(head.slice(i, end));
      if (LOWER_WORD.test(w)) {
        lower++;
        if (!isCommonWord(w)) unknown++;
      }
    }
    i = end;
  }
  // Text mostly in another alphabet (Cyrillic, Greek ...) is foreign however few its words: the
  // tagger, trained on English, reads its capitalized opening verb as a name ("Звоните по номеру").
  return (unknown >= 3 && unknown * 5 > lower * 3) || (otherScript >= 2 && otherScript * 2 > lettered);
}

const LEADING = new Set(['"', "'", '“', '‘', '(', '¿', '¡']);
const TRAILING = new Set(['"', "'", '”', '’', ')', '.', ',', '!', '?', ';', ':']);
/** A token without the quotes and punctuation around it; a loop, linear in the token. */
function stripPunctuation(token: string): string {
  let a = 0;
  let b = token.length;
  while (a < b && LEADING.has(token[a] as string)) a++;
  while (b > a && TRAILING.has(token[b - 1] as string)) b--;
  return token.slice(a, b);
}

/** The filter over the person names found (other types pass through). */
export function otherLanguagePersons(text: string, found: PiiEntity[], lex: Lexicons): PiiEntity[] {
  const out: PiiEntity[] = [];
  for (const e of found) {
    if (e.type !== 'PERSON') {
      out.push(e);
      continue;
    }
    for (const run of capitalizedRuns(text, e)) if (standsAlone(text, run, lex)) out.push(run);
  }
  return out;
}

/**
 * The span cut into runs of capitalized words ("Mañana viene María González" -> "Mañana", "María
 * González"); a particle stays inside a run ("Juan de la Cruz"), and function words at a run's ends
 * go ("Llámame al" -> "Llámame").
 */
function capitalizedRuns(text: string, e: PiiEntity): PiiEntity[] {
  const runs: SpanWord[][] = [];
  let run: SpanWord[] = [];
  for (const w of spanWords(e)) {
    if (CAPITALIZED.test(w.text) || (run.length > 0 && PARTICLES.has(w.lower))) run.push(w);
    else {
      runs.push(run);
      run = [];
    }
  }
  runs.push(run);
  const out: PiiEntity[] = [];
  for (const r of runs) {
    const kept = trimmedTo(text, e, r, EDGE_WORDS);
    if (kept) out.push(kept);
  }
  return out;
}

/** A single word that opens a sentence is a name only when the name lists hold it. */
function standsAlone(text: string, e: PiiEntity, lex: Lexicons): boolean {
  const words = [...e.value.matchAll(WORD)];
  if (words.length !== 1) return true;
  const w = e.value.toLowerCase();
  const before = text.slice(Math.max(0, e.start - 8), e.start);
  return !SENTENCE_START.test(before) || lex.given.has(w) || lex.surname.has(w);
}
