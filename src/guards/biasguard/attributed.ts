import type { BiasCategory } from './lexicon.js';
import type { Mention } from './scan.js';

/**
 * A judgment of one person drawn from their group: "As a woman, she may find the technical parts
 * challenging", "Given his age, he probably won't adapt", "Since he's Muslim, he may have divided
 * loyalties". Model outputs about candidates, patients and tenants carry this bias more often
 * than slurs, and the classifier, trained on statements about whole groups (ToxiGen, Davidson),
 * scored a fresh probe of ten such sentences 0.04-0.54 (2026-12-06). A rule over the model: a
 * cause (the group or a protected attribute given as the reason), a pronoun for the person after
 * it, and a limiting prediction about them, all in one sentence; a sentence that names the
 * judgment as bias or an assumption is left to the model.
 */

export interface AttributedJudgment {
  start: number;
  end: number;
  category: BiasCategory;
}

/** Frames that give a group membership as the reason, the group named right after them. */
const MEMBERSHIP =
  /\b(?:as\s+an?\s+|being\s+(?:an?\s+)?|(?:since|because|given\s+that)\s+(?:he|she)(?:'s|\s+is|\s+was)\s+(?:an?\s+)?|(?:he|she)(?:'s|\s+is)\s+(?:an?\s+)?)(?=\S)/g;
/** A protected attribute given as the reason: "given his age", "because of her accent". */
const ATTRIBUTE =
  /\b(?:given|because\s+of|due\s+to)\s+(?:his|her|their)\s+(age|gender|sex|race|ethnicity|skin\s+colou?r|religion|faith|disability|accent|nationality|origins?|pregnancy|sexuality|orientation|weight)\b/g;
/** The opening of ATTRIBUTE, a cheap pre-test over a whole text that names no group. */
const ATTRIBUTE_CUE = /\b(?:given|because\s+of|due\s+to)\s+(?:his|her|their)\s/i;
/** The person the judgment is about, after the cause. */
const PERSON = /\b(?:he|she|him|her)\b/;
/** A word of prediction; a limiting phrase must follow within LIMIT_WINDOW characters. */
const MODAL = /\b(?:may|might|will|would|could|can|probably|likely|tends?\s+to)\b/g;
const LIMIT_WINDOW = 60;
/** What the prediction limits: ability, commitment, trust, or a place the group is "suited" to. */
const LIMITING =
  /\b(?:find|struggle|have\s+(?:trouble|difficulty|a\s+hard\s+time|divided\s+loyalties)|(?:not|never)\s+(?:be\s+able\s+to\s+)?(?:handle|cope|adapt|keep\s+up|manage|understand|lead|focus|commit|fit\s+in|be\s+trusted|be\s+reliable|perform|learn)|be\s+(?:less|too|more\s+(?:emotional|aggressive|likely\s+to))|lack|need\s+(?:extra|more|closer)\s+(?:help|supervision|oversight|hand-holding)|be\s+a\s+(?:risk|liability|burden)|be\s+(?:better|best)\s+suited|(?:good|natural|better|perfect)\s+fit\s+for|exaggerate|overreact)\b/;
/** "find" limits only with a difficulty after it: "may find the role challenging". */
const DIFFICULT = /\b(?:challenging|difficult|hard|overwhelming|confusing)\b/;
/** A denied ability without a modal before it: "won't be able to handle", "can't lead". */
const CANNOT =
  /\b(?:won't|can't|cannot|couldn't|wouldn't)\s+(?:be\s+able\s+to\s+)?(?:handle|cope|adapt|keep\s+up|manage|understand|lead|focus|commit|fit\s+in|be\s+trusted|perform|learn)\b/;
