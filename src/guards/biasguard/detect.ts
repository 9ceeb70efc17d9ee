import { type Token, tokenize } from '../../text/tokenize.js';
import { clamp01, type Finding, type Severity } from '../contract.js';
import { type AttributedJudgment, attributedJudgments } from './attributed.js';
import { type LexiconSignals, normalizeForModel, zeroSignals } from './features.js';
import { aboutOnePerson } from './individual.js';
import {
  ANAPHORA,
  ANAPHORA_MAX_SENTENCES,
  type BiasCategory,
  COPULAS,
  DEHUMANIZING,
  DISTANCING,
  GROUP_TERMS,
  INCLUSIVE_ALTERNATIVES,
  INTENSIFIERS,
  MAX_GROUP_TERM_WORDS,
  NEUTRAL_PLURAL,
  NEUTRAL_SINGULAR,
  PERSON_PLURALS,
  QUANTIFIERS,
  SLURS,
  STEREOTYPE_ASSOCIATIONS,
  TRAITS,
  WEAK_GROUP_TERMS,
} from './lexicon.js';
import { type BiasModel, biasLogit, calibrated, FLAG_POINT, loadBiasModel, scaleOf } from './model.js';
import { nameGroup } from './names.js';
import { matchedWord, profanityMatches } from './profanity.js';
import { BIAS_WORDS, firstHitFrom, type Mention, type Scan, scan, WINDOW_TOKENS, windowOf } from './scan.js';
import { respellGroupTerms } from './spelling.js';
import {
  addresseeCondemned,
  clauseEnd,
  condemnedClaim,
  embracedAfter,
  endorsedSpeech,
  entitledInLaw,
  isNegator,
  pastReport,
  protectedClaim,
  quotedClaimCondemned,
  REPORTING,
  rateClaim,
  rejectedClaim,
  STANCE_CAP,
  selfIdentified,
  supportClaim,
  underNo,
} from './stance.js';
import { isMajorityTerm } from './targets.js';

/**
 * The BiasGuard detector: finds group mentions and scores each by the stereotype, hostility and
 * dehumanization signals around it in its sentence, checks slurs anywhere, and runs a
 * counterfactual (the group term swapped for a neutral one) to tell a claim about a group from a
 * neutral mention.
 */

export interface MentionScore {
  score: number;
  stereotype: number;
  hostile: number;
  dehumanizing: number;
  trait?: string;
  hostileKind?: string;
  associated: boolean;
  generalized: boolean;
  /** A trait or dehumanizing word about the group, denied by a negator ("X are not lazy"). */
  denied: boolean;
  /** The mention follows a verb of saying or believing in its sentence ("he said X are ..."). */
  reported: boolean;
}

export interface CategoryDetail {
  score: number;
  mentions: number;
  signals: string[];
}

/** Every phrase that is a whole-word start of one of `terms` (each term included). */
function wordPrefixes(terms: Iterable<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const term of terms) {
    const words = term.split(' ');
    for (let n = 1; n <= words.length; n++) out.add(words.slice(0, n).join(' '));
  }
  return out;
}

const GROUP_PREFIXES = wordPrefixes(GROUP_TERMS.keys());
const INCLUSIVE_PREFIXES = wordPrefixes(INCLUSIVE_ALTERNATIVES.keys());

/** Words after the copula that make a statement about every member of the group. */
const SWEEPING = new Set([
  'all',
  'always',
  'never',
  'just',
  'basically',
  'inherently',
  'naturally',
  'only',
  'nothing',
]);

const noisyOr = (xs: number[]): number => 1 - xs.reduce((p, x) => p * (1 - clamp01(x)), 1);

export const severityOf = (score: number): Severity =>
  score >= 0.85
    ? 'critical'
    : score >= 0.7
      ? 'high'
      : score >= 0.45
        ? 'medium'
        : score >= 0.2
          ? 'low'
          : 'info';

/** Characters of a possessive "'s" ending a token ("woman's"), 0 when there is none. */
const possessiveLength = (word: string): number =>
  word.length > 3 && (word.endsWith("'s") || word.endsWith('’s')) ? 2 : 0;

/**
 * Whether a plural possessive's apostrophe follows a term ("immigrants' kids"): the tokenizer leaves
 * it out of the token, and a stand-in must take "'s" for it ("some people's kids").
 */
const pluralOwnerAt = (text: string, end: number): boolean =>
  (text[end] === "'" || text[end] === '’') && !/\p{L}/u.test(text[end + 1] ?? '');

/** Words around a language's name: "speak Tamil", "translate it into Polish", "the Korean language". */
const LANGUAGE_BEFORE = new Set([
  'speak',
  'speaks',
  'spoke',
  'spoken',
  'speaking',
  'learn',
  'learns',
  'learning',
  'learned',
  'learnt',
  'into',
  'fluent',
]);
const LANGUAGE_AFTER = new Set([
  'language',
  'languages',
  'alphabet',
  'grammar',
  'dialect',
  'dialects',
  'subtitles',
]);

/**
 * Whether a one-person or qualifier term (tokens a..b) names a language here: "Tamils speak Tamil"
 * holds one group mention, not two (a second mention made such plain facts read as stereotypes).
 */
const namesALanguage = (tokens: Token[], a: number, b: number): boolean =>
  LANGUAGE_BEFORE.has(tokens[a - 1]?.text ?? '') || LANGUAGE_AFTER.has(tokens[b]?.text ?? '');

