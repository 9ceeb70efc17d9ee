import { DEMONYMS } from '../../../text/demonyms.js';
import { STOPWORDS } from '../../../text/stopwords.js';
import type { Lexicons } from './ner/features.js';
import type { PiiEntity } from './types.js';

/**
 * Capitalized spans the tagger reads as names that are something else. Trained on posts and news,
 * the tagger calls a capitalized word it does not know a person, and three kinds of them fill
 * ordinary mail and prompts: the role a letter is addressed to ("Dear Hiring Manager", "Dear
 * Landlord"), a holiday greeting ("Merry Christmas", "Eid"), and the software a developer names
 * ("moved the build to Docker and Kubernetes"); in other languages, weekdays and months. A role or
 * product the name lists hold as a given name or surname keeps its span ("Jimmy Dean", "Jenkins").
 */

/** What a country's people are called ("Kenyan", "Kenyans"), one word each (src/text/demonyms.ts). */
const PEOPLE_WORDS: ReadonlySet<string> = new Set(
  DEMONYMS.flatMap((d) => [d.adjective, d.singular, d.plural]).filter((w) => w !== '' && !w.includes(' ')),
);

const PEOPLE_PLURALS: ReadonlySet<string> = new Set(DEMONYMS.map((d) => d.plural).filter((w) => w !== ''));

