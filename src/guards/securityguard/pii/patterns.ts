import { ADDRESS_INTERNAL_PATTERNS } from './address.js';
import { PHONE_AUX_PATTERNS } from './detect.js';
import { ENTITY_PATTERNS } from './entities.js';
import { GERMAN_PATTERNS } from './german.js';
import { NAMED_THING_PATTERNS } from './named-things.js';
import { LETTER_RE } from './ner/features.js';
import { UPPER_RE } from './ner/model.js';
import { NER_PATTERNS } from './ner/tokenize.js';
import { OTHER_LANGUAGE_PATTERNS } from './other-languages.js';
import { PERSON_PATTERNS } from './person.js';

/** Helper patterns of the PII detector that are not part of its public surface (ReDoS test). */
export const PII_INTERNAL_PATTERNS: readonly RegExp[] = [
  ...PERSON_PATTERNS,
  ...ADDRESS_INTERNAL_PATTERNS,
  ...PHONE_AUX_PATTERNS,
  ...ENTITY_PATTERNS,
  ...GERMAN_PATTERNS,
  ...OTHER_LANGUAGE_PATTERNS,
  ...NAMED_THING_PATTERNS,
  ...NER_PATTERNS,
  LETTER_RE,
  UPPER_RE,
];