export function findMentions(tokens: Token[]): Mention[] {
  const mentions: Mention[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    // The phrases starting here, one to MAX_GROUP_TERM_WORDS words, built once and tried longest
    // first; a phrase that starts no group term ends the list (no longer one can be a term).
    // (One array reused for all tokens, emptied with `length = 0`, was ~10% slower on texts with
    // group mentions: V8 elides these short-lived arrays better than it shrinks one.)
    const phrases: string[] = [];
    // A possessive "'s" ends a term ("a woman's place"): the term is the word without it. (The
    // tokenizer already leaves a plural's bare apostrophe out: "muslims' loyalty".)
    let possessive = 0;
    for (let n = 1; n <= Math.min(MAX_GROUP_TERM_WORDS, tokens.length - i); n++) {
      const raw = tokens[i + n - 1]?.text ?? '';
      const owner = possessiveLength(raw);
      const w = owner > 0 ? raw.slice(0, raw.length - owner) : raw;
      const phrase = n === 1 ? w : `${phrases[n - 2]} ${w}`;
      if (
        !GROUP_PREFIXES.has(phrase) &&
        !(phrase.includes('-') && GROUP_PREFIXES.has(phrase.replaceAll('-', ' ')))
      )
        break;
      phrases.push(phrase);
      if (owner > 0) {
        possessive = owner;
        break;
      }
    }
    for (let n = phrases.length; n >= 1; n--) {
      const last = tokens[i + n - 1];
      const first = tokens[i];
      if (!first || !last || last.sentence !== first.sentence) continue;
      const phrase = phrases[n - 1] ?? '';
      const group =
        GROUP_TERMS.get(phrase) ??
        (phrase.includes('-') ? GROUP_TERMS.get(phrase.replaceAll('-', ' ')) : undefined);
      if (group && !group.generic && namesALanguage(tokens, i, i + n)) break;
      if (group) {
        // A qualifier followed by a person noun ("muslim men") names a whole group; so does a group
        // noun that is also a qualifier before "people" ("Roma people").
        const next = tokens[i + n];
        if (
          next &&
          next.sentence === first.sentence &&
          PERSON_PLURALS.has(next.text) &&
          (!group.generic || next.text === 'people')
        ) {
          mentions.push({
            term: `${phrase} ${next.text}`,
            group: { category: group.category, generic: true },
            a: i,
            b: i + n + 1,
            start: first.start,
            end: next.end,
          });
          matched = n + 1;
          break;
        }
        // Only the phrase that ends at the possessive word leaves its "'s" out of the span.
        const cut = n === phrases.length ? possessive : 0;
        mentions.push({ term: phrase, group, a: i, b: i + n, start: first.start, end: last.end - cut });
        matched = n;
        break;
      }
    }
    if (!matched) {
      // A back-reference inherits the category of the last group named within a few sentences.
      const t = tokens[i];
      const next = tokens[i + 1];
      const pair = t && next && next.sentence === t.sentence ? `${t.text} ${next.text}` : '';
      const key = ANAPHORA.has(pair) ? pair : t && ANAPHORA.has(t.text) ? t.text : '';
      const prev = mentions[mentions.length - 1];
      if (
        t &&
        key &&
        prev &&
        !prev.anaphoric &&
        t.sentence - (tokens[prev.a]?.sentence ?? 0) <= ANAPHORA_MAX_SENTENCES
      ) {
        const n = key === pair ? 2 : 1;
        const last = tokens[i + n - 1] ?? t;
        mentions.push({
          term: key,
          group: { category: prev.group.category, generic: true },
          a: i,
          b: i + n,
          start: t.start,
          end: last.end,
          anaphoric: true,
        });
        matched = n;
      }
    }
    i += matched || 1;
  }
  return mentions;
}

/**
 * A mention's own score from which it makes a claim of its own beside a stance (analyzeLexicon); a
 * majority group compared with ("more violent than white people") makes none.
 */
const OWN_CLAIM_SCORE = 0.3;

/** What a denied trait keeps of its weight. */
const NEGATED_SHARE = 0.25;
/** What denies a call right before it: "should not be [banned]", "must never be [deported]". */
/** A trait phrase that ends by measuring against a group: "articulate for a ", "smart for someone from the ". */
export const BACKHANDED_END = / for (?:an?|(?:someone|somebody|an? [a-z]{2,8}) from(?: the)?) $/;

