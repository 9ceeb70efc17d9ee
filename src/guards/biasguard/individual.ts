/**
 * Abuse of one person is not bias: "My boss is a useless idiot.", "Kevin is such a lazy slob.",
 * "You're a pathetic loser." name no group, yet the model read their insults as hate (HateCheck's
 * abuse of individuals: 4 of the functional probe's 10 flagged, 4 of 16 in two fresh probes). A
 * chunk that names no group and no slur, speaks of one person (a name, "my boss", "he", "you're a"),
 * and has no plural back-reference that hate without a group name uses ("they", "those people",
 * "you people") is capped like a benign stance (analyzeBias). A rule over the model, kept narrow:
 * a group named anywhere in the chunk leaves the model's score.
 */

/** One person as the subject: "my boss is", "Kevin was", "he's", "you're a", ", you moron". */
const INDIVIDUAL =
  /\b(?:(?:[Mm]y|[Yy]our|[Hh]is|[Hh]er|[Oo]ur|[Tt]hat|[Tt]his)\s+(?:[a-z-]+\s+){0,2}?(?:is|was|'s)|(?:[Hh]e|[Ss]he)(?:'s|\s+is|\s+was)|[Yy]ou(?:'re|\s+are)\s+(?:a|an|such|so|the|just|really|completely|totally|truly|nothing)|[A-Z][a-z]{1,20}\s+(?:is|was))\b|,\s*you\s+(?:[a-z]+\s+)?[a-z]+\s*[.!?]*\s*$/;
/** A plural or group back-reference: what hate that names no group speaks of. */
const PLURAL =
  /\b(?:they|them|their|theirs|those|these|you\s+people|you\s+guys|y'all|your\s+kind|their\s+kind|people\s+like\s+(?:you|them)|all\s+of\s+(?:you|them))\b/i;
/** Nouns after "my", "your", "this" that stand for a group, not a person ("your kind is ..."). */
const GROUP_NOUN =
  /\b(?:my|your|his|her|our|that|this)\s+(?:[a-z-]+\s+){0,2}?(?:kind|people|race|type|community|culture|religion|country|tribe|lot|folk)\s+(?:is|was|'s)\b/i;

/** The regular expressions of this file, for the ReDoS test. */
export const INDIVIDUAL_REGEXES: readonly RegExp[] = [INDIVIDUAL, PLURAL, GROUP_NOUN];

/** Longest chunk read: chunks are at most 600 characters (detect.ts). */
const MAX_CHARS = 1000;

/** Whether `text`, which names no group, speaks of one person and of no group by back-reference. */
export function aboutOnePerson(text: string): boolean {
  const t = text.slice(0, MAX_CHARS);
  return INDIVIDUAL.test(t) && !PLURAL.test(t) && !GROUP_NOUN.test(t);
}
