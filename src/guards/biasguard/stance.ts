import type { Token } from '../../text/tokenize.js';
import { COPULAS, DEHUMANIZING, POSITIVE_TRAITS, TRAITS } from './lexicon.js';
import { firstHitFrom, type Mention, type Scan, windowOf } from './scan.js';
import { isMajorityTerm } from './targets.js';
import { valenceFeatures } from './valence.js';

/**
 * Stance: whether a sentence about a group rejects, supports or quotes-to-condemn a claim rather
 * than making it. Negators and verbs of saying are read by the mention scorer (detect.ts); the
 * claim rules below cap a chunk's score over the model (analyzeBias), so they are kept narrow.
 */

const NEGATORS = new Set(['not', 'never', 'no', 'nor', 'cannot']);
export const isNegator = (w: string): boolean => NEGATORS.has(w) || w.endsWith("n't");
/** Verbs of saying or believing: what follows them may be quoted to be rejected, or endorsed. */
export const REPORTING = new Set([
  'say',
  'says',
  'said',
  'saying',
  'claim',
  'claims',
  'claimed',
  'claiming',
  'posted',
  'posting',
  'wrote',
  'writes',
  'tweeted',
  'insist',
  'insists',
  'insisted',
  'insisting',
  'argue',
  'argues',
  'argued',
  'think',
  'thinks',
  'believe',
  'believes',
  'told',
  'shouted',
  'yelled',
]);

/** Words between a group and its negator in a plain denial ("X are not", "X really aren't"). */
const DENIAL_LINKS = new Set([
  ...COPULAS,
  'do',
  'does',
  'did',
  'will',
  'would',
  'should',
  'really',
  'simply',
]);
/** Before the group, a negated belief puts what follows in the negator's scope ("I don't think X are"). */
const BELIEF = new Set(['think', 'believe', 'agree', 'say', 'said', 'saying']);
/** Verbs of hostility a negator right before them denies: "I don't hate X", "we never despised X". */
const DENIED_VERBS = new Set([
  'hate',
  'hated',
  'despise',
  'despised',
  'dislike',
  'detest',
  'loathe',
  'resent',
]);
/**
 * Words that turn a denial around or hedge it: a contrast ("not lazy, just ..."), a comparison
 * ("no better than"), a verb that flips the negator ("never stop stealing"), a relative clause.
 */
const UNDENY = new Set([
  'but',
  'just',
  'only',
  'merely',
  'simply',
  'than',
  'different',
  'more',
  'less',
  'stop',
  'stops',
  'fail',
  'fails',
  'quit',
  'except',
  'enough',
  'until',
  'unless',
  'yet',
  'rather',
  'instead',
  'though',
  'although',
  'however',
  'who',
  'which',
  'that',
  'all',
  'every',
  'because',
]);
/** A trait denied this strongly or more is a stereotype rejected ("taking", "poor" are too weak). */
const REJECTED_TRAIT = 0.45;
/**
 * A comma, semicolon or colon that opens a new clause ("it's", "they", "which"): where a negation's
 * scope ends (Das and Chen 2001 end it at clause punctuation; a bare comma may only part a list,
 * "not lazy, stupid or violent", so the clause must open with a pronoun or "which", "because").
 */