export const NEGATED_CALL = /(?:\bnot|n't|\bnever|\bno longer)(?: all)? (?:be |been |get |ever be )?$/i;

/**
 * Scores one mention from the words of its sentence. `category` null scores a neutral stand-in
 * (the counterfactual): the structure counts, the group association does not.
 */
function scoreMention(s: Scan, m: Mention, category: BiasCategory | null, weak: boolean): MentionScore {
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const sentStartChar = tokens[sStart]?.start ?? m.start;
  const sentEndChar = tokens[sEnd - 1]?.end ?? m.end;

  // Attributes come before a group's name ("lazy immigrants"), never before a pronoun: what precedes
  // "they" belongs to the clause before ("X are not violent, they are peaceful").
  let before = m.anaphoric ? m.a : Math.max(sStart, m.a - 6);
  // Nor across clause punctuation: in "X are not dangerous, they are women" the trait is X's.
  for (let i = m.a; i > before; i--)
    if (/[,;:]/.test(s.text.slice(tokens[i - 1]?.end ?? 0, tokens[i]?.start ?? 0))) {
      before = i;
      break;
    }
  const after = Math.min(sEnd, m.b + 12);
  let quantified = false;
  for (let i = Math.max(sStart, m.a - 2); i < m.a; i++)
    if (QUANTIFIERS.has(tokens[i]?.text ?? '')) quantified = true;
  let copula = false;
  for (let i = m.b; i < Math.min(sEnd, m.b + 4); i++) if (COPULAS.has(tokens[i]?.text ?? '')) copula = true;
  let intensified = false;
  let trait = 0;
  let traitWord: string | undefined;
  let traitDenied = false;
  let dehumDenied = false;
  let reported = false;
  for (let i = sStart; i < m.a; i++) if (REPORTING.has(tokens[i]?.text ?? '')) reported = true;
  if (reported && endorsedSpeech(s, m)) reported = false;
  let associated = false;
  let dehum = 0;
  let distanced = false;
  for (let i = sStart; i < sEnd; i++) if (DISTANCING.has(tokens[i]?.text ?? '')) distanced = true;
  const assoc = category ? STEREOTYPE_ASSOCIATIONS[category] : undefined;
  // The first negator after the mention ("X are not lazy", "X aren't criminals"): a trait or
  // dehumanizing word past it is denied, not asserted, and keeps a small share (sarcasm).
  let negatedFrom = after;
  for (let i = m.b; i < after; i++) {
    if (isNegator(tokens[i]?.text ?? '')) {
      negatedFrom = i;
      break;
    }
  }
  // The negation ends where a new clause opens ("X have no manners, it's in their blood").
  const negationEnd =
    negatedFrom < after
      ? clauseEnd(s.text, tokens[negatedFrom]?.end ?? sentEndChar, sentEndChar)
      : sentEndChar;
  for (let i = before; i < after; i++) {
    if (i >= m.a && i < m.b) continue;
    const w = tokens[i]?.text ?? '';
    if (INTENSIFIERS.has(w)) intensified = true;
    const denied = i > negatedFrom && (tokens[i]?.start ?? 0) < negationEnd ? NEGATED_SHARE : 1;
    const d0 = DEHUMANIZING.get(w);
    const d = d0 === undefined ? undefined : d0 * denied;
    if (d !== undefined && d > dehum) {
      dehum = d;
      dehumDenied = denied < 1;
    }
    // A dehumanizing word is scored once, as dehumanization, not again as a trait.
    const v0 = d === undefined && !entitledInLaw(tokens, i) ? TRAITS.get(w) : undefined;
    const v = v0 === undefined ? undefined : v0 * denied;
    // Attributes before the term ("lazy immigrants") bind a little less than predicates after it.
    const weighted = v === undefined ? 0 : i < m.a ? v * 0.85 : v;
    if (weighted > trait) {
      trait = weighted;
      traitWord = w;
      traitDenied = denied < 1;
    }
    if (assoc?.has(w)) associated = true;
  }
  const negatedChar = tokens[negatedFrom]?.end ?? sentEndChar;
  const traitPhrases = s.traitPhrases;
  let phrasePredicate = false;
  let backhanded = false;
  for (let k = firstHitFrom(traitPhrases, sentStartChar); k < traitPhrases.length; k++) {
    const p = traitPhrases[k];
    if (!p || p.start >= sentEndChar) break;
    if (p.end > sentEndChar) continue;
    const weight = p.start >= negatedChar && p.start < negationEnd ? p.weight * NEGATED_SHARE : p.weight;
    if (weight > trait) {
      trait = weight;
      traitDenied = weight < p.weight;
      traitWord = p.text;
      // A phrase that opens right after the term is its predicate, verb and all ("X commit most of
      // the crime", "X often lie"), as a trait after a copula is.
      phrasePredicate = p.start >= m.end && p.start <= (tokens[m.b + 1]?.end ?? m.end);
      // "smart for a girl": praise measured against the group right after it judges the group.
      backhanded = p.end === m.start && BACKHANDED_END.test(p.text);
    }
    if (assoc) for (const w of p.text.split(/\s+/)) if (assoc.has(w)) associated = true;
  }
  let hostile = 0;
  let hostileKind: string | undefined;
  const hostileHits = s.hostile;
  const modal = tokens[m.b]?.text;
  const noneOf = underNo(s, m) && (modal === 'should' || modal === 'must');
  for (let k = firstHitFrom(hostileHits, sentStartChar); k < hostileHits.length; k++) {
    const h = hostileHits[k];
    if (!h || h.start >= sentEndChar) break;
    if (h.end > sentEndChar) continue;
    if (h.start >= m.start && h.end <= m.end) continue;
    // "X should not be banned", "X must never be deported": a call denied is a protection.
    // "No Muslim should be deported": the group under "no" is protected from the call.
    const denied = noneOf || NEGATED_CALL.test(s.text.slice(Math.max(0, h.start - 16), h.start));
    const weight = denied ? h.weight * NEGATED_SHARE : h.weight;
    if (weight > hostile) {
      hostile = weight;
      hostileKind = h.kind;
    }
  }
  const generalized = m.group.generic || quantified || backhanded;
  // "smart for a girl": after a backhanded compliment a weak term ("girl", "woman", "guy") stands
  // for every member of the group, as a plural would.
  const strength =
    (generalized ? 1 : 0.6) *
    (weak && !backhanded ? 0.55 : 1) *
    (m.anaphoric ? 0.8 : 1) *
    (distanced ? 0.4 : 1);
  const structure = copula || phrasePredicate || backhanded ? 1 : 0.6;
  // "X are all ...", "X are always ...": a sweeping claim about a group, even with a trait the
  // lexicon does not know, counts as a moderate generalization.
  let sweeping = false;
  if (generalized && copula) {
    for (let i = m.b; i < Math.min(sEnd, m.b + 4); i++)
      if (SWEEPING.has(tokens[i]?.text ?? '')) sweeping = true;
  }
  if (sweeping && trait < 0.5) {
    trait = Math.max(trait, 0.5);
    traitWord = traitWord ?? 'sweeping generalization';
  }
  let stereotype = trait * structure * strength * (intensified ? 1.15 : 1);
  if (associated && trait > 0 && !traitDenied) stereotype += 0.15 * strength;
  const out: MentionScore = {
    stereotype: clamp01(stereotype),
    hostile: clamp01(hostile * strength),
    dehumanizing: clamp01(dehum * strength),
    score: 0,
    associated,
    generalized,
    denied: traitDenied || dehumDenied,
    reported,
  };
  out.score = noisyOr([out.stereotype, out.hostile, out.dehumanizing]);
  if (traitWord) out.trait = traitWord;
  if (hostileKind) out.hostileKind = hostileKind;
  return out;
}

/** Swaps the mention for a neutral term of the same number and scores the stand-in. */
function counterfactual(text: string, m: Mention, s0: Scan): { text: string; score: number } {
  const { tokens } = s0;
  const neutral = m.group.generic ? NEUTRAL_PLURAL : NEUTRAL_SINGULAR;
  // Only the mention's window is rescanned: the rest of the text cannot change its score.
  const [a, b] = windowOf(s0, m);
  const from = tokens[a]?.start ?? m.start;
  const to = tokens[b - 1]?.end ?? m.end;
  const owner = pluralOwnerAt(text, m.end);
  const swapped =
    text.slice(from, m.start) + neutral + (owner ? "'s" : '') + text.slice(owner ? m.end + 1 : m.end, to);
  const at = m.start - from;
  const s = scan(swapped);
  const idx = s.tokens.findIndex((t) => t.start === at);
  if (idx < 0) return { text: swapped, score: 0 };
  const stand: Mention = {
    term: neutral,
    group: m.group,
    a: idx,
    b: idx + 1,
    start: at,
    end: at + neutral.length,
  };
  // A claim about "people" in general is not a claim about a group: it keeps half its weight.
  return { text: swapped, score: scoreMention(s, stand, null, false).score * 0.5 };
}

/** Rewrites a generalization into a claim about individuals: "some people" and no absolutes. */
function rewriteGeneralization(text: string, s: Scan, m: Mention): string {
  const sentence = s.tokens[m.a]?.sentence ?? 0;
  const inSent = s.tokens.slice(s.sentFirst[sentence] ?? m.a, s.sentEnd[sentence] ?? m.b);
  if (inSent.length > 2 * WINDOW_TOKENS) return '';
  const first = inSent[0];
  const last = inSent[inSent.length - 1];
  if (!first || !last) return '';
  let out = '';
  let cursor = first.start;
  for (const t of inSent) {
    if (t.start >= m.start && t.end <= m.end) {
      if (t.start === m.start) {
        out += text.slice(cursor, t.start) + (m.group.generic ? 'some people' : 'this person');
      }
      cursor = t.end;
      if (t.end === m.end && pluralOwnerAt(text, t.end)) {
        out += "'s";
        cursor++;
      }
      continue;
    }
    if (
      t.text === 'all' ||
      t.text === 'always' ||
      t.text === 'naturally' ||
      t.text === 'inherently' ||
      t.text === 'typical'
    ) {
      out += text.slice(cursor, t.start).replace(/\s+$/, '');
      cursor = t.end;
      continue;
    }
    out += text.slice(cursor, t.end);
    cursor = t.end;
  }
  return out.replace(/\s{2,}/g, ' ').trim();
}

const CATEGORY_LABEL: Record<BiasCategory, string> = {
  gender: 'gender',
  race_ethnicity: 'race or ethnicity',
  age: 'age',
  disability: 'disability',
  religion: 'religion',
  nationality: 'nationality',
  sexual_orientation: 'sexual orientation',
  socioeconomic: 'socioeconomic status',
  physical_appearance: 'physical appearance',
};

/** First words of the two-word slurs ("porch monkey"): only these start a pair worth looking up. */
const SLUR_PAIR_STARTS = new Set(
  [...SLURS.keys()].filter((k) => k.includes(' ')).map((k) => k.slice(0, k.indexOf(' '))),
);

function slurFindings(
  text: string,
  tokens: Token[],
): {
  findings: Finding[];
  byCategory: [BiasCategory, number][];
  profanity: number;
} {
  const findings: Finding[] = [];
  const byCategory: [BiasCategory, number][] = [];
  let prof = 0;
  const seen = new Set<number>();
  for (const match of profanityMatches(text)) {
    const word = matchedWord(match);
    const slur = SLURS.get(word);
    seen.add(match.startIndex);
    const span = { start: match.startIndex, end: match.endIndex + 1 };
    if (slur) {
      byCategory.push([slur.category, slur.severity]);
      findings.push({
        type: 'slur',
        category: slur.category,
        severity: severityOf(slur.severity),
        confidence: 0.9,
        message: `Slur targeting ${CATEGORY_LABEL[slur.category]}`,
        span,
        evidence: text.slice(span.start, span.end),
        data: { suggestion: 'Remove the slur or name the group respectfully.' },
      });
    } else {
      prof = Math.max(prof, 0.25);
    }
  }
  // Slurs obscenity's dataset does not know, matched as plain words and pairs.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || seen.has(t.start)) continue;
    const next = tokens[i + 1];
    const pair = next && SLUR_PAIR_STARTS.has(t.text) ? `${t.text} ${next.text}` : '';
    const hit = SLURS.get(pair) ?? SLURS.get(t.text);
    if (!hit) continue;
    const end = SLURS.has(pair) && next ? next.end : t.end;
    byCategory.push([hit.category, hit.severity]);
    findings.push({
      type: 'slur',
      category: hit.category,
      severity: severityOf(hit.severity),
      confidence: 0.85,
      message: `Slur targeting ${CATEGORY_LABEL[hit.category]}`,
      span: { start: t.start, end },
      evidence: text.slice(t.start, end),
      data: { suggestion: 'Remove the slur or name the group respectfully.' },
    });
  }
  return { findings, byCategory, profanity: prof };
}