/** Head nouns of an address to a role or group: the last word of "Dear Admissions Committee". */
const ROLE_NOUNS = new Set(
  `manager managers customer customers committee landlord landlady team client clients colleague colleagues
   member members recruiter recruiters reviewer reviewers editor editors officer applicant applicants candidate
   candidates user users reader readers owner owners tenant tenants neighbor neighbors neighbour neighbours
   parent parents guardian guardians coordinator administrator admin representative staff board panel
   friend friends partner partners subscriber subscribers guest guests student students teacher teachers
   employee employees shareholder shareholders investor investors donor donors volunteer volunteers
   community family visitor visitors supporter supporters patron patrons sponsor sponsors attendee attendees
   participant participants organizer organizers organiser organisers supervisor director directors
   department office desk council principal dean chair host hosts developer developers engineer engineers
   buyer seller vendor supplier agent agents`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Holidays and the words of their greetings ("Merry Christmas", "Happy New Year", "Eid Mubarak"),
 * with birthdays and the greetings of other languages ("Feliz cumpleaños").
 */
const HOLIDAY_WORDS = new Set(
  `christmas xmas easter eid mubarak diwali deepavali hanukkah chanukah thanksgiving halloween ramadan
   passover pesach kwanzaa holi vesak nowruz navratri pongal onam lohri hogmanay purim sukkot
   merry happy new year years eve day lunar birthday anniversary
   feliz joyeux joyeuses bonne buon buona frohe frohes frohen selamat cumpleaños navidad año
   aniversário natal anniversaire noël fêtes compleanno natale weihnachten geburtstag ostern`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** The holiday itself, one of which a span of HOLIDAY_WORDS must hold ("Happy Day" may be a name). */
const HOLIDAYS = new Set(
  `christmas xmas easter eid diwali deepavali hanukkah chanukah thanksgiving halloween ramadan passover
   pesach kwanzaa holi vesak nowruz navratri pongal onam lohri hogmanay purim sukkot year birthday
   anniversary cumpleaños navidad año aniversário natal anniversaire noël fêtes compleanno natale
   weihnachten geburtstag ostern`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** Greeting words that open a holiday greeting, a name only when no holiday follows ("Merry Clayton"). */
const HOLIDAY_OPENERS = new Set([
  'merry',
  'happy',
  // "Feliz cumpleaños", "Joyeux Noël", "Buon compleanno", "Frohe Weihnachten", "Selamat Natal".
  'feliz',
  'joyeux',
  'joyeuses',
  'bonne',
  'buon',
  'buona',
  'frohe',
  'frohes',
  'frohen',
  'selamat',
]);

/** Software, services and platforms people name in prompts and tickets. */
const SOFTWARE = new Set(
  `docker kubernetes k8s terraform ansible kafka redis postgres postgresql mysql mongodb sqlite nginx
   linux ubuntu debian fedora centos windows macos android ios chrome firefox safari chromium
   javascript typescript golang kotlin scala haskell django flask fastapi rails laravel symfony spring
   react angular vue svelte nextjs nodejs node npm yarn pnpm webpack vite github gitlab bitbucket jira
   confluence slack zoom outlook gmail excel powerpoint onedrive sharepoint dropbox salesforce hubspot
   shopify wordpress figma notion trello asana airtable zapier heroku vercel netlify aws azure gcp
   firebase supabase cloudflare openai chatgpt anthropic gemini copilot llama mistral grafana prometheus
   elasticsearch kibana jenkins circleci travis webex teams whatsapp telegram signal discord tiktok
   instagram facebook youtube linkedin spotify netflix`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Weekdays and months of languages that capitalize them (Indonesian and Malay, Turkish, Greek,
 * Tagalog, Swahili, German) or open a sentence with one (Spanish, Portuguese, Italian, French):
 * "pada hari Jumat", "Pazartesi günü", "την Παρασκευή". English ones are in the tagger's lists; those
 * that are also names or English words are left out ("Bruno Mars", "Mayo", "Mei").
 */
const CALENDAR = new Set(
  `senin selasa rabu kamis jumat sabtu minggu ahad isnin khamis jumaat januari februari maret
   juli agustus oktober desember julai ogos disember
   pazartesi salı çarşamba perşembe cuma cumartesi pazar ocak şubat mart nisan mayıs haziran temmuz
   ağustos eylül ekim kasım aralık
   δευτέρα τρίτη τετάρτη πέμπτη παρασκευή σάββατο κυριακή ιανουάριος ιανουαρίου φεβρουάριος
   φεβρουαρίου μάρτιος μαρτίου απρίλιος απριλίου μάιος μαΐου ιούνιος ιουνίου ιούλιος ιουλίου
   αύγουστος αυγούστου σεπτέμβριος σεπτεμβρίου οκτώβριος οκτωβρίου νοέμβριος νοεμβρίου δεκέμβριος
   δεκεμβρίου
   lunes martes miyerkules huwebes biyernes sabado linggo enero pebrero marso abril hunyo hulyo
   agosto setyembre oktubre nobyembre disyembre
   jumatatu jumanne jumatano alhamisi ijumaa jumamosi jumapili
   miércoles jueves viernes sábado domingo febrero junio julio septiembre octubre noviembre
   diciembre segunda terça quarta quinta sexta janeiro fevereiro março maio junho julho setembro
   outubro novembro dezembro lunedì martedì mercoledì giovedì venerdì sabato domenica gennaio febbraio
   aprile maggio giugno luglio settembre ottobre dicembre lundi mardi mercredi jeudi vendredi samedi
   dimanche janvier février avril juin juillet août septembre octobre novembre décembre
   montag dienstag mittwoch donnerstag freitag samstag sonntag januar februar märz juli oktober
   dezember`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Head nouns that make a name part of a thing's name: "Victoria Station", "the Marshall Plan", "the
 * Newton method", "Brown rice", "Grace period", "Parkinson's disease". As the span's capitalized last
 * word (unless the name lists hold it: "Jude Law", "Anna Hall"), or in lower case right after it.
 */
const THING_HEADS = new Set(
  `station plan method methods theorem law laws principle equation equations effect paradox syndrome
   disease disorder prize award awards medal scholarship university college academy hospital bridge
   airport hotel hotels river lake mountain mountains tower museum library foundation institute doctrine
   test scale algorithm index curve distribution transform series cup trophy period rice sauce bread
   cheese cake pie salad sandwich stadium arena cathedral palace castle gallery theatre theater
   conjecture hypothesis constant number numbers formula rule problem nom noms nomination nominations
   nominee nominees model models ceremony`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/**
 * Sites a place names when it stands right before them, in lower case and without a possessive:
 * "our Paris office", "the Austin campus", "the Chennai plant". With one the site is a person's
 * ("Maria's office"), and a capitalized one may be a surname ("Robert Plant"), so neither counts.
 */
const SITE_HEADS = new Set(
  `office offices branch branches campus headquarters store stores factory plant warehouse facility site
   sites subsidiary franchise clinic`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** The lower-case word right after a span, with no possessive between. */
const SITE_AFTER = /^[ \t](\p{Ll}+)/u;

/**
 * Words that label a contact or shipping form's field in the languages the tagger meets ("Telefon:
 * +49 30 901820", "Teléfono:", "Adresse:", "Dostawa:", "Empfänger:"): before a colon, a field's name,
 * not a person's.
 */
const CONTACT_LABELS = new Set(
  `telefon telefono teléfono telefone téléphone telephone tel tél phone fon handy mobil mobile movil móvil
   celular cellulare portable cell fax email mail correo adresse address adres dirección direccion
   indirizzo endereço morada anschrift kontakt contacto contact contatto kontaktdaten
   prénom prenom nom nombre apellido apellidos vorname nachname cognome nome sobrenome surname
   dostawa odbiorca nadawca imię imie nazwisko lieferung lieferadresse empfänger absender levering
   ontvanger afzender leverans mottagare avsändare teslimat alıcı gönderen livraison destinataire
   expéditeur expediteur entrega destinatario remitente consegna mittente destinatário remetente
   recipient sender shipping delivery billing`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);
/** A colon right after a span: the span labels a field. */
const LABEL_COLON = /^[ \t]{0,2}:/;
/** Lower-case words, then a colon: the rest of a field's label ("Numéro de | téléphone :"). */
const LABEL_TAIL = /^(?:[ \t]{1,2}\p{Ll}[\p{L}'’-]{0,20}){1,3}[ \t]{0,2}:/u;
/** Particles a name holds inside it ("Maria de la Cruz"), never as its last word. */
const PARTICLES = new Set(['de', 'di', 'da', 'del', 'della', 'du', 'des', 'van', 'von', 'do', 'dos']);

const WORDS = /\p{L}[\p{L}\p{N}'’-]*/gu;
/** The lower-case word right after a span, past a possessive ("'s disease"). */
const HEAD_AFTER = /^(?:['’]s)?[ \t](\p{Ll}+)/u;
const NEXT_WORD = /^[ \t]{1,2}(\p{L}+)/u;
const LAST_WORD = /[ \t]{1,2}(\p{L}+)$/u;

/** The regular expressions above, for the ReDoS test. */
export const NAMED_THING_PATTERNS: readonly RegExp[] = [
  WORDS,
  NEXT_WORD,
  LAST_WORD,
  HEAD_AFTER,
  SITE_AFTER,
  LABEL_COLON,
  LABEL_TAIL,
];

const listed = (w: string, lex: Lexicons): boolean => lex.given.has(w) || lex.surname.has(w);

/** The span's value is a role, a holiday greeting, a weekday, software or a thing's name, not a person; `after` follows it. */
export function namedThing(value: string, after: string, lex: Lexicons): boolean {
  const words = (value.match(WORDS) ?? []).map((w) => w.toLowerCase());
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  // "Dear Hiring Manager", "Valued Customer": a role noun ends it, unless the name lists hold that
  // word as a name ("Jimmy Dean", "Dean" alone).
  if (ROLE_NOUNS.has(last) && !listed(last, lex)) return true;
  if (words.length === 1 && CONTACT_LABELS.has(last) && LABEL_COLON.test(after)) return true;
  // A span that ends on a particle, before lower-case words and a colon, is a field's label read as
  // a name ("Numéro de téléphone :", "Lugar de nacimiento:").
  if (words.length > 1 && PARTICLES.has(last) && LABEL_TAIL.test(after)) return true;
  // A thing named after a person or a place: "Victoria Station", "Newton method", "Grace period".
  // A lower-case head the tagger ran on into ("Brown rice") is the thing's noun, listed or not.
  const lastTyped = value.match(WORDS)?.at(-1) ?? '';
  if (words.length > 1 && THING_HEADS.has(last) && (lastTyped === last || !listed(last, lex))) return true;
  const head = HEAD_AFTER.exec(after)?.[1];
  if (head !== undefined && THING_HEADS.has(head)) return true;
  const site = SITE_AFTER.exec(after)?.[1];
  if (site !== undefined && SITE_HEADS.has(site)) return true;
  if (words.every((w) => HOLIDAY_WORDS.has(w))) {
    if (words.some((w) => HOLIDAYS.has(w))) return true;
    // "Merry" tagged alone before "Christmas": the greeting's first word.
    const next = NEXT_WORD.exec(after)?.[1]?.toLowerCase();
    if (words.every((w) => HOLIDAY_OPENERS.has(w)) && next !== undefined && HOLIDAYS.has(next)) return true;
  }
  // A weekday or month, and no word the name lists hold ("pada hari Jumat", "Toplantı Pazartesi");
  // a listed one stays ("Abril", "Domingo"), and so does a span with a listed name ("Ayşe Yılmaz Cuma").
  if (words.some((w) => CALENDAR.has(w)) && words.every((w) => !listed(w, lex))) return true;
  // A people's word alone: a plural names no one ("the Kenyans"), and before a content word it is
  // an adjective ("a Kenyan driver", "the Togolese shipment"); "Ask French about it" keeps its name.
  if (words.length === 1 && PEOPLE_WORDS.has(last)) {
    const next = NEXT_WORD.exec(after)?.[1];
    if (PEOPLE_PLURALS.has(last) && !listed(last, lex)) return true;
    if (next !== undefined && next === next.toLowerCase() && !STOPWORDS.has(next)) return true;
  }
  // Software: every word is a product; one listed as a name alone stays a name ("Jenkins", "Swift").
  return words.every((w) => SOFTWARE.has(w)) && (words.length > 1 || !listed(last, lex));
}

/** A name without the weekday or month the tagger ran on into ("Mehmet Demir Çarşamba günü"). */
export function withoutCalendarTail(e: PiiEntity, lex: Lexicons): PiiEntity {
  const m = LAST_WORD.exec(e.value);
  const w = m?.[1]?.toLowerCase();
  if (m === null || w === undefined || !CALENDAR.has(w) || listed(w, lex)) return e;
  const value = e.value.slice(0, m.index);
  return { ...e, value, end: e.start + value.length };
}
