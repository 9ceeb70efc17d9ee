import type { PiiEntity } from './types.js';

/**
 * Street addresses: a street line (house number + street name + suffix, a European street word
 * with its number, a leading street word such as "Rue"/"Via", number-words-number, or a street
 * named on a line of its own by a street-type word of one of many languages), post-office boxes
 * and military addresses; then the block is extended over the unit, city, region, country and
 * postal-code parts that follow on the same or the next lines.
 */

const SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Terrace|Ter|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Trl|Alley|Row|Crescent|Close|Gardens|Walk|Brook|Hill|Park|Plaza|Loop|Run|Pike|Path|Green|Grove|Ridge|Mews';
/** A full stop after an abbreviated street type only ("Main St."): "Downing Street." ends a sentence. */
const ABBREVIATION_DOT = '(?:(?<=St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Ter|Pkwy|Hwy|Cir|Trl)\\.)?';
const LEAD =
  'Rue|rue|Via|Viale|viale|Calle|calle|Avenida|avenida|Av|Rua|rua|R|Avenue|avenue|Piazza|piazza|Plaza|Chemin|chemin|Strada|strada|Carrer|carrer|Paseo|paseo|Praça|Largo|Travessa|Ul|ul|ulica|Boulevard|boulevard|Jalan|Jl|Jln|Λεωφ|Οδός';
// The capitalized street words no English sentence uses as an ordinary word: these may follow
// another word ("Abito in Via Roma 15", "Moro na Rua Augusta, 500"); the others (Av, R, Plaza,
// Avenue, Boulevard) only start a line or follow punctuation.
// "Av." with its dot reads as a street in a sentence too ("O evento será na Av. Paulista, 1578").
const LEAD_IN_SENTENCE =
  'Rue|Via|Viale|Calle|Avenida|Rua|Piazza|Chemin|Strada|Carrer|Paseo|Praça|Largo|Travessa|ulica|ul|Ul|Jalan|Jl|Jln|Av(?=\\.)';
const COMPOUND =
  'straat|strasse|straße|stræti|gasse|weg|vej|vägen|gatan|gata|veien|vegen|vei|laan|plein|gracht|singel|steeg|dreef|allee|allé|alléen|platz|damm|ufer|chaussee|dijk|kade|gade|torv|katu|utca|ulica';
const WORD = "[\\p{L}\\p{M}][\\p{L}\\p{M}.'’-]{0,30}";
// A word of a street's name after a leading street word: capitalized (or of a script without case),
// a number, or a particle or "and" inside the name ("Rue de la Paix", "Avenue of the Americas"), so
// the name stops where the sentence goes on in lower case ("... de la Paix and loved it").
const PARTICLE =
  'of|the|and|de|des|du|la|le|les|del|della|delle|dei|di|da|do|dos|das|von|van|der|den|y|e|al|el';
const STREET_NAME = `(?:[ \\t]{1,3}(?:(?:${PARTICLE})[ \\t]{1,3}){0,3}[\\p{Lu}\\p{Lo}][\\p{L}\\p{M}\\d.'’-]{0,30}){1,5}`;
// A compass direction after the street type ("1600 Pennsylvania Ave NW").
const DIRECTION = '(?:[ \\t](?:N|S|E|W|NE|NW|SE|SW)\\b\\.?)?';

// Street-type words of many languages, for a street named on a line of its own (no house number):
// the word closes the name ("Victoria Parade", "Tripureshwor Marg", "Dronningens Gade") ...
const TYPE_AFTER =
  'Street|St|Road|Rd|Avenue|Ave|Highway|Hwy|Parade|Close|Crescent|Quay|Plaza|Drive|Lane|Boulevard|Blvd|Way|Place|Square|Terrace|Marg|Mawatha|Magu|Gade|Gata|Gatan|Iela|Cesta|Caddesi|Sokak|Ulitsa|Straße|Strasse|Straat|Weg|Gasse|Allee';
// ... or opens it ("Jalan Gereja", "Route de la Plage", "Rua César Maria de Serpa Rosa", "شارع سفيان").
const TYPE_BEFORE =
  'Jalan|Jln|Triq|Route|Chemin|Rue|Rua|Avenida|Av|Praça|Piazza|Via|Viale|Calle|Carrera|Ulica|Ul|Boulevard|Kaya|Thanon|Soi|Calea|Strada|Đường|Duong|Rruga|Odos|Οδός|улица|ул|شارع|طريق';