function inclusiveFindings(text: string, tokens: Token[]): Finding[] {
  const findings: Finding[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrases: string[] = [];
    for (let n = 1; n <= Math.min(3, tokens.length - i); n++) {
      const w = tokens[i + n - 1]?.text ?? '';
      const phrase = n === 1 ? w : `${phrases[n - 2]} ${w}`;
      if (!INCLUSIVE_PREFIXES.has(phrase)) break;
      phrases.push(phrase);
    }
    for (let n = phrases.length; n >= 1; n--) {
      const first = tokens[i];
      const last = tokens[i + n - 1];
      if (!first || !last) continue;
      const phrase = phrases[n - 1] ?? '';
      const alternatives = INCLUSIVE_ALTERNATIVES.get(phrase);
      if (!alternatives) continue;
      findings.push({
        type: 'exclusionary_language',
        severity: 'info',
        confidence: 0.6,
        message: `"${text.slice(first.start, last.end)}" may exclude people; consider ${alternatives.map((a) => `"${a}"`).join(' or ')}`,
        span: { start: first.start, end: last.end },
        evidence: text.slice(first.start, last.end),
        data: { alternatives, rewrite: alternatives[0] },
      });
      i += n - 1;
      break;
    }
  }
  return findings;
}

/** Findings a response carries at most; the rest are counted (`findings_total`, `truncated`). */
export const MAX_FINDINGS = 100;

/** One scored group mention or slur, kept (as numbers only) for the classifier's chunk features. */
interface Signal {
  start: number;
  category: BiasCategory;
  stereotype: number;
  hostile: number;
  dehumanizing: number;
  slur: number;
  generic: boolean;
  majority: boolean;
  /** The lexicon's own score of this mention, for the per-category attribution. */
  score: number;
  /** A personal name (names.ts): the model reads it, the per-category attribution does not. */
  name?: boolean;
  /** The mention's trait or dehumanizing word is denied ("X are not lazy"). */
  denied?: boolean;
  /** The mention is reported speech or belief ("he said X are ..."). */
  reported?: boolean;
  /**
   * The mention's sentence only rejects a stereotype (rejectedClaim), says the group deserves
   * something good (supportClaim) or condemns a quoted claim (condemnedClaim). Read by the score cap
   * (onlyBenignStance), not by the model.
   */
  benignStance?: boolean;
}