export const CLAUSE_BREAK =
  /[,;:][ \t]{0,3}(?:it|it['’]s|its|they|they['’]re|theyre|that['’]s|thats|which|because)\b/i;

/** Where the clause that holds char `from` ends: the next CLAUSE_BREAK before `to`, else `to`. */
export function clauseEnd(text: string, from: number, to: number): number {
  // Searched within [from, to) only (a sentence window), so the scan stays linear in the text.
  const at = from < to ? text.slice(from, to).search(CLAUSE_BREAK) : -1;
  return at < 0 ? to : from + at;
}

/** Where a chunk whose group claims are all rejections or support is capped, below FLAG_POINT. */
export const STANCE_CAP = 0.3;

/**
 * Whether the sentence of `m` does nothing but reject a stereotype of it: "X are not criminals",
 * "I don't think X are lazy", "No X is a terrorist". The denied word must be a damaging trait or a
 * dehumanizing word; the sentence must assert no trait, no hostility, and have no word that turns
 * the denial around (UNDENY) or a second negator. A rule over the model's score (analyzeBias caps
 * such a chunk below the flag point), so it is kept narrow: a miss leaves the model's score.
 */
export function rejectedClaim(s: Scan, mentions: readonly Mention[], k: number): boolean {
  const m = mentions[k];
  if (!m) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  // "No, X do not ...": a sentence-opening "no" before a comma answers, it denies nothing itself.
  const answer = (i: number): boolean =>
    i === sStart && (text(i) === 'no' || text(i) === 'nope') && s.text[tokens[i]?.end ?? 0] === ',';
  let neg = -1;
  if (m.a > sStart && text(m.a - 1) === 'no' && !answer(m.a - 1)) neg = m.a - 1;
  for (let i = Math.max(sStart, m.a - 4); neg < 0 && i < m.a - 1; i++) {
    if (!isNegator(text(i)) || !BELIEF.has(text(i + 1))) continue;
    let j = i + 2;
    if (text(j) === 'that') j++;
    if (j === m.a) neg = i;
  }
  if (neg < 0) neg = denialFrameBefore(text, sStart, m.a);
  let deniedVerb = -1;
  if (neg < 0 && m.a >= sStart + 2 && DENIED_VERBS.has(text(m.a - 1)) && isNegator(text(m.a - 2))) {
    neg = m.a - 2;
    deniedVerb = m.a - 1;
  }
  for (let j = m.b; neg < 0 && j < Math.min(sEnd, m.b + 3); j++) {
    if (isNegator(text(j))) neg = j;
    else if (!DENIAL_LINKS.has(text(j))) break;
  }
  if (neg < 0) return false;
  // The denial reaches to the end of its clause: "X are not criminals, they are hard workers" makes
  // a second claim, which its own mention ("they") answers for.
  const clauseChar = clauseEnd(s.text, tokens[neg]?.end ?? 0, tokens[sEnd - 1]?.end ?? 0);
  let cEnd = neg + 1;
  while (cEnd < sEnd && (tokens[cEnd]?.start ?? 0) < clauseChar) cEnd++;
  // The words after the negator that the frame allowed: "that" after "think" is no relative clause.
  const frameEnd = neg < m.a ? m.a : neg + 1;
  // Past the denial, a second claim ("X are not criminals and Y are", "... and Y steal") is no
  // denial: no other group named there but a majority one ("not inferior to men"), no copula but
  // the one right after the group in "I don't think X are".
  for (let n = k + 1; n < mentions.length; n++) {
    const o = mentions[n];
    if (!o || o.a >= cEnd) break;
    if (o.a > neg && !isMajorityTerm(o.term)) return false;
  }
  let found = deniedVerb >= 0;
  // A frame before the group denies the whole claim, a comparison included ("I don't think X are
  // worse drivers than men", "it is not true that X are more violent").
  const framed = neg < m.a;
  // The mentions after this one, read only as far as token i (within the window): linear overall.
  const majorityAt = (i: number): boolean => {
    for (let n = k + 1; n < mentions.length; n++) {
      const o = mentions[n];
      if (!o || o.a > i) return false;
      if (o.a === i) return isMajorityTerm(o.term);
    }
    return false;
  };
  for (let i = sStart; i < cEnd; i++) {
    if ((i >= m.a && i < m.b) || (i >= neg && i < frameEnd)) continue;
    const w = text(i);
    // "at all" strengthens the denial; "all" elsewhere ("not all X") limits it.
    if (w === 'all' && text(i - 1) === 'at') continue;
    if (answer(i)) continue;
    if (framed && (COMPARATIVES.has(w) || (w === 'than' && majorityAt(i + 1)))) continue;
    if (UNDENY.has(w) || isNegator(w)) return false;
    if (i > Math.max(neg, m.b) && COPULAS.has(w)) return false;
    const v = DEHUMANIZING.get(w) ?? TRAITS.get(w);
    if (v === undefined) continue;
    // "no evidence that X are less intelligent": a virtue lessened after the negator is a trait denied.
    const lessened =
      POSITIVE_TRAITS.has(w) && i - 1 > neg && (text(i - 1) === 'less' || text(i - 1) === 'not');
    if (i < neg || (POSITIVE_TRAITS.has(w) && !lessened)) return false;
    if (lessened || v >= REJECTED_TRAIT) found = true;
  }
  // A trait phrase must start after the negation: "not as smart" starts at the negator itself.
  // The denied verb is itself a hostile phrase ("hate X"): that one hit does not count.
  const denied = deniedVerb >= 0 ? (tokens[deniedVerb]?.start ?? -1) : -1;
  const until = tokens[frameEnd - 1]?.end ?? 0;
  // A damaging trait phrase past the negation is what it denies ("no evidence that X are less capable").
  // Only as far as the negation reaches: "X have no manners, it's in their blood" denies nothing.
  if (!found && deniedVerb < 0) found = phraseFrom(s, until, clauseChar, REJECTED_TRAIT);
  return found && noPhrasesBefore(s, sStart, cEnd, until, denied);
}

/** Comparatives a framed denial may deny ("not true that X are more violent"). */
const COMPARATIVES = new Set(['more', 'less']);
/** What a denial of a claim may say before "that": "not true", "not the case", "no evidence". */
const DENIED_AS = new Set(['true', 'case', 'evidence', 'proof']);

/**
 * The first token of a frame that denies the claim right after it, ending just before the group at
 * `a`: "(it is) not true that X", "isn't the case that X", "(there is) no evidence that X", "untrue
 * that X"; -1 when there is none.
 */
function denialFrameBefore(text: (i: number) => string, from: number, a: number): number {
  if (a - 2 < from || text(a - 1) !== 'that') return -1;
  const what = text(a - 2);
  if (what === 'untrue' || what === 'false') return a - 2;
  if (!DENIED_AS.has(what)) return -1;
  let i = a - 3;
  if (what === 'case' && text(i) === 'the') i--;
  if (text(i) === 'any') i--;
  return i >= from && isNegator(text(i)) ? i : -1;
}

/** Whether a trait phrase of at least `weight` starts in chars [from, to) and ends by `to`. */
function phraseFrom(s: Scan, from: number, to: number, weight: number): boolean {
  for (let k = firstHitFrom(s.traitPhrases, from); k < s.traitPhrases.length; k++) {
    const p = s.traitPhrases[k];
    if (!p || p.start >= to) return false;
    if (p.end <= to && p.weight >= weight) return true;
  }
  return false;
}

/**
 * No hostile phrase in tokens [a, b) but one starting at char `allowed` (-1: none), and no trait
 * phrase there that starts before char `until`.
 */
function noPhrasesBefore(
  s: Scan,
  a: number,
  b: number,
  until: number,
  allowed: number | readonly number[] = -1,
): boolean {
  const from = s.tokens[a]?.start ?? 0;
  const to = s.tokens[b - 1]?.end ?? 0;
  // Hits are sorted by start: only those starting inside the sentence are read (linear overall).
  const { hostile, traitPhrases } = s;
  const own = typeof allowed === 'number' ? [allowed] : allowed;
  let k = firstHitFrom(hostile, from);
  while (k < hostile.length && own.includes(hostile[k]?.start ?? -2)) k++;
  const h = hostile[k];
  if (h && h.start < to) return false;
  for (let k = firstHitFrom(traitPhrases, from); k < traitPhrases.length; k++) {
    const p = traitPhrases[k];
    if (!p || p.start >= to) break;
    if (p.start < until) return false;
  }
  return true;
}

/**
 * Whether tokens [a, b) outside `skip` hold no damaging trait, no dehumanizing word and no word of
 * `also`: the rest of a sentence a stance rule reads as benign.
 */
function noTraitWords(
  s: Scan,
  a: number,
  b: number,
  skip: readonly [number, number],
  also?: ReadonlySet<string>,
): boolean {
  for (let j = a; j < b; j++) {
    if (j >= skip[0] && j < skip[1]) continue;
    const w = s.tokens[j]?.text ?? '';
    if (also?.has(w) || DEHUMANIZING.has(w) || (TRAITS.has(w) && !POSITIVE_TRAITS.has(w))) return false;
  }
  return true;
}

/** Between a group and a verb of support: "X should have", "X also deserve". */
const SUPPORT_LINKS = new Set(['should', 'must', 'also', 'too', 'really', 'truly', 'can', 'still']);
/** "have" and "get" count only after "should" or "must" ("X get free access" is no support). */
const SUPPORT_VERBS = new Set(['deserve', 'deserves', 'have', 'get']);
const MODALS = new Set(['should', 'must']);
/** What a group is said to deserve, within six words of the verb ("deserve equal pay"). */
const SUPPORT_OBJECTS = new Set([
  'respect',
  'dignity',
  'equal',
  'equality',
  'rights',
  'safety',
  'safe',
  'access',
  'freedom',
  'protection',
  'kindness',
  'opportunity',
  'opportunities',
  'justice',
  'fairness',
  'acceptance',
  'compassion',
  'inclusion',
  'representation',
  // Goods of welfare, after "deserve" or a modal ("X deserve good healthcare", "X should have
  // decent housing"); without a modal "X get free healthcare" is no support and never reaches here.
  'healthcare',
  'care',
  'education',
  'housing',
  'schooling',
  'wages',
]);
/** "be allowed to", "be able to" after a modal. */
const PERMITTED = new Set(['allowed', 'able', 'free']);
/** Treatment a group is granted in a passive ("should be treated ..."), read with FAIRNESS. */
const TREATMENT = new Set([
  'treated',
  'paid',
  'judged',
  'hired',
  'given',
  'respected',
  'protected',
  'included',
  'welcomed',
  'accepted',
  'valued',
  'promoted',
  'admitted',
  'heard',
  'housed',
  'employed',
]);
/** Words that make a treatment fair: "equally", "the same", "with dignity", "on merit". */
const FAIRNESS = new Set([
  'equally',
  'fairly',
  'same',
  'equal',
  'fair',
  'equals',
  'dignity',
  'respect',
  'merit',
]);
/** "have every right", "have equal rights", "have the same rights". */
const RIGHT_QUALIFIERS = new Set(['every', 'equal', 'a']);
const RIGHTS = new Set(['right', 'rights']);
/** What follows "entitled to" in the trait's sense: "entitled to free housing", "to everything". */
const ENTITLED_GIFTS = new Set(['free', 'everything', 'anything', 'handouts', 'more', 'special']);
/** "entitled to reasonable accommodations": the legal sense, not the trait (not "entitled to free ..."). */
export const entitledInLaw = (tokens: readonly Token[], i: number): boolean =>
  tokens[i]?.text === 'entitled' &&
  tokens[i + 1]?.text === 'to' &&
  !ENTITLED_GIFTS.has(tokens[i + 2]?.text ?? '') &&
  !FEEL_ENTITLED.has(tokens[i - 1]?.text ?? '');
/** "feel entitled to", "so entitled to": the trait whatever follows. */
const FEEL_ENTITLED = new Set([
  'feel',
  'feels',
  'felt',
  'act',
  'acts',
  'acting',
  'so',
  'too',
  'very',
  'more',
]);
/** Words that make what is "deserved" a threat, a loss or a segregation ("their own schools"). */
const UNSUPPORT = new Set([
  'fewer',
  'less',
  'worse',
  'lower',
  'away',
  'revoked',
  'stripped',
  'removed',
  'lose',
  'taken',
  'limited',
  'restricted',
  'hell',
  'death',
  'die',
  'punishment',
  'fate',
  'nothing',
  'none',
  'without',
  'separate',
  'while',
  'own',
  'leave',
  'go',
  'back',
  'elsewhere',
]);

/**
 * Whether the sentence of `m` only says the group deserves something good: "X deserve respect",
 * "X should have equal access". No negator, no trait or dehumanizing word, no hostile or trait
 * phrase, and no word that turns the claim (UNDENY, UNSUPPORT). Kept narrow like rejectedClaim.
 * ("support" is no object: "should get government support" is a stereotype of entitlement.)
 */
export function supportClaim(s: Scan, m: Mention): boolean {
  // A back-reference ("they feel like they should get ...") often voices a claim made of the group.
  if (m.anaphoric) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let verb = m.b;
  let modal = false;
  while (verb < Math.min(sEnd, m.b + 2) && SUPPORT_LINKS.has(text(verb))) modal ||= MODALS.has(text(verb++));
  // "ought to be", "deserve to be": modals of their own before a passive.
  if ((text(verb) === 'ought' || text(verb).startsWith('deserve')) && text(verb + 1) === 'to') {
    modal = true;
    verb += 2;
  }
  const v = text(verb);
  // "X should be allowed to / able to ...": a freedom granted; what follows is read for threats below.
  const granted = modal && v === 'be' && PERMITTED.has(text(verb + 1)) && text(verb + 2) === 'to';
  // "X have every right to", "X have the same rights as": a right claimed without a modal.
  let right = -1;
  if (v === 'have') {
    if (RIGHT_QUALIFIERS.has(text(verb + 1))) right = verb + 2;
    else if (text(verb + 1) === 'the' && text(verb + 2) === 'same') right = verb + 3;
  }
  // "X are (legally) entitled to ...": a right in law, not the trait "entitled"; a free gift or
  // everything claimed ("entitled to free housing", "to everything") is the trait again.
  if ((v === 'are' || v === 'is') && text(verb + 1) === 'entitled' && text(verb + 2) === 'to')
    right = verb + 2;
  else if (
    (v === 'are' || v === 'is') &&
    text(verb + 1) === 'legally' &&
    text(verb + 2) === 'entitled' &&
    text(verb + 3) === 'to'
  )
    right = verb + 3;
  const entitled =
    right >= 0 && (RIGHTS.has(text(right)) || (text(right) === 'to' && !ENTITLED_GIFTS.has(text(right + 1))));
  // "X should be treated equally", "X must be paid fairly", "X deserve to be hired on merit": fair
  // treatment granted, a treatment verb with a word of fairness within four words after it.
  let fairEnd = -1;
  if (modal && v === 'be' && TREATMENT.has(text(verb + 1))) {
    for (let i = verb + 2; i < Math.min(sEnd, verb + 6); i++) if (FAIRNESS.has(text(i))) fairEnd = i + 1;
  }
  let frameEnd = verb + 1;
  // After "deserve" or "should have", the end of the good named ("deserve good healthcare").
  let objectEnd = -1;
  if (granted) frameEnd = verb + 3;
  else if (entitled) frameEnd = right + 1;
  else if (fairEnd >= 0) frameEnd = fairEnd;
  else {
    if (!SUPPORT_VERBS.has(v) || (!modal && !v.startsWith('deserve'))) return false;
    for (let i = verb + 1; i < Math.min(sEnd, verb + 7); i++)
      if (SUPPORT_OBJECTS.has(text(i))) objectEnd = i + 1;
    if (objectEnd < 0) return false;
  }
  for (let i = sStart; i < sEnd; i++) {
    if ((i >= m.a && i < m.b) || (i > verb && i < frameEnd)) continue;
    const w = text(i);
    // A praise word before the good qualifies it ("good healthcare"); a loss ("fewer rights") does not.
    const qualifier = i > verb && i < objectEnd && POSITIVE_TRAITS.has(w);
    if (
      UNDENY.has(w) ||
      UNSUPPORT.has(w) ||
      isNegator(w) ||
      DEHUMANIZING.has(w) ||
      (TRAITS.has(w) && !qualifier)
    )
      return false;
  }
  return noPhrasesBefore(s, sStart, sEnd, tokens[sEnd - 1]?.end ?? 0);
}

/** What frames a claim about a group as someone else's ("anyone who says X are", "the myth that X are"). */
const QUOTING = new Set([
  ...[...REPORTING].filter((w) => !w.startsWith('think') && !w.startsWith('believe')),
  'myth',
  'lie',
  'trope',
  'stereotype',
  'stereotypes',
  'myths',
  'tropes',
  'idea',
  'notion',
  'calling',
  // "sick of hearing that X are ...": a claim heard from others.
  'hear',
  'hearing',
  'heard',
  // "Your comment about X being criminals is racist": a remark named as speech.
  'comment',
  'comments',
  'remark',
  'remarks',
  'joke',
  'jokes',
  'pretending',
  // "Suggesting X are thieves stigmatizes ...", "Implying that X can't work is prejudice."
  'suggest',
  'suggests',
  'suggesting',
  'imply',
  'implies',
  'implying',
  // "Managers assume mothers are less committed; that bias is illegal."
  'assume',
  'assumes',
  'assumed',
  'assuming',
]);
/** Words that endorse a claim reported before them: "Saying X are violent is just stating facts". */
const ENDORSING = new Set([
  'truth',
  'true',
  'fact',
  'facts',
  'correct',
  'accurate',
  'sense',
  'obvious',
  'right',
]);
/** Words that turn from the reported claim: "..., but the facts say otherwise". */
const TURNING = new Set(['but', 'however', 'although', 'though', 'yet', 'otherwise', 'whether', 'if']);

/**
 * Whether the sentence of `m`, a claim after a verb of saying, endorses that claim after it ("is
 * simply the truth", "is common sense", "and they're right"), not denied ("isn't true") and with no
 * turn ("but") or condemning word in the sentence: reported speech then is the speaker's own claim.
 */
export function endorsedSpeech(s: Scan, m: Mention): boolean {
  const [sStart, sEnd] = windowOf(s, m);
  let endorsed = false;
  for (let i = sStart; i < sEnd; i++) {
    const w = s.tokens[i]?.text ?? '';
    if (TURNING.has(w) || CONDEMN.has(w)) return false;
    if (i >= m.b && ENDORSING.has(w)) {
      // "is not true", "isn't a fact": the claim is denied; a negator inside it ("can't drive") is its own.
      for (let j = Math.max(m.b, i - 3); j < i; j++) if (isNegator(s.tokens[j]?.text ?? '')) return false;
      endorsed = true;
    }
  }
  return endorsed;
}

/** Words that condemn the framed claim. */
const CONDEMN = new Set([
  'racist',
  'racism',
  'bigot',
  'bigots',
  'bigoted',
  'bigotry',
  'sexist',
  'sexism',
  'homophobic',
  'homophobia',
  'transphobic',
  'transphobia',
  'xenophobic',
  'xenophobia',
  'ableist',
  'ableism',
  'antisemitic',
  'antisemitism',
  'islamophobic',
  'islamophobia',
  'prejudice',
  'prejudiced',
  'false',
  'untrue',
  'myth',
  'myths',
  'lie',
  'lies',
  'trope',
  'tropes',
  'nonsense',
  'stereotype',
  'stereotypes',
  'stereotypical',
  'hateful',
  'offensive',
  'ignorant',
  'dehumanizing',
  'debunked',
  'banned',
  'fired',
  // What a speech act is called: "Calling X a burden is cruel", "... shows your ignorance".
  'ignorance',
  'misguided',
  'cruel',
  'shameful',
  'appalling',
  'disgusting',
  'outdated',
  // The speaker's own verdict on the claim: "this ridiculous idea that ...", "... and I'm so
  // embarrassed", "It's exhausting hearing folks say ...".
  'ridiculous',
  'absurd',
  'baseless',
  'embarrassed',
  'embarrassing',
  'exhausting',
]);
/** Words that side with the framed claim or mock its condemnation ("call me racist, but ..."). */
const UNCONDEMN = new Set([
  'but',
  'though',
  'although',
  'however',
  'true',
  'truth',
  'fact',
  'facts',
  'right',
  'agree',
  'correct',
  'honest',
  'admit',
  'call',
  'called',
  'calls',
  'labeled',
  'labelled',
  'branded',
  'accused',
  'me',
  'us',
  'if',
  'then',
  'proud',
  'apparently',
  'supposedly',
  'woke',
  'liberals',
  'left',
  'snowflakes',
  'politically',
  'whatever',
  'yet',
  'just',
  'only',
  'still',
  // "Stereotypes about X exist for a reason."
  'reason',
]);
/** Verbs of a speech act's own predicate: "Claiming X are lazy | shows your ignorance". */
const PREDICATE_VERBS = ['shows', 'show', 'proves', 'reveals'];
/**
 * Predicates that are themselves the verdict on the speech act: "Saying X are lazy | ignores the
 * causes of poverty", "Calling X a burden | erases what they contribute".
 */
const CONDEMNING_PREDICATES = [
  'ignores',
  'overlooks',
  'erases',
  'insults',
  'demeans',
  'demonizes',
  'dehumanizes',
  'stigmatizes',
  'misrepresents',
  'oversimplifies',
];
/** Where the claim ends and the sentence's own predicate starts: "X are lazy | is racist", "...; it's a myth". */
const CLAIM_END = new Set([
  ...COPULAS,
  'and',
  'which',
  'for',
  "it's",
  "that's",
  'thats',
  ...PREDICATE_VERBS,
  ...CONDEMNING_PREDICATES,
]);
/** Words that only strengthen the condemnation right after them ("is just plain sexist"). */
const INTENSIFIERS = new Set(['just', 'simply', 'plain', 'pure', 'utterly', 'completely', 'totally']);
/** Words that open that predicate rather than hedge the claim: "... just shows", "... only proves". */
const OPENS_PREDICATE = new Set([...INTENSIFIERS, 'only']);

/**
 * Whether the sentence of `m` quotes a claim about the group to condemn it: "Anyone who says X are
 * lazy is a bigot", "It is a myth that X are greedy", "Calling X vermin is racist". A framing word
 * (QUOTING) within four words before the group, a condemning word (CONDEMN) before that frame or
 * after the claim (past a second copula, "and", "which" or "for"), no negator anywhere and no word
 * that sides with the claim (UNCONDEMN). Kept narrow like rejectedClaim.
 */
export function condemnedClaim(s: Scan, m: Mention): boolean {
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let cue = -1;
  for (let i = Math.max(sStart, m.a - 4); i < m.a; i++) if (QUOTING.has(text(i))) cue = i;
  // "who call X criminals": a verb of calling right before the group names the claim without a
  // copula, so the claim is the one word after the group.
  const calling = CALLING.has(text(m.a - 1)) && m.a - 1 >= sStart;
  if (calling) cue = m.a - 1;
  if (cue < 0) return false;
  let claimEnd = sEnd;
  // "Saying you hate X shows ...": the group was the claim's object, the predicate follows it.
  const from = PREDICATE_VERBS.includes(text(m.b)) ? m.b : m.b + (calling ? 1 : 2);
  for (let i = from; i < sEnd; i++) {
    if (CLAIM_END.has(text(i))) {
      // "... just shows": the intensifier opens the predicate, it does not hedge the claim.
      claimEnd = OPENS_PREDICATE.has(text(i - 1)) && PREDICATE_VERBS.includes(text(i)) ? i - 1 : i;
      break;
    }
  }
  // "Anyone who says X are lazy has never met one": the sentence's own predicate is the speaker's
  // ignorance of the group, and its "never" denies no part of the claim.
  const never = neverMet(text, m.b + (calling ? 1 : 2), sEnd);
  if (never >= 0) claimEnd = Math.min(claimEnd, never - 1);
  // "Stop saying X are ...", "You have no right to call X ...": the speech act itself is refused.
  const refused = refusedSpeech(text, sStart, cue);
  let found = never >= 0 || refused >= 0;
  // "X are criminals, which is not true": past the claim, a negator and the endorsing word it denies
  // are the sentence's verdict, not a hedge.
  let verdictEnd = -1;
  for (let i = sStart; i < sEnd; i++) {
    const w = text(i);
    if ((i === cue && calling) || i === never || (refused >= 0 && i >= refused && i < cue)) continue;
    if (i <= verdictEnd) continue;
    // "..., and it drives me crazy": the speaker's exasperation at the claim (not "... that nobody
    // listens", which is at its deniers).
    if (i > claimEnd && exasperated(text, i, sEnd)) {
      verdictEnd = i + 3;
      found = true;
      continue;
    }
    if (i > claimEnd && isNegator(w)) {
      const denied = deniedEndorsement(text, i, sEnd);
      if (denied >= 0) {
        verdictEnd = denied;
        found = true;
        continue;
      }
    }
    // An intensifier in the sentence's own predicate that leads to a condemning word is no hedge.
    if (i > claimEnd && INTENSIFIERS.has(w) && intensifies(text, i, sEnd)) continue;
    if (i === claimEnd && OPENS_PREDICATE.has(w)) continue;
    if (UNCONDEMN.has(w) || isNegator(w)) return false;
    if (CONDEMN.has(w) && (i <= cue || i > claimEnd)) found = true;
    if (i === claimEnd && CONDEMNING_PREDICATES.includes(w)) found = true;
    if (w === 'wrong' && i < cue && !wrongAsked(text, sStart, i)) found = true;
  }
  return found || (wearyOf(text, sStart, cue) && damaging(s, m.b, claimEnd)) || condemnedNext(s, m);
}

const EXASPERATING = new Set(['drives', 'makes']);
const EXASPERATED = new Set(['crazy', 'nuts', 'mad', 'insane', 'furious', 'angry', 'livid', 'sick']);
/** "it drives me crazy", "this makes me furious" at `at`, ending the sentence or a clause. */
function exasperated(text: (i: number) => string, at: number, end: number): boolean {
  const w = text(at);
  if (w !== 'it' && w !== 'this' && w !== 'that') return false;
  if (!EXASPERATING.has(text(at + 1)) || text(at + 2) !== 'me' || !EXASPERATED.has(text(at + 3)))
    return false;
  return at + 4 >= end || !/^[a-z]/.test(text(at + 4));
}

/** Index of an endorsing word at most three words after the negator at `at` ("not true", "isn't a fact"), or -1. */
function deniedEndorsement(text: (i: number) => string, at: number, end: number): number {
  for (let j = at + 1; j < Math.min(end, at + 4); j++) if (ENDORSING.has(text(j))) return j;
  return -1;
}

/**
 * Index of the word that refuses the speech act at `cue`, or -1: "stop" right before it ("stop
 * saying", "stop pretending that"), or the "no" of "no right to" right before it.
 */
function refusedSpeech(text: (i: number) => string, from: number, cue: number): number {
  if (cue - 1 >= from && text(cue - 1) === 'stop') return cue - 1;
  if (cue - 3 < from || text(cue - 2) !== 'right' || text(cue - 1) !== 'to') return -1;
  if (text(cue - 3) === 'no') return cue - 3;
  // "Nobody has the right to call ...", "no one has the right to say ...".
  if (text(cue - 3) !== 'the' || (text(cue - 4) !== 'has' && text(cue - 4) !== 'have')) return -1;
  if (cue - 5 >= from && text(cue - 5) === 'nobody') return cue - 5;
  if (cue - 6 >= from && text(cue - 6) === 'no' && text(cue - 5) === 'one') return cue - 6;
  return -1;
}

/** Words before "wrong" that make it a question or its denial ("what's wrong with saying X are"). */
const WRONG_ASKED = new Set(['what', "what's", 'whats', 'nothing', 'anything', 'why']);
/** A question put as "Is it wrong to say ...". */
const ASKING = new Set(['is', "isn't", 'isnt', 'was', 'would', 'am']);

/** Whether "wrong" at `at` is asked or denied rather than said ("It's wrong to say X are lazy"). */
function wrongAsked(text: (i: number) => string, from: number, at: number): boolean {
  if (ASKING.has(text(from))) return true;
  for (let i = from; i < at; i++) if (WRONG_ASKED.has(text(i))) return true;
  return false;
}

/** What the speaker of a claim has never done with the group: "... has never met one". */
const MET = new Set(['met', 'known', 'worked', 'spoken', 'talked', 'lived']);
const HEDGE = new Set(['clearly', 'obviously', 'probably', 'evidently', 'actually', 'really']);

/** Index of "never" in "has/have [clearly] never met ..." after the claim, or -1. */
function neverMet(text: (i: number) => string, from: number, end: number): number {
  for (let i = from; i < end - 2; i++) {
    const w = text(i);
    if (w !== 'has' && w !== 'have') continue;
    const n = HEDGE.has(text(i + 1)) ? i + 2 : i + 1;
    if (text(n) === 'never' && MET.has(text(n + 1))) return n;
  }
  return -1;
}

/** "tired of", "sick of", "fed up with", "weary of": the speaker has had enough of what follows. */
const WEARY = new Set(['tired', 'sick', 'weary', 'fed']);

/** Whether the speaker says, within four words before the cue, they are weary of what it frames. */
function wearyOf(text: (i: number) => string, from: number, cue: number): boolean {
  for (let i = Math.max(from, cue - 4); i < cue; i++) {
    const next = text(i + 1);
    if (WEARY.has(text(i)) && (next === 'of' || (next === 'up' && text(i + 2) === 'with'))) return true;
  }
  return false;
}

/**
 * Whether the claim in tokens [a, b) carries blame (valence.ts) above its praise, or says the group
 * cannot do something ("too emotional to lead", "too slow to learn": valence reads no blame in
 * them, and even leans to praise on "learn" or "play"): a damaging claim.
 */
function damaging(s: Scan, a: number, b: number): boolean {
  for (let i = a; i + 2 < b; i++)
    if (s.tokens[i]?.text === 'too' && s.tokens[i + 2]?.text === 'to') return true;
  return leaning(s, a, b) === 'blame';
}

/**
 * Which way the words of tokens [a, b) lean by valence.ts: blame or praise (at QUOTE_BLAME or more
 * and above the other), or neither.
 */
function leaning(s: Scan, a: number, b: number): 'blame' | 'praise' | null {
  const from = s.tokens[a]?.start ?? 0;
  const to = s.tokens[Math.min(b, s.tokens.length) - 1]?.end ?? from;
  const [praise, blame] = valenceFeatures(s.text.slice(from, to).toLowerCase());
  if (blame >= QUOTE_BLAME && blame > praise) return 'blame';
  return praise >= QUOTE_BLAME && praise > blame ? 'praise' : null;
}

/** How a sentence points back at the one before it: "That's a lie.", "It's a hateful myth." */
const POINTS_BACK = new Set(["it's", 'its', "that's", 'thats', 'this', 'that', 'which']);
/** The object a speaker's own act points back with: "I reported it", "we found that offensive". */
const ACTED_ON = new Set(['it', 'him', 'her', 'them', 'that', 'this']);
/** What a reported claim was said in: "HR removed the post". */
const UTTERANCES = new Set(['post', 'comment', 'tweet', 'message', 'remark', 'remarks', 'joke', 'video']);

/**
 * Whether the sentence from `first` opens by pointing back at the one before: a pointing word first,
 * a speaker's act on it as its object, second or third ("I reported it to HR"), or the utterance
 * named ("HR removed the post").
 */
function pointsBack(s: Scan, first: number, end: number): boolean {
  const text = (i: number): string => s.tokens[i]?.text ?? '';
  if (POINTS_BACK.has(text(first))) return true;
  for (let i = first + 1; i < Math.min(end, first + 3); i++) if (ACTED_ON.has(text(i))) return true;
  for (let i = first + 1; i < Math.min(end, first + 4); i++)
    if (UTTERANCES.has(text(i)) && /^(?:the|his|her|their|that)$/.test(text(i - 1))) return true;
  return false;
}

/**
 * Whether the short sentence right after the one of `m` (at most FOLLOW_UP_TOKENS, ";" ends a
 * sentence too) points back at it and condemns it as speech: "... that X are terrorists; it's a
 * hateful myth." No negator and no word that sides with the claim (UNCONDEMN, ENDORSE).
 */
function condemnedNext(s: Scan, m: Mention): boolean {
  const { tokens } = s;
  const first = s.sentEnd[tokens[m.a]?.sentence ?? 0] ?? tokens.length;
  const end = s.sentEnd[tokens[first]?.sentence ?? 0] ?? first;
  if (first >= tokens.length || end - first > FOLLOW_UP_TOKENS) return false;
  if (!pointsBack(s, first, end)) return false;
  let found = false;
  for (let i = first; i < end; i++) {
    const w = tokens[i]?.text ?? '';
    if (UNCONDEMN.has(w) || ENDORSE.has(w) || isNegator(w) || UNENDORSE.has(w)) return false;
    if (QUOTE_CONDEMN.has(w)) found = true;
  }
  return found;
}

/** Whether the intensifiers from token i lead straight to a condemning word. */
function intensifies(text: (i: number) => string, i: number, end: number): boolean {
  let j = i;
  while (j < end && INTENSIFIERS.has(text(j))) j++;
  return j < end && CONDEMN.has(text(j));
}

/** Words that judge a quoted statement as speech: CONDEMN and the harm a statement does. */
const QUOTE_CONDEMN = new Set([
  ...CONDEMN,
  'hateful',
  'offensive',
  'ignorant',
  'ignorance',
  'hurtful',
  'harmful',
  'wrong',
  'stereotype',
  'stereotypes',
  'unacceptable',
  'disgusting',
  // What is done to a speaker of hate: reported, blocked, suspended.
  'reported',
  'blocked',
  'suspended',
  'removed',
  'deleted',
  'condemned',
  'apologized',
  'apologised',
  // The claim named as bias or as what the law forbids.
  'bias',
  'biased',
  'illegal',
  'unlawful',
  'discrimination',
  'discriminatory',
  'unfair',
  'unfounded',
  'baseless',
  // The harm a statement does: "Statements like 'X are ...' cause real harm."
  'harm',
  'hurt',
  'hurts',
]);
/** Verbs that name a group with the quoted words after it: «called X "lazy"». */
const CALLING = new Set(['called', 'calling', 'call', 'calls']);

/** A quotation opening within two characters of `end` (after a space or a comma), up to its close. */
function quotedAfter(text: string, end: number, to: number): [number, number] | null {
  let open = end;
  while (open < Math.min(to, end + 2) && (text[open] === ' ' || text[open] === ',')) open++;
  if (!isQuote(text[open] ?? '')) return null;
  for (let i = open + 1; i < to; i++) {
    const c = text[i] as string;
    if (isQuote(c) && !isLetter(text[i + 1])) return i > open + 1 ? [open + 1, i] : null;
  }
  return null;
}

/** Blame this strong (valence.ts) in the quoted words, above their praise, makes them a damaging claim. */
const QUOTE_BLAME = 0.3;
const isQuote = (c: string): boolean =>
  c === '"' || c === '“' || c === '”' || c === '‘' || c === '’' || c === "'";
const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);

/**
 * The quoted stretch [open, close) of `text` around [start, end) within [from, to), or null. A
 * single quote opens only after a non-letter and closes only before one, so "don't" is no quote.
 */
function quotedAround(
  text: string,
  start: number,
  end: number,
  from: number,
  to: number,
): [number, number] | null {
  let open = -1;
  for (let i = start - 1; i >= from; i--) {
    const c = text[i] as string;
    if (isQuote(c) && !isLetter(text[i - 1])) {
      open = i;
      break;
    }
  }
  if (open < 0) return null;
  for (let i = end; i < to; i++) {
    const c = text[i] as string;
    if (isQuote(c) && !isLetter(text[i + 1])) return [open + 1, i];
  }
  return null;
}

/**
 * Whether the sentence of `m` puts a damaging claim about the group in quotation marks and judges
 * it as speech outside them: «"X are violent" is a racist lie», «When people say 'X are weak',
 * they show their own ignorance». The quoted words must carry blame (valence.ts), so a quoted
 * praise called a lie («"X are normal" is a lie») is no counter-speech; outside the quotes a
 * word of QUOTE_CONDEMN, no negator and no word that sides with the claim (UNCONDEMN, ENDORSE).
 */
export function quotedClaimCondemned(s: Scan, m: Mention): boolean {
  const { tokens, text } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const from = Math.max(0, (tokens[sStart]?.start ?? 0) - 1);
  const to = Math.min(text.length, (tokens[sEnd - 1]?.end ?? text.length) + 1);
  // «called X "Y"»: the group named outside the quotes, the damaging words quoted right after it.
  const namer = CALLING.has(tokens[m.a - 1]?.text ?? '') ? m.a - 1 : -1;
  const quoted =
    quotedAround(text, m.start, m.end, from, to) ?? (namer >= 0 ? quotedAfter(text, m.end, to) : null);
  if (quoted === null) return false;
  const [praise, blame] = valenceFeatures(text.slice(quoted[0], quoted[1]).toLowerCase());
  if (blame < QUOTE_BLAME || blame <= praise) return false;
  let found = false;
  for (let i = sStart; i < sEnd; i++) {
    const t = tokens[i];
    if (!t || (t.start >= quoted[0] && t.end <= quoted[1]) || i === namer) continue;
    if (UNCONDEMN.has(t.text) || ENDORSE.has(t.text) || isNegator(t.text)) return false;
    if (QUOTE_CONDEMN.has(t.text)) found = true;
  }
  return found;
}

/** Words that side with a claim ("But it's true."). */
const ENDORSE = new Set(['true', 'truth', 'fact', 'facts', 'right', 'correct', 'accurate']);
/** How a follow-up sentence turns against what was just said. */
const CONTRAST = new Set(['but', 'yet', 'still', 'though', 'however']);
/** The speaker naming themselves: "then I am racist", "call me a bigot". */
const SELF = new Set(["i'm", 'am', "we're", 'me', 'us']);
/** Words that point back at the condemnation itself: "That's the truth." affirms it. */
const BACK_REFERENCE = new Set(['that', "that's", 'thats', 'this', "this's"]);
/** Words that deny what follows them like a negator: "None of it is true." */
const UNENDORSE = new Set(['none', 'nothing', 'hardly']);
/** Verbs of holding a view in "if you think X ..." (the addressee's view, put as a condition). */
const HELD_VIEW = new Set(['think', 'believe', 'say', 'feel', 'agree']);
/** Adverbs allowed between "you" and the verb ("if you really think"). */
const VIEW_ADVERBS = new Set(['really', 'still', 'honestly', 'seriously', 'actually', 'truly']);
const ADDRESSEE = new Set(['you', "you're", 'youre']);
/** What the answer calls the addressee: "you are the problem", "you're a bigot". */
const ADDRESSEE_CONDEMN = new Set([
  ...QUOTE_CONDEMN,
  'problem',
  'idiot',
  'moron',
  'fool',
  'clown',
  'pathetic',
  'ashamed',
  'shame',
]);
/** How many tokens after the comma the answer to the condition may take. */
const ANSWER_TOKENS = 8;

/**
 * Whether tokens [a, b) say something damaging: blame above praise (valence.ts), a damaging trait or
 * dehumanizing word, or a hostile or trait phrase.
 */
function damagingView(s: Scan, a: number, b: number): boolean {
  if (leaning(s, a, b) === 'praise') return false;
  return (
    damaging(s, a, b) || !noTraitWords(s, a, b, [0, 0]) || !noPhrasesBefore(s, a, b, Number.POSITIVE_INFINITY)
  );
}

/**
 * Whether the sentence of `m` puts a claim about the group as the addressee's view and condemns the
 * addressee for it: "If you think X should be locked up, you are the problem", "If you still believe
 * X are lazy, you're part of the problem". The condition must open the sentence ("if you [adverb]
 * think|believe|say|feel [that]" right before the group); after the first comma past the group, the
 * answer must open with "you" (or "then you") and hold a condemning word and no negator, and the
 * view must be damaging (damagingView).
 */
export function addresseeCondemned(s: Scan, m: Mention): boolean {
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let v = m.a - 1;
  if (text(v) === 'that') v--;
  if (!HELD_VIEW.has(text(v))) return false;
  let y = v - 1;
  if (VIEW_ADVERBS.has(text(y))) y--;
  if (text(y) !== 'you' || text(y - 1) !== 'if' || y - 1 !== sStart) return false;
  // The answer: the first token after a comma past the group.
  let answer = -1;
  for (let i = m.b; i < sEnd; i++) {
    const gap = s.text.slice(tokens[i - 1]?.end ?? 0, tokens[i]?.start ?? 0);
    if (gap.includes(',')) {
      answer = i;
      break;
    }
  }
  // The view must be a damaging one: "If you think X are normal, you are the problem" attacks X.
  if (answer < 0 || !damagingView(s, m.b, answer)) return false;
  if (text(answer) === 'then') answer++;
  if (!ADDRESSEE.has(text(answer))) return false;
  let found = false;
  for (let i = answer + 1; i < Math.min(sEnd, answer + 1 + ANSWER_TOKENS); i++) {
    const w = text(i);
    if (isNegator(w) || UNCONDEMN.has(w) || ENDORSE.has(w)) return false;
    if (ADDRESSEE_CONDEMN.has(w)) found = true;
  }
  return found;
}

/** Longest follow-up sentence read (a short retort, not a new topic). */
const FOLLOW_UP_TOKENS = 12;
/** How many sentences after the stance's own are read. */
const FOLLOW_UP_SENTENCES = 2;

/**
 * Whether one of the FOLLOW_UP_SENTENCES short sentences after the sentence of `m` embraces the
 * claim that sentence condemned or rejected: a contrast that calls it true ("... is a racist
 * trope. But it's true."), the speaker taking the label ("Is it racist to say X are greedy? Then I
 * am racist.", "Call me a bigot."), or, after a condemned claim (`condemned`), a bare endorsement
 * ("People say X are lazy is a racist trope. It's a fact."). A sentence that points back with
 * "that" or "this" ("That's the truth.") affirms the condemnation, and one with a negator or
 * "none" ("That is simply not true.") denies the claim: neither embraces it.
 */
export function embracedAfter(s: Scan, m: Mention, condemned: boolean): boolean {
  const { tokens } = s;
  const word = (i: number): string => tokens[i]?.text ?? '';
  // Sentence numbers skip at "..." or "?!", so the next sentence starts at the next token.
  let first = s.sentEnd[tokens[m.a]?.sentence ?? 0] ?? tokens.length;
  for (let n = 0; n < FOLLOW_UP_SENTENCES && first < tokens.length; n++) {
    const end = s.sentEnd[tokens[first]?.sentence ?? 0] ?? first + 1;
    if (end - first <= FOLLOW_UP_TOKENS && embraces(first, end)) return true;
    first = end;
  }
  return false;

  function embraces(first: number, end: number): boolean {
    let endorse = false;
    let selfLabel = false;
    for (let i = first; i < end; i++) {
      const w = word(i);
      if (isNegator(w) || UNENDORSE.has(w)) return false;
      if (ENDORSE.has(w)) endorse = true;
      // "I'm racist", "I am a bigot", "call me racist": a condemning word within two words after.
      if (SELF.has(w) && (CONDEMN.has(word(i + 1)) || CONDEMN.has(word(i + 2)))) selfLabel = true;
    }
    const opener = word(first);
    return selfLabel || (endorse && (CONTRAST.has(opener) || (condemned && !BACK_REFERENCE.has(opener))));
  }
}

/** First-person words: the speaker speaks of themself. */
const FIRST_PERSON = new Set(['i', "i'm", 'im', 'me', 'my', 'myself', "i've", "i'd"]);

/**
 * Whether the sentence of `m` is the speaker naming their own identity: "I'm a proud bisexual
 * woman", "As a deaf man, I ...", "Being gay is part of who I am". The frame right before the group
 * ("I am (a)", "I'm (a)", "as a", "being (a)", "proud" between), a first-person word in the
 * sentence, no other targeted group but one of the same kind ("as a queer person, I use the word
 * queer") or the noun right after it ("a bisexual woman"), and no trait, dehumanizing word or
 * hostile or trait phrase anywhere in the sentence. Kept narrow like rejectedClaim: "As a Muslim, I
 * think women are inferior" names another group.
 */
export function selfIdentified(s: Scan, mentions: readonly Mention[], k: number): boolean {
  const m = mentions[k];
  if (!m || m.anaphoric) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let i = m.a - 1;
  if (text(i) === 'proud') i--;
  if (text(i) === 'a' || text(i) === 'an') i--;
  const w = text(i);
  const said = w === "i'm" || w === 'im' || (w === 'am' && text(i - 1) === 'i');
  if (i < sStart || !(said || w === 'as' || w === 'being')) return false;
  let speaker = said;
  for (let j = sStart; j < sEnd; j++) {
    const t = text(j);
    if (j < i || j >= m.b) speaker ||= FIRST_PERSON.has(t);
    if (DEHUMANIZING.has(t) || (TRAITS.has(t) && !POSITIVE_TRAITS.has(t))) return false;
  }
  if (!speaker) return false;
  // The other mentions of the window, read outward from this one (mentions are in text order, so
  // only the window's are read: linear overall).
  const sameIdentity = (o: Mention): boolean =>
    isMajorityTerm(o.term) || o.group.category === m.group.category;
  for (let n = k - 1; n >= 0; n--) {
    const o = mentions[n];
    if (!o || o.b <= sStart) break;
    if (!sameIdentity(o)) return false;
  }
  for (let n = k + 1; n < mentions.length; n++) {
    const o = mentions[n];
    if (!o || o.a >= sEnd) break;
    // The noun of the same identity ("a bisexual woman") is part of it.
    if (o.a !== m.b && !sameIdentity(o)) return false;
  }
  return noPhrasesBefore(s, sStart, sEnd, tokens[sEnd - 1]?.end ?? 0);
}

/** Copulas before a rate: "X are more likely to ...". */
const RATE_COPULAS = new Set(['are', 'were', 'is', 'was']);
/** Words that may stand between the copula and "more" / "less": "are far less likely to". */
const RATE_ADVERBS = new Set([
  'much',
  'far',
  'slightly',
  'significantly',
  'still',
  'also',
  'often',
  'statistically',
]);
/** What was done to a group in a past report: "X were deported", "X were banned from ...". */
const PERSECUTED = new Set([
  'deported',
  'banned',
  'barred',
  'expelled',
  'interned',
  'persecuted',
  'enslaved',
  'murdered',
  'killed',
  'lynched',
  'massacred',
  'exterminated',
  'rounded',
  'segregated',
  'excluded',
  'denied',
  'forbidden',
  'prohibited',
  'forced',
  'displaced',
  'targeted',
  'discriminated',
  'imprisoned',
  'jailed',
  'detained',
  'incarcerated',
  'sterilized',
  'sterilised',
  'attacked',
  'harassed',
  'evicted',
  'redlined',
  'colonized',
  'colonised',
  'marginalized',
  'marginalised',
  'oppressed',
  'executed',
  'hanged',
  'gassed',
  'tortured',
  'locked',
  'stripped',
  'disenfranchised',
  'relocated',
  'removed',
  'driven',
  'sent',
  'kept',
  'shut',
  'refused',
]);
/** Between "were" and what was done: "were forcibly removed", "were historically redlined". */
const REPORT_ADVERBS = new Set([
  'historically',
  'once',
  'forcibly',
  'unjustly',
  'wrongly',
  'wrongfully',
  'systematically',
  'routinely',
  'often',
  'also',
  'later',
  'then',
  'brutally',
  'illegally',
  'legally',
  'long',
  'still',
]);
/** What approves of a past persecution: "were deported, and good riddance", "rightly banned". */
const APPROVAL = new Set([
  'rightly',
  'deservedly',
  'justly',
  'thankfully',
  'finally',
  'good',
  'riddance',
  'deserved',
  'deserve',
  'should',
  'must',
  'again',
  'more',
  'better',
  'glad',
  'happy',
  'great',
  'enough',
  'need',
  'needs',
]);
/** Approval in a protection's sentence: its own modal ("should not be") is none. */
const PROTECTION_APPROVAL: ReadonlySet<string> = new Set(
  [...APPROVAL].filter((w) => w !== 'should' && w !== 'must'),
);

/**
 * The token after the mention, past one plural noun of a role the group is named by ("Black
 * voters were ...", "Gay teachers must ..."): a plain word ending in "s" before a verb of `next`.
 */
function roleAfter(s: Scan, m: Mention, next: ReadonlySet<string> = ROLE_VERBS): number {
  const w = s.tokens[m.b]?.text ?? '';
  return VERB_WORD.test(w) && w.endsWith('s') && next.has(s.tokens[m.b + 1]?.text ?? '') ? m.b + 1 : m.b;
}
const ROLE_VERBS: ReadonlySet<string> = new Set(['were', 'was', 'should', 'must', "shouldn't", "mustn't"]);

/**
 * Whether the sentence of `m` reports what was done to the group in the past: "Japanese Americans
 * were rounded up and sent to camps", "Gay men were banned from donating blood for decades". The
 * hostile word at the participle is the report's own; any approval ("and good riddance"), trait or
 * dehumanizing word, or another hostile or trait phrase leaves the sentence to the model.
 */
export function pastReport(s: Scan, m: Mention): boolean {
  if (m.anaphoric) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  // The group may name people by a role the lexicon does not list ("Black voters", "Jewish doctors").
  let i = roleAfter(s, m);
  if (text(i) !== 'were' && text(i) !== 'was') return false;
  i++;
  if (REPORT_ADVERBS.has(text(i))) i++;
  if (!PERSECUTED.has(text(i))) return false;
  if (!noTraitWords(s, sStart, sEnd, [m.a, m.b], APPROVAL)) return false;
  return noPhrasesBefore(s, sStart, sEnd, tokens[sEnd - 1]?.end ?? 0, tokens[i]?.start ?? -1);
}

/** A plain lower-case word, the verb of "X commit fewer crimes". */
const VERB_WORD = /^[a-z]{3,20}$/;

/**
 * "X commit fewer crimes than ...", "X cause fewer accidents": a verb, then "fewer" or "less" and a
 * blame ("Mexicans work less" is a trait claim: the measured thing must be a blame). No trait,
 * dehumanizing word or phrase elsewhere in the sentence.
 */
function lessBlame(s: Scan, verb: number, sEnd: number, sStart: number): boolean {
  const text = (i: number): string => s.tokens[i]?.text ?? '';
  let i = verb;
  if (RATE_ADVERBS.has(text(i))) i++;
  if (!VERB_WORD.test(text(i)) || (text(i + 1) !== 'fewer' && text(i + 1) !== 'less')) return false;
  const end = rateEnd(s, i + 2, sEnd);
  if (end <= i + 2 || leaning(s, i + 2, end) !== 'blame') return false;
  // The blame measured ("fewer violent crimes") is no trait of the group.
  if (!noTraitWords(s, sStart, sEnd, [i + 2, end])) return false;
  return noPhrasesBefore(s, sStart, sEnd, s.tokens[sEnd - 1]?.end ?? 0);
}

/** What a group is protected from in "X should not be ...": harms done to it ("sent back", "fired"). */
const PROTECTED_FROM = new Set([
  'deported',
  'banned',
  'barred',
  'expelled',
  'interned',
  'persecuted',
  'enslaved',
  'killed',
  'segregated',
  'excluded',
  'denied',
  'discriminated',
  'imprisoned',
  'jailed',
  'detained',
  'harassed',
  'evicted',
  'attacked',
  'fired',
  'punished',
  'sterilized',
  'sterilised',
  'tortured',
  'executed',
  'shamed',
  'bullied',
  'targeted',
]);

/** Whether "no" stands right before the mention, no mark between ("No Muslim should ...", not "No, Muslims"). */
export function underNo(s: Scan, m: Mention): boolean {
  const prior = s.tokens[m.a - 1];
  return prior?.text === 'no' && s.text.slice(prior.end, m.start).trim() === '';
}

/**
 * Whether the sentence of `m` protects the group from a harm: "Refugees should not be sent back to
 * countries at war", "Gay teachers must never be fired for who they are". A modal, a negation, "be"
 * and the harm ("sent" only with "back" or "home", "kept" with "out"); the hostile word at the harm is the protection's
 * own, and any other trait, dehumanizing word or phrase leaves the sentence to the model.
 */
export function protectedClaim(s: Scan, m: Mention): boolean {
  if (m.anaphoric) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let i = roleAfter(s, m);
  if (!MODALS.has(text(i)) && text(i) !== 'shouldnt' && text(i) !== "shouldn't" && text(i) !== "mustn't")
    return false;
  // "No Muslim should be deported": the group under "no" is the negation.
  const none = underNo(s, m);
  if (MODALS.has(text(i))) {
    i++;
    if (text(i) !== 'not' && text(i) !== 'never' && !none) return false;
    if (text(i) !== 'be') i++;
  } else i++;
  if (text(i) !== 'be') return false;
  i++;
  const harm = text(i);
  const sentBack =
    (harm === 'sent' && (text(i + 1) === 'back' || text(i + 1) === 'home')) ||
    (harm === 'kept' && text(i + 1) === 'out');
  if (!PROTECTED_FROM.has(harm) && !sentBack) return false;
  if (!noTraitWords(s, sStart, sEnd, [m.a, m.b], PROTECTION_APPROVAL)) return false;
  // The call the negation turns ("should be deported" and "deported") is the protection's own.
  return noPhrasesBefore(s, sStart, sEnd, tokens[sEnd - 1]?.end ?? 0, [
    tokens[m.b]?.start ?? -1,
    tokens[i]?.start ?? -1,
  ]);
}

/** Adverbs of a rate before a passive: "X are disproportionately stopped", "often denied". */
const PASSIVE_RATES = new Set([
  'disproportionately',
  'often',
  'frequently',
  'routinely',
  'regularly',
  'systematically',
  'rarely',
  'seldom',
  'unfairly',
  'still',
]);
/** Where the thing a rate counts ends: "... to be stopped | than white drivers". */
const RATE_END = new Set(['than', 'compared', 'according', 'because', 'which', 'but']);
/** Where the thing a rate counts ends, from token `from`: the first RATE_END word, else `sEnd`. */
function rateEnd(s: Scan, from: number, sEnd: number): number {
  for (let j = from; j < sEnd; j++) if (RATE_END.has(s.tokens[j]?.text ?? '')) return j;
  return sEnd;
}
/** A past participle after "be": what is done to the group ("to be stopped", "to be denied"). */
const PARTICIPLE =
  /^(?:\p{L}{2,30}(?:ed|en)|paid|held|told|seen|left|kept|sent|hit|shot|put|set|cut|caught|taught|bought|brought|found|made|given|taken|denied)$/u;

/**
 * Whether the sentence of `m` states a rate for the group, not a trait: "Immigrants are less likely
 * to commit crimes", "Black drivers are more likely to be stopped by police", "Muslims are less
 * likely to drink alcohol". A benign stance when the rate is of something done to the group (a
 * passive), of something that is no blame ("more likely to use social media"), or a lower rate of
 * something that is no praise; "X are more likely to commit crimes" and "X are less likely to work
 * hard" stay with the model. No trait, dehumanizing word or hostile phrase elsewhere in the sentence.
 */
export function rateClaim(s: Scan, m: Mention): boolean {
  if (m.anaphoric) return false;
  const { tokens } = s;
  const [sStart, sEnd] = windowOf(s, m);
  const text = (i: number): string => tokens[i]?.text ?? '';
  let i = m.b;
  // "X commit fewer crimes": less of a blame, said with the verb of the blame itself.
  if (!RATE_COPULAS.has(text(i))) return lessBlame(s, i, sEnd, sStart);
  i++;
  // "X are disproportionately stopped", "X are more often interrupted": a rate of what is done to them.
  const passiveRate = (j: number): boolean =>
    (PASSIVE_RATES.has(text(j)) && PARTICIPLE.test(text(j + 1))) ||
    ((text(j) === 'more' || text(j) === 'less') && text(j + 1) === 'often' && PARTICIPLE.test(text(j + 2)));
  if (passiveRate(i)) {
    // Done to them by someone ("stopped by police"), or no blame ("involved in crime" is one).
    const what = text(i) === 'more' || text(i) === 'less' ? i + 2 : i + 1;
    const end = rateEnd(s, what, sEnd);
    if (text(what + 1) !== 'by' && leaning(s, what, end) === 'blame') return false;
  } else {
    if (RATE_ADVERBS.has(text(i))) i++;
    const more = text(i) === 'more';
    if ((!more && text(i) !== 'less') || text(i + 1) !== 'likely' || text(i + 2) !== 'to') return false;
    const what = i + 3;
    const end = rateEnd(s, what, sEnd);
    if (end <= what) return false;
    const passive = text(what) === 'be' && PARTICIPLE.test(text(what + 1));
    if (!passive && leaning(s, what, end) === (more ? 'blame' : 'praise')) return false;
  }
  if (!noTraitWords(s, sStart, sEnd, [m.a, m.b])) return false;
  return noPhrasesBefore(s, sStart, sEnd, tokens[sEnd - 1]?.end ?? 0);
}

/** The stance rules' regular expressions, for the ReDoS test. */
export const STANCE_REGEXES: readonly RegExp[] = [PARTICIPLE, VERB_WORD, CLAUSE_BREAK];