// A name word: capitalized, of a script without case (Arabic), or a number ("7th"), or a particle
// inside a name ("Route de la Plage").
const NAME_WORD =
  "(?:[\\p{Lu}\\p{Lo}\\d][\\p{L}\\p{M}\\d.'’-]{0,30}|d[aeiou]s?|del|della|la|le|les|al|el|von|van)";

/**
 * One street-line rule. `requires` is a cheap test that any match implies (a digit, a newline, a
 * cue word): most text fails it, and then the rule's costlier pattern is not run at all.
 */
interface AddressRule {
  re: RegExp;
  requires?: RegExp;
  score: number;
  /** Can match text without a digit (a street named without a house number); others skip such text. */
  digitless?: true;
}

const DIGIT = /\d/;
/**
 * Words that number a part of a text or a release ("Chapter 12 Section 4", "Build 4512 Release
 * Candidate 2", "Patch 7 Fixes 3 bugs"): the number after one opens no street.
 */
const NUMBERED =
  'Chapter|Section|Sec|Build|Version|Ver|Patch|Release|Page|Step|Part|Level|Table|Figure|Fig|Item|Article|Art|Clause|Episode|Season|Volume|Vol|Issue|Round|Stage|Phase|Grade|Lesson|Module|Rule|Question|Exercise|Problem|Verse|Act|Scene|Line|Row|Column|Week|Day|Game|Track|Sprint|Milestone|Ticket|Bug|Task|Rev|v';
/**
 * Month names written capitalized (English, German, Dutch and the Romance languages at a line's
 * start), with their abbreviations: "12 May 2024" is a date, not a number, a name and a number.
 */
const MONTH =
  'Jan(?:uary|uar|vier|eiro)?|Feb(?:ruary|ruar)?|Mar(?:ch|s|zo)?|März|Apr(?:il|ile)?|Avril|May|Mai|Mei|Jun(?:e|i|io|ho)?|Juin|Jul(?:y|i|io|ho)?|Juillet|Aug(?:ust)?|Ago(?:sto)?|Août|Sep(?:t|tember|tembre|tiembre)?|Oct(?:ober|obre|ubre)?|Okt(?:ober)?|Nov(?:ember|embre)?|Dec(?:ember|embre)?|Dez(?:ember)?|Dic(?:iembre)?';
/**
 * Lower-case words that put a number and a street in one sentence without making the number a house
 * number: a unit, a bus line or a way of going ("the 42 bus to Main Street", "ran 10 km along Lake
 * Shore Drive", "5 minutes down Elm Street").
 */
const NOT_STREET_WORD =
  '(?:to|along|on|onto|into|down|up|from|toward|towards|through|across|past|near|via|at|by|bus|buses|tram|train|line|route|km|kms|mi|miles?|kilomet(?:er|re)s?|met(?:er|re)s?|m|blocks?|minutes?|mins?|hours?|hrs?|steps|feet|ft|yards?|yds?|times|people|cars)(?![\\p{L}\\p{M}])';
// Unit words that no sentence uses otherwise (Piso, Wohnung, Appartement, Andar ...): a segment
// opening with one continues an address on its line (UNIT_OR_POSTCODE), and with a number it is a
// unit designator on its own (UNIT_RE, which also takes "Flat" and "Departamento" before a number).
const UNIT_WORDS = 'Apt|Apartment|Suite|Ste|Unit|Piso|Depto|Dpto|Wohnung|Whg|Appartement|Appt|Andar|Interno';
const TRAILING_CONJUNCTION = /[ \t]{1,3}(?:and|or|und|et|y)$/;