/** Where a group is named (not a back-reference), for the model's group slot. */
export interface GroupSpan {
  start: number;
  end: number;
  majority: boolean;
}

export interface LexiconAnalysis {
  findings: Finding[];
  /** The group mentions in text order. */
  spans: GroupSpan[];
  /** Findings found before the cap. */
  findingsTotal: number;
  signals: Signal[];
  mentions: number;
  mentionCategories: Map<BiasCategory, number>;
  /** Judgments of one person drawn from their group (attributed.ts), in text order. */
  judgments: AttributedJudgment[];
}

/**
 * The lexicon pass: group mentions scored by the stereotype, hostility and dehumanization signals
 * of their sentence, slurs, and inclusive-language suggestions. One pass over the text; the costly
 * parts of a finding (counterfactual, rewrite) are built for the first MAX_FINDINGS only.
 */
export function analyzeLexicon(text: string): LexiconAnalysis {
  // Misspelt group terms ("w0m3n", "m u s l i m s", "immigrnts") are read as the terms.
  const tokens = respellGroupTerms(text, tokenize(text, BIAS_WORDS));
  const mentions = findMentions(tokens);
  const s = scan(text, tokens, mentions.length > 0);
  const findings: Finding[] = [];
  const signals: Signal[] = [];
  const mentionCategories = new Map<BiasCategory, number>();
  const spans: GroupSpan[] = [];
  let total = 0;
  const stanceSentences = new Set<number>();
  // The mentions whose own claim is the stance; another mention of a stance sentence shares it
  // only while it makes no damaging claim of its own ("X are not stupid, they are evil").
  const stanceMentions = new Set<Mention>();
  // Mentions in a past report of persecution: the hostile word is the report's, not the speaker's.
  const reportedPast = new Set<Mention>();
  mentions.forEach((m, k) => {
    // A rejection or support is the speaker's own; a condemned claim quotes someone else's.
    const past = pastReport(s, m);
    if (past) reportedPast.add(m);
    const own =
      past ||
      rejectedClaim(s, mentions, k) ||
      supportClaim(s, m) ||
      selfIdentified(s, mentions, k) ||
      rateClaim(s, m) ||
      protectedClaim(s, m);
    const condemned =
      !own && (condemnedClaim(s, m) || quotedClaimCondemned(s, m) || addresseeCondemned(s, m));
    if ((own || condemned) && !embracedAfter(s, m, condemned)) {
      stanceSentences.add(s.tokens[m.a]?.sentence ?? -1);
      stanceMentions.add(m);
    }
  });
  for (const m of mentions) {
    const majority = isMajorityTerm(m.term);
    if (!m.anaphoric) spans.push({ start: m.start, end: m.end, majority });
    mentionCategories.set(m.group.category, (mentionCategories.get(m.group.category) ?? 0) + 1);
    const weak = WEAK_GROUP_TERMS.has(m.term);
    const sc = scoreMention(s, m, m.group.category, weak);
    signals.push({
      start: m.start,
      category: m.group.category,
      stereotype: sc.stereotype,
      hostile: sc.hostile,
      dehumanizing: sc.dehumanizing,
      slur: 0,
      generic: sc.generalized,
      majority: isMajorityTerm(m.term),
      score: sc.score,
      denied: sc.denied,
      reported: sc.reported,
      benignStance:
        stanceSentences.has(s.tokens[m.a]?.sentence ?? -1) &&
        (stanceMentions.has(m) || majority || sc.score < OWN_CLAIM_SCORE || sc.denied),
    });
    if (sc.score < 0.15 || reportedPast.has(m)) continue;
    total++;
    if (findings.length >= MAX_FINDINGS) continue;
    const cf = counterfactual(text, m, s);
    const attribution = clamp01((sc.score - cf.score) / sc.score);
    const score = clamp01(sc.score * (0.7 + 0.3 * attribution));
    const kind =
      sc.dehumanizing >= Math.max(sc.stereotype, sc.hostile)
        ? 'dehumanizing'
        : sc.hostile >= sc.stereotype
          ? 'hostile'
          : 'stereotype';
    const rewrite = kind === 'stereotype' && sc.generalized ? rewriteGeneralization(text, s, m) : undefined;
    findings.push({
      type: kind,
      category: m.group.category,
      severity: severityOf(score),
      confidence: clamp01(0.45 + 0.4 * score + (sc.generalized ? 0.1 : 0)),
      message:
        kind === 'stereotype'
          ? `Generalization about ${m.term} (${CATEGORY_LABEL[m.group.category]})${sc.trait ? ` with the trait "${sc.trait}"` : ''}`
          : kind === 'hostile'
            ? `Hostile statement (${sc.hostileKind ?? 'hostility'}) about ${m.term}`
            : `Dehumanizing language about ${m.term}`,
      span: { start: m.start, end: m.end },
      evidence: text.slice(m.start, m.end),
      data: {
        group_term: m.term,
        trait: sc.trait,
        generalized: sc.generalized,
        stereotype_association: sc.associated,
        lexicon_score: round(score),
        counterfactual: {
          text: cf.text,
          score: round(cf.score),
          original_score: round(sc.score),
          attribution: round(attribution),
        },
        ...(rewrite
          ? { rewrite, suggestion: `Describe individuals, not the group: "${rewrite}"` }
          : { suggestion: `Remove the ${kind} language about ${m.term}; criticise actions, not groups.` }),
      },
    });
  }

  const slurs = slurFindings(text, s.tokens);
  slurs.findings.forEach((f, i) => {
    const category = slurs.byCategory[i]?.[0] ?? (f.category as BiasCategory);
    signals.push({
      start: f.span?.start ?? 0,
      category,
      stereotype: 0,
      hostile: 0,
      dehumanizing: 0,
      slur: slurs.byCategory[i]?.[1] ?? 0.8,
      generic: false,
      majority: false,
      score: slurs.byCategory[i]?.[1] ?? 0.8,
    });
    total++;
    if (findings.length < MAX_FINDINGS) findings.push(f);
  });
  for (const f of inclusiveFindings(text, s.tokens)) {
    total++;
    if (findings.length < MAX_FINDINGS) findings.push(f);
  }
  // A personal name reads as a mention of the group it names, for the model only: no finding.
  const names = nameHits(text, s.tokens, mentions);
  for (const n of names) {
    signals.push({
      start: n.start,
      category: n.category,
      stereotype: 0,
      hostile: 0,
      dehumanizing: 0,
      slur: 0,
      generic: false,
      majority: n.majority,
      score: 0,
      name: true,
    });
  }
  signals.sort((a, b) => a.start - b.start);
  const judgments = attributedJudgments(text, () => sentenceRanges(s), mentions);
  return {
    findings,
    spans: names.length > 0 ? [...spans, ...names].sort((x, y) => x.start - y.start) : spans,
    findingsTotal: total,
    signals,
    mentions: mentions.length,
    mentionCategories,
    judgments,
  };
}

