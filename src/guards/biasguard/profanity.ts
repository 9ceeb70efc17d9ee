import { englishDataset, englishRecommendedTransformers, type MatchPayload, RegExpMatcher } from 'obscenity';

/**
 * obscenity's English profanity and slur matcher (leetspeak, confusable letters and stretched
 * words resolved), with a pre-test that keeps its answer and most of its cost off clean text.
 *
 * `getAllMatches` transforms the text twice (once for the whitelist) and runs each of its ~120
 * patterns over it: about 170 µs on 1 KB, most of BiasGuard's time. Nearly all text matches no
 * pattern, and a text whose transformed form matches none of them has no match at all (the
 * whitelist only removes matches), so one transform and one pass of all the patterns joined
 * decide first; only a text that passes goes through `getAllMatches`. The pre-test reads two
 * fields obscenity does not export; if a release renames them, `fastPath` is false and every
 * text goes straight to `getAllMatches` (a test fails so that is noticed).
 */
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

/** obscenity's TransformerSet: one code point in, its transformed code point (or none) out. */
interface Transformers {
  applyTo(char: number): number | undefined;
  resetAll(): void;
}

interface MatcherInternals {
  blacklistedTerms?: readonly { regExp?: unknown }[];
  blacklistMatcherTransformers?: Transformers;
}

function joinedPattern(): RegExp | null {
  const m = matcher as unknown as MatcherInternals;
  const terms = m.blacklistedTerms;
  const set = m.blacklistMatcherTransformers;
  if (
    !Array.isArray(terms) ||
    terms.length === 0 ||
    typeof set?.applyTo !== 'function' ||
    typeof set.resetAll !== 'function'
  )
    return null;
  const sources: string[] = [];
  let flags = '';
  for (const t of terms) {
    if (!(t.regExp instanceof RegExp)) return null;
    sources.push(`(?:${t.regExp.source})`);
    flags = t.regExp.flags;
  }
  // Every term is compiled with the same flags; anything else is not this matcher's layout.
  if (terms.some((t) => (t.regExp as RegExp).flags !== flags)) return null;
  return new RegExp(sources.join('|'), flags.replace('g', ''));
}

const anyTerm = joinedPattern();

/** The pre-test's pattern; null when obscenity's internals changed and every text is fully matched. */
export const PROFANITY_PRETEST: RegExp | null = anyTerm;

/**
 * The text as obscenity's blacklist matcher sees it, through its own transformers. obscenity's
 * `applyTransformers` also maps each position back to the input and builds the string one code
 * point at a time (a 1 KB text allocated ~120 KB, a quarter of a whole `/check`); the pre-test
 * needs neither, so code points are collected in a flat array and joined in bounded chunks.
 */
function transformedText(text: string, set: Transformers): string {
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    if (cp > 0xffff) i++;
    const out = set.applyTo(cp);
    if (out !== undefined) codes.push(out);
  }
  set.resetAll();
  let joined = '';
  for (let at = 0; at < codes.length; at += CHUNK)
    joined += String.fromCodePoint(...codes.slice(at, at + CHUNK));
  return joined;
}

/** Code points per String.fromCodePoint call: bounded, so a long text cannot overflow the stack. */
const CHUNK = 4096;

const blacklistTransformers = (matcher as unknown as MatcherInternals).blacklistMatcherTransformers;

/** What the pre-test reads: the text through the blacklist transformers (null without the pre-test). */
export function pretestView(text: string): string | null {
  return anyTerm && blacklistTransformers ? transformedText(text, blacklistTransformers) : null;
}

function mayMatch(text: string): boolean {
  const view = pretestView(text);
  return view === null || (anyTerm?.test(view) ?? true);
}

/** obscenity's matches in `text`, sorted by position (as `getAllMatches(text, true)`). */
export function profanityMatches(text: string): MatchPayload[] {
  return mayMatch(text) ? matcher.getAllMatches(text, true) : [];
}

/** The dataset's word for a match (its `originalWord` metadata), '' when it has none. */
export function matchedWord(match: MatchPayload): string {
  return englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? '';
}