const ADDRESS_RULES: readonly AddressRule[] = [
  // 12 Main Street / 3314 Harley Brook Lane / 40th Street
  {
    re: new RegExp(
      `\\b\\d{1,6}[A-Za-z]?(?:[ \\t]{1,3}(?:(?!${NOT_STREET_WORD})${WORD}|\\d{1,4}(?:st|nd|rd|th)?)){1,5}[ \\t]{1,3}(?:${SUFFIX})\\b${ABBREVIATION_DOT}${DIRECTION}`,
      'gu',
    ),
    requires: DIGIT,
    score: 0.8,
  },
  // Amerveldstraat 2 / Kongshøj Allé 70
  {
    re: new RegExp(
      `(?<![\\p{L}\\p{M}'’-])[\\p{L}\\p{M}'’-]{0,30}(?:${COMPOUND})[ \\t]{1,3}\\d{1,5}[A-Za-z]?\\b`,
      'giu',
    ),
    requires: new RegExp(`(?:${COMPOUND})[ \\t]{1,3}\\d`, 'iu'),
    score: 0.8,
  },
  // 40 Rue de Kairouan / Via Goffredo Mameli 149 / ul. Królowej Jadwigi 112: a leading street word
  // (case-sensitive, so English "via" is not one) with a house number before or after.
  {
    re: new RegExp(
      `\\b\\d{1,5}[ \\t]{1,3}(?:${LEAD})\\.?${STREET_NAME}(?:[ \\t]{1,3}\\d{1,5}[A-Za-z]?\\b)?`,
      'gu',
    ),
    requires: DIGIT,
    score: 0.8,
  },
  {
    // The lookahead first: the two lookbehinds are then tried only where a street word starts.
    // The house number may follow a comma, as Brazil, Portugal, Spain and Italy write it
    // ("Av. Paulista, 1578", "Calle Mayor, 5").
    re: new RegExp(
      `(?=${LEAD})(?<![\\p{L}])(?:(?<![\\p{L}\\d][ \\t]{0,3})(?:${LEAD})|(?:${LEAD_IN_SENTENCE}))\\.?(?:[ \\t]{1,3}${WORD}){1,5},?[ \\t]{1,3}\\d{1,5}[A-Za-z]?\\b`,
      'gu',
    ),
    requires: DIGIT,
    score: 0.8,
  },
  // 92 Eusebio Dávila 57: number, capitalized words, number; not a date ("12 May 2024") nor a
  // numbered part ("Chapter 12 Section 4"), nor a match result, where a name (no unit word) stands
  // before the first of two small numbers ("Juventus 2 Lazio 1", "Lakers 112 Celtics 108").
  {
    re: new RegExp(
      `\\b(?=\\d)(?<!\\b(?:${NUMBERED})\\.?[ \\t]{1,3})(?!(?<=(?<![\\p{L}\\p{M}])(?!(?:${UNIT_WORDS})\\b)\\p{Lu}[\\p{L}\\p{M}.'’-]{1,30}[ \\t]{1,3})\\d{1,3}(?:[ \\t]{1,3}\\p{Lu}[\\p{L}\\p{M}.'’-]{0,30}){1,4}[ \\t]{1,3}\\d{1,3}(?!\\d))\\d{1,5}(?![ \\t]{1,3}(?:${MONTH})\\.?,?[ \\t]{1,3}\\d)(?:[ \\t]{1,3}\\p{Lu}[\\p{L}\\p{M}.'’-]{0,30}){1,4}[ \\t]{1,3}\\d{1,5}\\b`,
      'gu',
    ),
    requires: DIGIT,
    score: 0.6,
  },
  // A named street, then its number after "No" or "Nr" (Turkey: "Bağdat Caddesi No:120", "Gül Sok.
  // No. 3"; "Berliner Straße Nr. 5"; "Calle Mayor Nº 12"): the marker makes it a house number.
  {
    re: new RegExp(
      `(?<![\\p{L}\\p{M}])\\p{Lu}[\\p{L}\\p{M}'’-]{1,30}(?:[ \\t]\\p{Lu}[\\p{L}\\p{M}'’-]{1,30}){0,2}[ \\t](?:${TYPE_AFTER}|Cad|Cd|Sok|Sk|Bulvarı|Blv|Mahallesi|Mah)\\.?,?[ \\t]{1,3}(?:No|Nr|Nº|N°)\\.?[ \\t]{0,2}:?[ \\t]{0,2}\\d{1,5}(?:/\\d{1,4})?[A-Za-z]?\\b`,
      'gu',
    ),
    requires: /\b(?:No|Nr)\.?[ \t]{0,2}:?[ \t]{0,2}\d|N[º°]/,
    score: 0.8,
  },
  // A named street without a number ("Boyle Street"): full suffix words only, capitalized.
  {
    re: /(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}'’-]{1,30}(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]{1,30}){0,2}[ \t](?:Street|Avenue|Road|Boulevard|Lane|Drive|Parkway|Terrace)\b/gu,
    requires: /[ \t](?:Street|Avenue|Road|Boulevard|Lane|Drive|Parkway|Terrace)\b/,
    score: 0.8,
    digitless: true,
  },
  // A street named on a line of its own, above more lines of the block (the place, postcode,
  // country): "Scotiabank\nVictoria Parade\nSuva\nFiji". Only where a line follows, so a street
  // named in running prose is left to the rules above; the name's words are capitalized, so
  // "Route all traffic through the proxy" or "The Agile Way" above another line is not taken.
  // `^` with the m flag rather than a lookbehind: the engine then tries line starts only.
  {
    re: new RegExp(
      `^[ \\t]{0,4}(?:(?:${TYPE_BEFORE})\\.?(?:[ \\t]{1,3}${NAME_WORD}){1,5}|(?!(?:The|A|An)[ \\t])${NAME_WORD}(?:[ \\t]{1,3}${NAME_WORD}){0,4}[ \\t]{1,3}(?:${TYPE_AFTER})\\.?)(?=[ \\t]{0,2}\\n[ \\t]{0,4}[\\p{L}\\d])`,
      'gmu',
    ),
    requires: /\n/,
    score: 0.8,
    digitless: true,
  },
  // Japan, romanized: block numbers (chōme-banchi-gō), the district, then a ward, city or town word
  // ("5-2-1 Ginza, Chuo-ku, Tokyo 104-0061"); the ward's suffix makes it an address.
  {
    re: /\b\d{1,2}-\d{1,4}(?:-\d{1,4})?,?[ \t]{1,3}\p{Lu}[\p{L}\p{M}'’]{1,30}(?:-\p{Ll}{1,10})?,[ \t]{1,3}\p{Lu}[\p{L}\p{M}]{1,30}-(?:ku|shi|cho|chō|machi|gun|son|mura)\b/gu,
    requires: /-(?:ku|shi|cho|chō|machi|gun|son|mura)\b/,
    score: 0.8,
  },
  // Korea, romanized road names: a road word with its suffix and the building number
  // ("Sejong-daero 209", "152 Teheran-ro", "Insadong-gil 62").
  {
    re: /\b\d{1,4}[ \t]{1,3}\p{Lu}[\p{L}\p{M}]{1,30}(?:\d{1,3})?-(?:daero|ro|gil)\b|(?<![\p{L}\p{M}])\p{Lu}[\p{L}\p{M}]{1,30}(?:\d{1,3})?-(?:daero|ro|gil)(?:[ \t]{1,3}\d{1,4}-gil)?[ \t]{1,3}\d{1,4}\b/gu,
    requires: /\p{Ll}-(?:daero|ro|gil)\b/u,
    score: 0.8,
  },
  // A plot, lot, stand or block number before the street, as East Africa and Singapore write it
  // ("Plot 1234, Kampala Road", "Blk 45 #08-123, Jurong West St 42").
  {
    re: new RegExp(
      `\\b(?:Plot|Block|Blk|Stand|Erf|Lot)\\.?[ \\t]{1,3}(?:No\\.?[ \\t]{0,2})?\\d{1,6}[A-Za-z]?(?:[ \\t]{1,3}#\\d{1,3}-\\d{1,5})?,?[ \\t]{1,3}\\p{Lu}[\\p{L}\\p{M}'’-]{1,30}(?:[ \\t]\\p{Lu}[\\p{L}\\p{M}'’-]{1,30}){0,3}[ \\t](?:${SUFFIX})\\b${ABBREVIATION_DOT}(?:[ \\t]\\d{1,4}\\b)?`,
      'gu',
    ),
    requires: /\b(?:Plot|Block|Blk|Stand|Erf|Lot)\.?[ \t]{1,3}(?:No\.?[ \t]{0,2})?\d/,
    score: 0.8,
  },
  // A house, door or flat number, then the sector, block or phase it stands in, as Indian
  // addresses write it ("House No. 45, Sector 15, Gurugram", "H.No. 12-3-456, Block C").
  {
    re: /\b(?:House|H|Door|Flat|Shop|Quarter)\.?[ \t]{0,2}(?:No|Number)\.?[ \t]{0,2}:?[ \t]{0,2}\d{1,5}[A-Za-z]?(?:[/-]\d{1,5}[A-Za-z]?){0,2},?[ \t]{1,3}(?:Sector|Block|Phase|Ward|Pocket)[ \t]{1,3}(?:\d{1,3}[A-Za-z]?|[A-Z])\b/g,
    requires:
      /\b(?:No|Number)\.?[ \t]{0,2}:?[ \t]{0,2}\d[^\n]{0,20}\b(?:Sector|Block|Phase|Ward|Pocket)[ \t]/,
    score: 0.8,
  },
  // Colombia's grid: the street type and number, then "#" and the cross street and distance
  // ("Calle 85 # 11-53", "Carrera 7 No. 71-21", "Av. 68 # 24B-10 Sur").
  {
    re: /\b(?:Calle|Carrera|Cra|Kra|Kr|Cl|Avenida|Av|Diagonal|Dg|Transversal|Tv|Autopista)\.?[ \t]{1,3}(?:\d{1,3}[A-Z]?|\p{Lu}[\p{L}\p{M}]{2,20})(?:[ \t]{1,3}(?:Bis|Sur|Norte|Este))?[ \t]{0,3}(?:#|No\.?|N[º°])[ \t]{0,3}\d{1,3}[A-Z]?(?:[ \t]{1,3}(?:Bis|Sur|Norte|Este))?[ \t]{0,2}-[ \t]{0,2}\d{1,3}(?:[ \t]{1,3}(?:Sur|Norte|Este))?\b/gu,
    requires:
      /(?:#|No\.?|N[º°])[ \t]{0,3}\d{1,3}[A-Z]?(?:[ \t]{1,3}\p{Lu}\p{Ll}{2,5})?[ \t]{0,2}-[ \t]{0,2}\d/u,
    score: 0.8,
  },
  // P.O. Box 108 / PSC 9236, Box 1684 / Unit 6204 Box 9180
  {
    re: /\b(?:P\.?\s?O\.?\s?Box|PSC\s{1,3}\d{1,5},?\s{1,3}Box|Unit\s{1,3}\d{1,5}\s{1,3}Box)\s{1,3}\d{1,6}\b/gi,
    requires: /box\s{1,3}\d/i,
    score: 0.8,
  },
  // After an address cue: a house number and the words that follow, in any case. The digit
  // lookahead first, so the cue lookbehind is tried only where a number starts.
  {
    re: /(?=\d)(?<=\b(?:address(?:es)?(?: is| to| with|:)?|lives? at|living at|moved to|sent to|send (?:it|them) to|ship(?:ped)? to|deliver(?:ed)? to|located at|arrived at|meet me at|return to|taxi to|is at|are:)[ \t:]{1,4}(?:\p{L}{1,20}[ \t]{1,2}and[ \t]{1,2})?)\d{1,5}(?:[ \t]{1,3}[\p{L}\p{M}.'’-]{1,30}){1,5}(?:[ \t]{1,3}\d{1,5}\b)?/giu,
    requires: DIGIT,
    score: 0.8,
  },
  // A line that starts with a house number, then words, then optionally a number, followed by more address lines.
  {
    re: /(?<=^|\n)[ \t>?]{0,6}\d{1,5}(?:[ \t]{1,3}\d{1,5})?(?:[ \t]{1,3}[\p{L}\p{M}.'’/-]{1,30}){1,5}(?:[ \t]{1,3}\d{1,5})?(?=[ \t]{0,2}\n[ \t>?]{0,6}(?:\p{L}|\d{4,6}))/giu,
    requires: /\n/,
    score: 0.8,
  },
  // The continental layout on two lines: a line of words ending in the house number, then a line
  // that opens with a postal code and a place ("Teofila Firlika 19\n71-637 Szczecin",
  // "Marijana Blazica 2\n20000 Dubrovnik"). Two words at least, the first and the last capitalized
  // (a name), and a next line shaped like that, so "Step 2" or "Release notes version 4" above
  // "2025 Roadmap" is not taken (one-word streets are the compound rule's).
  {
    re: /(?<=^|\n)[ \t>]{0,6}\p{Lu}[\p{L}\p{M}.'’-]{0,30}(?:[ \t]{1,3}[\p{L}\p{M}.'’-]{1,30}){0,3}[ \t]{1,3}\p{Lu}[\p{L}\p{M}.'’-]{0,30}[ \t]{1,3}\d{1,5}[A-Za-z]?(?=[ \t]{0,2}\n[ \t>]{0,6}(?:\d{4,6}|\d{2}-\d{3})[ \t]{1,3}\p{Lu})/gu,
    requires: /\d[ \t]{0,2}\n[ \t>]{0,6}(?:\d{4,6}|\d{2}-\d{3})[ \t]/,
    score: 0.8,
  },
  // A postal code named as such (CEP: Brazil's).
  {
    re: /(?<=\b(?:(?:zip|postal|post)[ \t]{0,2}code|CEP)[ \t]{0,3}(?:is|:)?[ \t]{0,3})(?:\d{5}(?:-\d{3,4})?|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|\d{4,6})\b/gi,
    requires: /(?:code|CEP)[ \t]{0,3}(?:is[ \t]{1,3}|:[ \t]{0,3})?[A-Z]?\d/i,
    score: 0.8,
  },
  // USNS Ship / USS Ship then APO/FPO/DPO line.
  {
    re: /\b(?:USNS|USNV|USS|USCGC)\s{1,3}\p{L}{2,30}\s{1,3}(?:FPO|APO|DPO)\s{1,3}[A-Z]{2}\s{1,3}\d{5}\b/giu,
    requires: /[FAD]PO\s{1,3}[A-Z]{2}\s{1,3}\d{5}/iu,
    score: 0.8,
  },
];

/** Every street-line pattern and pre-test, for the ReDoS test. */
export const ADDRESS_PATTERNS: readonly RegExp[] = ADDRESS_RULES.flatMap((r) =>
  r.requires ? [r.re, r.requires] : [r.re],
);

// A unit designator on its own.
export const UNIT_RE = new RegExp(
  `\\b(?:${UNIT_WORDS}|Flat|Departamento)\\.?[ \\t]{0,3}#?\\d{1,5}[A-Za-z]?\\b`,
  'gi',
);

// One continuation part of an address block: unit, city/region/country words, postal code (before
// or after the city: "London NW1", "28013 Madrid").
const PART =
  /^[ \t]{0,4}[,>]?[ \t]{0,4}(?:(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|Bldg|Building|Piso|Planta|Puerta|Pta|Depto|Dpto|Departamento|Wohnung|Whg|Etage|Stock|Stiege|Tür|Top|Appartement|Appt|Bâtiment|Bât|Escalier|Esc|Interno|Int|Scala|Piano|Andar|Sala|Bloco|Bl|Lgh|Kv)\.?[ \t]{0,3}(?:#?\d{1,5}[A-Za-z]?[ºª°]?|[A-Z])|[\p{Lu}\p{Ll}][\p{L}\p{M}.'’-]{0,30}(?:[ \t]{1,2}[\p{L}\p{M}.'’-]{1,30}){0,4}(?:[ \t]{1,2}(?:\d{4,6}(?:-\d{3,4})?|\d{3}-\d{4}|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}))?|(?:\d{4,6}(?:-\d{3,4})?|\d{3}-\d{4}|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2})(?:[ \t]{1,2}\p{Lu}[\p{L}\p{M}.'’-]{0,30}(?:[ \t]{1,2}(?:\p{Ll}{1,4}[ \t]{1,2}){0,2}\p{Lu}[\p{L}\p{M}.'’-]{0,30}){0,3})?|[A-Z]{2}[ \t]{1,2}\d{5})[ \t]{0,2}$/u;
const STOP_WORDS = /\b(?:for|last|in case|the first|was|is|and i|please|thanks|office|fax|mobile)\b/i;

// Between address parts: a comma, a line break (with quoting marks), a spaced dash before a
// capitalized part or a number ("1578 - Bela Vista, São Paulo - SP"), or spaces.
const SEPARATOR = /^(?:,?[ \t]{0,2}\n{1,2}[ \t>?]{0,6}|,|[ \t]{1,2}-[ \t]{1,2}(?=[\p{Lu}\d])|,?[ \t]{1,3})/u;
const SEGMENT = /^[^,\n]{1,60}/;
const SENTENCE_END = /[!?]\s{0,3}$/;
const UNIT_OR_POSTCODE = new RegExp(`^(?:${UNIT_WORDS})|\\d{4,6}|\\d{3}-\\d{4}`, 'i');
// A full stop before a capitalized word or at the end of the line ends the sentence, and the address
// with it ("10115 Berlin. Call us", "... Seoul."); not after an abbreviation or an initial
// ("St. Louis", "N. Hollywood", "Washington, D.C.", "Col. Roma" for a Mexican colonia, "Cad." and
// "Sok." for a Turkish avenue and street, "Jl." for an Indonesian one).
const SENTENCE_BREAK =
  /(?<!(?:^|[^\p{L}])(?:St|Ste|Ave|Av|Blvd|Rd|Dr|Mt|Ft|Pt|Sq|Ln|Ct|Hwy|Pkwy|No|Nr|Str|Col|Cad|Sok|Mah|Jl|Jln|Kec|Kel|Apto|Dpto|\p{Lu}))\.(?:[ \t]{1,3}(?=\p{Lu})|[ \t]{0,3}$)/u;
const FULL_STOP = /\./;
// A US state and ZIP code end the block even when prose follows on the line ("DC 20500 tomorrow").
const STATE_ZIP = /^[ \t]{0,2}[A-Z]{2}[ \t]{1,2}\d{5}(?:-\d{4})?(?![\w-])/;
// A postcode and the place after it, ahead of prose ("75008 Paris if you need it", "SW1A 1AA London
// by Monday"): the place's capitalized words (and short particles: "Dar es Salaam") are taken, the
// prose is not.
const POSTAL_LEAD =
  /^[ \t]{0,4}(?:\d{4,6}(?:-\d{3,4})?|\d{2}-\d{3}|[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2})[ \t]{1,2}\p{Lu}[\p{L}\p{M}'’-]{1,30}(?:[ \t](?:\p{Ll}{1,4}[ \t]){0,2}\p{Lu}[\p{L}\p{M}'’-]{1,30}){0,2}(?![\p{L}\p{M}\d])/u;

/** Extends an address span over the following comma- or newline-separated parts. */
function extend(text: string, end: number): number {
  let cur = end;
  for (let n = 0; n < 6; n++) {
    const rest = text.slice(cur, cur + 80);
    const m = SEPARATOR.exec(rest);
    if (!m) break;
    const after = rest.slice(m[0].length);
    const zip = m[0].includes(',') ? STATE_ZIP.exec(after) : null;
    if (zip) {
      // Only a next line (a country) may follow; prose on the same line fails the join test below.
      cur += m[0].length + zip[0].length;
      continue;
    }
    const line = SEGMENT.exec(after)?.[0] ?? '';
    // The part ends at a sentence break, and the address with it.
    const stop = FULL_STOP.test(line) ? SENTENCE_BREAK.exec(line) : null;
    let seg = stop ? line.slice(0, stop.index) : line;
    const lead = DIGIT.test(seg) ? POSTAL_LEAD.exec(seg) : null;
    if (lead) seg = lead[0];
    if (!seg || !PART.test(seg) || STOP_WORDS.test(seg) || SENTENCE_END.test(seg)) break;
    // A segment that continues the same line is accepted only when it is a unit or holds a postal code.
    const joined = m[0] === ',' || m[0].includes('\n') || m[0].includes('-');
    if (!joined && !UNIT_OR_POSTCODE.test(seg.trim())) break;
    cur += m[0].length + seg.length;
    if (stop || lead) break;
  }
  return cur;
}

export function detectAddresses(text: string): PiiEntity[] {
  const out: PiiEntity[] = [];
  const hasDigit = DIGIT.test(text);
  for (const { re, requires, score, digitless } of ADDRESS_RULES) {
    if ((!hasDigit && !digitless) || (requires && !requires.test(text))) continue;
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      let start = m.index ?? 0;
      // Keep a leading building number on the same line ("85 Trg revolucije 12").
      const lead = /\d{1,5}[ \t]{1,3}$/.exec(text.slice(Math.max(0, start - 8), start));
      if (lead) start -= lead[0].length;
      // A street line does not end on a conjunction ("moved to 12 Rue de la Paix and loved it").
      const conj = TRAILING_CONJUNCTION.exec(m[0]);
      const end = extend(text, (m.index ?? 0) + m[0].length - (conj ? conj[0].length : 0));
      out.push({ type: 'ADDRESS', value: text.slice(start, end), start, end, score });
    }
  }
  if (!hasDigit) return out;
  for (const m of text.matchAll(UNIT_RE)) {
    const start = m.index ?? 0;
    const end = extend(text, start + m[0].length);
    out.push({ type: 'ADDRESS', value: text.slice(start, end), start, end, score: 0.6 });
  }
  return out;
}

/** The address block extension patterns, for the ReDoS test. */
export const ADDRESS_INTERNAL_PATTERNS: readonly RegExp[] = [
  PART,
  STOP_WORDS,
  SEPARATOR,
  SEGMENT,
  SENTENCE_END,
  UNIT_OR_POSTCODE,
  STATE_ZIP,
  SENTENCE_BREAK,
  FULL_STOP,
  POSTAL_LEAD,
  TRAILING_CONJUNCTION,
];