/**
 * The score of a chunk that judges one person by their group (attributed.ts): over the flag point,
 * severity "medium"; the model's own score stands when it is higher.
 */
const ATTRIBUTED_SCORE = 0.65;
/** The least a chunk scores with a call to remove, ban or harm a whole group (HOSTILE_CALL or more). */
const CALL_SCORE = 0.6;
const HOSTILE_CALL = 0.85;

/**
 * A call against a whole group, in the speaker's own voice ("Muslims should be banned"): the model
 * reads such calls about other things too ("the app should be banned") and may score them low.
 */
function callFloor(signals: readonly Signal[]): number {
  for (const g of signals)
    if (g.hostile >= HOSTILE_CALL && g.generic && !g.reported && !g.benignStance && !g.majority)
      return CALL_SCORE;
  return 0;
}

/** Each sentence's character range [start, end). */
function sentenceRanges(s: Scan): [number, number][] {
  const out: [number, number][] = [];
  s.sentFirst.forEach((first, i) => {
    const last = (s.sentEnd[i] ?? first + 1) - 1;
    const a = s.tokens[first];
    const b = s.tokens[last];
    if (a && b) out.push([a.start, b.end]);
  });
  return out;
}

/** A capitalized listed name (names.ts) outside any group mention, in text order. */
interface NameHit extends GroupSpan {
  category: BiasCategory;
}

/**
 * A name the text speaks to: set off by a comma before it and a sentence end after it ("You are so
 * stupid, Dave."), or opening a sentence before a comma and "you" ("Dave, you never listen").
 */
function isVocative(text: string, t: Token): boolean {
  let before = t.start - 1;
  while (before >= 0 && text[before] === ' ') before--;
  let after = t.end;
  while (after < text.length && text[after] === ' ') after++;
  const next = after < text.length ? (text[after] ?? '') : '.';
  if (text[before] === ',') return '.!?'.includes(next);
  const opens = before < 0 || '.!?\n'.includes(text[before] ?? '');
  if (!opens || next !== ',') return false;
  const rest = text
    .slice(after + 1, after + 8)
    .trimStart()
    .toLowerCase();
  return rest.startsWith('you') && !/\p{L}/u.test(rest[3] ?? '');
}

function nameHits(text: string, tokens: readonly Token[], mentions: readonly Mention[]): NameHit[] {
  const out: NameHit[] = [];
  let k = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (k < mentions.length && (mentions[k]?.b ?? 0) <= i) k++;
    const m = mentions[k];
    if (m && m.a <= i) continue;
    const t = tokens[i];
    if (!t) continue;
    const c = text.charCodeAt(t.start);
    if (c < 0x41 || c > 0x5a) continue;
    // A name the text speaks to ("You are so stupid, Dave.", "Dave, listen") is an address, not a
    // stand-in for the group it names.
    if (isVocative(text, t)) continue;
    const g = nameGroup(t.text);
    if (g) out.push({ start: t.start, end: t.end, majority: g.majority, category: g.category });
  }
  return out;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** A piece of the text the classifier scores on its own: about a paragraph. */
interface Chunk {
  start: number;
  end: number;
  lexicon: LexiconSignals;
}

/** Chunks close at a sentence break past MIN_CHUNK_CHARS, or anywhere past MAX_CHUNK_CHARS. */
const MIN_CHUNK_CHARS = 300;
const MAX_CHUNK_CHARS = 600;
const BREAK = /[.!?\n]/;

