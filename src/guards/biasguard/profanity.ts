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

interface MatcherInternals {
  blacklistedTerms?: readonly { regExp?: unknown }[];
  blacklistMatcherTransformers?: unknown;
  applyTransformers?: (input: string, transformers: unknown) => [number[], string];
}

function joinedPattern(): RegExp | null {
  const m = matcher as unknown as MatcherInternals;
  const terms = m.blacklistedTerms;
  if (!Array.isArray(terms) || terms.length === 0 || typeof m.applyTransformers !== 'function') return null;
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

function mayMatch(text: string): boolean {
  if (!anyTerm) return true;
  const m = matcher as unknown as Required<MatcherInternals>;
  const [, transformed] = m.applyTransformers(text, m.blacklistMatcherTransformers);
  return anyTerm.test(transformed);
}

/** obscenity's matches in `text`, sorted by position (as `getAllMatches(text, true)`). */
export function profanityMatches(text: string): MatchPayload[] {
  return mayMatch(text) ? matcher.getAllMatches(text, true) : [];
}

/** The dataset's word for a match (its `originalWord` metadata), '' when it has none. */
export function matchedWord(match: MatchPayload): string {
  return englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? '';
}