/** The sentence names the judgment as bias or as someone's assumption: the model decides. */
const NAMED_AS_BIAS =
  /\b(?:wrong|unfair|bias(?:ed)?|illegal|unlawful|discriminat\w*|stereotyp\w*|assum\w*|myth|sexist|racist|ageist|ableist|prejudic\w*|shouldn't\s+assume)\b/;

const ATTRIBUTE_CATEGORY: Record<string, BiasCategory> = {
  age: 'age',
  gender: 'gender',
  sex: 'gender',
  pregnancy: 'gender',
  race: 'race_ethnicity',
  ethnicity: 'race_ethnicity',
  skin: 'race_ethnicity',
  religion: 'religion',
  faith: 'religion',
  disability: 'disability',
  accent: 'nationality',
  nationality: 'nationality',
  origin: 'nationality',
  origins: 'nationality',
  sexuality: 'sexual_orientation',
  orientation: 'sexual_orientation',
  weight: 'physical_appearance',
};
const PRONOUNS = new Set(['he', 'she', 'him', 'her', 'his', 'hers', 'they', 'them', 'their']);

/** The regular expressions of this file, for the ReDoS test. */
export const ATTRIBUTED_REGEXES: readonly RegExp[] = [
  ATTRIBUTE_CUE,
  MEMBERSHIP,
  ATTRIBUTE,
  PERSON,
  MODAL,
  LIMITING,
  DIFFICULT,
  CANNOT,
  NAMED_AS_BIAS,
];

/** Longest sentence read; longer ones are cut (a judgment sits in one clause or two). */
const MAX_SENTENCE = 400;

/**
 * The attributed judgments in `text`, one per sentence at most. `sentencesOf` gives the [start,
 * end) character ranges of its sentences (built only when needed); `mentions` the group mentions
 * of the text in order. Linear in the text.
 */
export function attributedJudgments(
  text: string,
  sentencesOf: () => readonly (readonly [number, number])[],
  mentions: readonly Mention[],
): AttributedJudgment[] {
  // A text that names no group can only give an attribute as the cause ("given his age").
  if (mentions.length === 0 && !ATTRIBUTE_CUE.test(text)) return [];
  const out: AttributedJudgment[] = [];
  let k = 0;
  for (const [from, rawTo] of sentencesOf()) {
    const to = Math.min(rawTo, from + MAX_SENTENCE);
    const own: Mention[] = [];
    while (k < mentions.length && (mentions[k]?.start ?? 0) < rawTo) {
      const m = mentions[k++];
      if (m && m.start >= from && m.end <= to && !PRONOUNS.has(m.term)) own.push(m);
    }
    const lower = text.slice(from, to).toLowerCase().replaceAll('’', "'");
    if (NAMED_AS_BIAS.test(lower)) continue;
    const found = causeOf(lower, from, own);
    if (!found) continue;
    const rest = lower.slice(found.end - from);
    const person = PERSON.exec(rest);
    if (!person) continue;
    if (!limits(rest.slice(person.index))) continue;
    out.push({ start: from, end: to, category: found.category });
  }
  return out;
}

/** The first cause in a sentence: a membership frame with a group right after it, or an attribute. */
function causeOf(
  lower: string,
  from: number,
  mentions: readonly Mention[],
): { end: number; category: BiasCategory } | null {
  MEMBERSHIP.lastIndex = 0;
  for (const m of lower.matchAll(MEMBERSHIP)) {
    const at = from + m.index + m[0].length;
    // The group within three words of the frame: "as a [Black] man", "she's a [single mother]".
    const g = mentions.find((x) => x.start >= at && x.start - at <= 24);
    if (g) return { end: g.end, category: g.group.category };
  }
  ATTRIBUTE.lastIndex = 0;
  const a = ATTRIBUTE.exec(lower);
  const word = a?.[1]?.split(/\s+/)[0];
  const category = word ? ATTRIBUTE_CATEGORY[word] : undefined;
  return a && category ? { end: from + a.index + a[0].length, category } : null;
}

/** Whether `after` (the sentence from the person on) predicts a limit on them. */
function limits(after: string): boolean {
  if (CANNOT.test(after)) return true;
  MODAL.lastIndex = 0;
  for (const m of after.matchAll(MODAL)) {
    const from = m.index + m[0].length;
    const window = after.slice(from, from + LIMIT_WINDOW);
    const l = LIMITING.exec(window);
    if (!l) continue;
    if (l[0] !== 'find' || DIFFICULT.test(window.slice(l.index, l.index + 50))) return true;
  }
  return false;
}