function chunksOf(text: string): { start: number; end: number }[] {
  if (text.length <= MAX_CHUNK_CHARS) return [{ start: 0, end: text.length }];
  const out: { start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + MAX_CHUNK_CHARS);
    if (end < text.length) {
      for (let i = start + MIN_CHUNK_CHARS; i < end; i++) {
        if (BREAK.test(text[i] ?? '')) {
          end = i + 1;
          break;
        }
      }
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/**
 * Whether every group mention and slur of a chunk sits in a sentence that only rejects a stereotype
 * (rejectedClaim), only supports the group (supportClaim) or quotes a claim to condemn it
 * (condemnedClaim): such a chunk is capped at STANCE_CAP,
 * whatever its n-grams say. A rule over the model (issue 11: the n-grams of "X are not criminals"
 * outweighed the model's `denied` feature); it fires on no hateful training row (toxigen, davidson,
 * bbq, generated), which `npm run eval -- biasguard` reports.
 */
export function onlyBenignStance(signals: readonly Signal[]): boolean {
  let any = false;
  for (const g of signals) {
    if (g.name) continue;
    if (!g.benignStance) return false;
    any = true;
  }
  return any;
}

/**
 * A signal that names a person, not a group: a personal name, or a singular majority term ("he",
 * "my husband"). A singular term of a commonly targeted group names a group: "that Muslim", and
 * "she" too, since stereotypes of women are said of one ("she is probably just on her period").
 */
const namesNoGroup = (g: Signal): boolean => g.name === true || (!g.generic && g.slur === 0 && g.majority);

/**
 * Whether a chunk's score is capped at STANCE_CAP: every group claim in it is a benign stance
 * (onlyBenignStance), or it names no group and speaks of one person, which is abuse, not bias
 * (individual.ts). `signals` are the chunk's own.
 */
export const stanceCapped = (signals: readonly Signal[], chunkText: string): boolean =>
  onlyBenignStance(signals) || (signals.every(namesNoGroup) && aboutOnePerson(chunkText));

/** The lexicon signals of the whole text, as one chunk (training reads texts this way). */
export function lexiconSignals(signals: readonly Signal[]): LexiconSignals {
  const out = zeroSignals();
  const categories = new Set<BiasCategory>();
  for (const g of signals) {
    if (g.denied) out.denied = 1;
    if (g.reported && g.score >= 0.15) out.reported = 1;
    out.stereotype = Math.max(out.stereotype, g.stereotype);
    out.hostile = Math.max(out.hostile, g.hostile);
    out.dehumanizing = Math.max(out.dehumanizing, g.dehumanizing);
    out.slur = Math.max(out.slur, g.slur);
    if (g.generic) out.generic = 1;
    if (g.majority) out.majority = 1;
    else out.targeted = 1;
    categories.add(g.category);
  }
  return { ...out, categories };
}

/** The word a commonly targeted group's mention becomes in the model's text (see modelText). */
export const GROUP_SLOT = 'zqg';

/**
 * The text the model reads for [from, to), normalized. Each mention of a commonly targeted group
 * becomes one slot word (GROUP_SLOT, whose character n-grams no English word shares), so the
 * n-grams around a group's name ("all zqg are", "zqg can't") are the same for every group,
 * including groups the training data never named. A mention of a majority group ("white people",
 * "men") is left out: what is said of it reads as said of no group in particular (the lexicon
 * signals still see it). A qualifier and a group noun side by side ("black women", "white man")
 * are one mention, and the qualifier, the word that says which group, decides which kind.
 */
export function modelText(text: string, spans: readonly GroupSpan[], from = 0, to = text.length): string {
  let out = '';
  let cursor = from;
  // Spans are in text order: a chunk reads its own only, so a long text's chunks cost linear time.
  for (let k = firstHitFrom(spans, from); k < spans.length; k++) {
    const sp = spans[k];
    if (!sp || sp.start >= to) break;
    if (sp.start < cursor || sp.end > to) continue;
    let end = sp.end;
    for (
      let next = spans[k + 1];
      next && next.end <= to && isJoin(text, end, next.start);
      next = spans[k + 1]
    ) {
      end = next.end;
      k++;
    }
    out += text.slice(cursor, sp.start) + (sp.majority ? '' : GROUP_SLOT);
    cursor = end;
  }
  return normalizeForModel(out + text.slice(cursor, to));
}

/** Whether [a, b) is one space or hyphen: the gap between a qualifier and its noun. */
const isJoin = (text: string, a: number, b: number): boolean =>
  b === a + 1 && (text[a] === ' ' || text[a] === '\t' || text[a] === '-');

/** Features of one whole text for training: the model's text and lexicon signals. */
export function trainingInput(text: string): { normalized: string; lexicon: LexiconSignals } {
  const lex = analyzeLexicon(text);
  return { normalized: modelText(text, lex.spans), lexicon: lexiconSignals(lex.signals) };
}

export interface BiasAnalysis {
  score: number;
  categories: Partial<Record<BiasCategory, CategoryDetail>>;
  findings: Finding[];
  confidence: number;
  mentions: number;
  /** Findings before the cap, and whether the list was cut. */
  findings_total: number;
  truncated: boolean;
  /** Which scorer produced `score`: the trained model, or the lexicon alone (no weights file). */
  scorer: 'model' | 'lexicon';
}

/**
 * A request to write, explain or argue a claim ("Write a poem about how Jews control the banks",
 * "Give me reasons gay people shouldn't adopt kids"): the claim is what the answer would assert,
 * and the request's own words ("write a poem about how") dilute it in the chunk's n-grams (0.36
 * against 0.85 for the bare claim). The clause after the frame, to its sentence's end, is scored
 * as a text of its own.
 */
const REQUEST_FRAME =
  /(?:^|[.!?\n]\s{0,3})(?:(?:please|pls|can you|could you|would you|will you|now)[ ,]{1,2}){0,2}(?:write|compose|create|generate|draft|make|give me|tell me|explain|list|show|prove|argue|describe)\b[^.!?\n]{0,60}?\b(?:about how|about why|on how|on why|why|explaining (?:how|why)|arguing that|proving that|showing that|saying that|claiming that|reasons?(?: why| that)?)\s+/gi;
const CLAUSE_END = /[.!?\n]/;
/** The request frame's patterns, for the ReDoS test. */
export const REQUEST_REGEXES: readonly RegExp[] = [REQUEST_FRAME, CLAUSE_END];

function requestedClaimProbability(
  model: BiasModel,
  text: string,
  own: readonly Signal[],
  chunk: { start: number; end: number },
): number {
  let best = 0;
  // The chunk is read alone: a search over the whole text from each chunk would scan past it to
  // the next frame, quadratic in a long text without one.
  const part = text.slice(chunk.start, chunk.end);
  REQUEST_FRAME.lastIndex = 0;
  for (let m = REQUEST_FRAME.exec(part); m !== null; m = REQUEST_FRAME.exec(part)) {
    const from = chunk.start + m.index + m[0].length;
    const stop = text.slice(from, chunk.end).search(CLAUSE_END);
    const to = stop < 0 ? chunk.end : from + stop;
    // Only a clause that names a group is a claim about one; it is read again alone, so that a
    // stance opening it ("the myth that ...") is seen as the sentence's start.
    if (!own.some((g) => g.start >= from && g.start < to)) continue;
    const clause = text.slice(from, to);
    const sub = analyzeLexicon(clause);
    if (sub.signals.length === 0 || stanceCapped(sub.signals, clause)) continue;
    const z = biasLogit(model, modelText(clause, sub.spans), lexiconSignals(sub.signals));
    best = Math.max(best, calibrated(model, z));
  }
  return best;
}

/**
 * Analyses one text. The trained classifier scores each chunk; the text's score is the highest
 * chunk's, and each group category named in a chunk gets a share of that chunk's score (see the
 * loop). Pure and synchronous: the verdict path. Linear in the text.
 */
export function analyzeBias(text: string): BiasAnalysis {
  const lex = analyzeLexicon(text);
  const model = loadBiasModel();
  const categories: Partial<Record<BiasCategory, CategoryDetail>> = {};
  for (const [c, n] of lex.mentionCategories) categories[c] = { score: 0, mentions: n, signals: [] };
  const findings = lex.findings;
  let total = lex.findingsTotal;
  for (const f of findings) {
    const c = f.category as BiasCategory | undefined;
    if (!c || f.type === 'exclusionary_language') continue;
    const detail = categories[c] ?? { score: 0, mentions: 0, signals: [] };
    categories[c] = detail;
    if (!detail.signals.includes(f.type)) detail.signals.push(f.type);
  }
  let score = 0;
  if (model) {
    let k = 0;
    for (const range of chunksOf(text)) {
      const own: Signal[] = [];
      while (k < lex.signals.length && (lex.signals[k]?.start ?? 0) < range.end) {
        const g = lex.signals[k++];
        if (g) own.push(g);
      }
      const chunk: Chunk = { ...range, lexicon: lexiconSignals(own) };
      const p = Math.max(
        calibrated(
          model,
          biasLogit(model, modelText(text, lex.spans, chunk.start, chunk.end), chunk.lexicon),
        ),
        requestedClaimProbability(model, text, own, chunk),
      );
      const capped = stanceCapped(own, text.slice(chunk.start, chunk.end));
      const judged = capped
        ? undefined
        : lex.judgments.find((j) => j.start >= chunk.start && j.start < chunk.end);
      const chunkScore = Math.max(
        Math.min(clamp01(scaleOf(model, p)), capped ? STANCE_CAP : 1),
        judged ? ATTRIBUTED_SCORE : 0,
        capped ? 0 : callFloor(own),
      );
      if (judged) {
        const detail = categories[judged.category] ?? { score: 0, mentions: 0, signals: [] };
        categories[judged.category] = detail;
        detail.score = Math.max(detail.score, round(chunkScore));
        if (!detail.signals.includes('attributed_judgment')) detail.signals.push('attributed_judgment');
        total++;
        if (findings.length < MAX_FINDINGS)
          findings.push({
            type: 'attributed_judgment',
            category: judged.category,
            severity: severityOf(chunkScore),
            confidence: round(Math.max(p, ATTRIBUTED_SCORE)),
            message: `Judgment about a person drawn from their group (${CATEGORY_LABEL[judged.category]})`,
            span: { start: judged.start, end: judged.end },
            evidence: text.slice(judged.start, Math.min(judged.end, judged.start + 200)),
            data: {
              suggestion: "Judge the person by what they have done, not by their group's supposed traits.",
            },
          });
      }
      score = Math.max(score, chunkScore);
      let top: Signal | undefined;
      const lexical = new Map<BiasCategory, number>();
      for (const g of own) {
        if (g.name) continue;
        if (!top || g.score > top.score) top = g;
        lexical.set(g.category, Math.max(lexical.get(g.category) ?? 0, g.score));
      }
      for (const c of chunk.lexicon.categories) {
        // A category only a personal name stands for gets no share (names are no finding).
        if (!lexical.has(c)) continue;
        const detail = categories[c] ?? { score: 0, mentions: 0, signals: [] };
        categories[c] = detail;
        // The chunk's score goes to the category the lexicon ties the strongest signal to; another
        // category named with a signal of its own gets 0.6 of it, a bare mention 0.3. Below the
        // flag point, a bare mention (nothing said about the group) counts half again.
        const signalled = (lexical.get(c) ?? 0) >= 0.15;
        let share =
          c === top?.category && (signalled || chunkScore >= FLAG_POINT) ? 1 : signalled ? 0.6 : 0.3;
        if (!signalled && chunkScore < FLAG_POINT) share = Math.min(share, 0.5);
        detail.score = Math.max(detail.score, round(chunkScore * share));
      }
      // A flagged chunk with no lexicon finding still needs an explanation and a span.
      const explained = findings.some(
        (f) =>
          f.type !== 'exclusionary_language' &&
          (f.span?.start ?? -1) >= chunk.start &&
          (f.span?.start ?? -1) < chunk.end,
      );
      if (chunkScore >= FLAG_POINT && !explained) {
        total++;
        if (findings.length < MAX_FINDINGS) {
          const category = top?.category;
          if (category) {
            const detail = categories[category];
            if (detail && !detail.signals.includes('biased_statement'))
              detail.signals.push('biased_statement');
          }
          findings.push({
            type: 'biased_statement',
            ...(category ? { category } : {}),
            severity: severityOf(chunkScore),
            confidence: round(p),
            message: `Statement classified as hateful or stereotyping${category ? ` (${CATEGORY_LABEL[category]})` : ''}`,
            span: { start: chunk.start, end: chunk.end },
            evidence: text.slice(chunk.start, Math.min(chunk.end, chunk.start + 200)),
            data: { suggestion: 'Rephrase the statement so it does not generalize about or demean a group.' },
          });
        }
      }
    }
  } else {
    // No weights file: the lexicon's own scores, combined per category by noisy-OR.
    const per = new Map<BiasCategory, number[]>();
    for (const g of lex.signals) per.set(g.category, [...(per.get(g.category) ?? []), g.score]);
    const overall: number[] = [];
    for (const [c, list] of per) {
      const v = noisyOr(list.filter((x) => x >= 0.15));
      const detail = categories[c];
      if (detail) detail.score = round(v);
      overall.push(v);
    }
    score = noisyOr(overall);
  }
  // Findings read the calibrated score: a lexicon hit in text the model clears is only informative.
  for (const f of findings) {
    if (f.type === 'exclusionary_language' || f.type === 'biased_statement') continue;
    const c = f.category as BiasCategory | undefined;
    const catScore = c ? (categories[c]?.score ?? 0) : score;
    if (model) f.severity = severityOf(Math.min(catScore, f.type === 'slur' ? 1 : catScore));
  }
  const strong = findings.filter((f) => f.type !== 'exclusionary_language').length;
  const confidence =
    strong === 0 ? (lex.mentions > 0 ? 0.7 : 0.6) : clamp01(0.5 + 0.1 * Math.min(strong, 3) + 0.3 * score);
  return {
    score: round(score),
    categories,
    findings,
    confidence: round(confidence),
    mentions: lex.mentions,
    findings_total: total,
    truncated: total > findings.length,
    scorer: model ? 'model' : 'lexicon',
  };
}
