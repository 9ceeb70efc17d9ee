/**
 * Synthetic training sentences for the entity tagger: person names from ../shared/datasets/names
 * (about 100 countries) and from @faker-js/faker locales, places, companies and postal addresses
 * of many countries (faker's locale formats: house number before or after the street, postcodes of
 * each shape, one or several lines), dropped into sentence templates with and without cue words.
 * faker is a devDependency used here only, never at run time.
 */

import type { Faker } from '@faker-js/faker';
import * as fk from '@faker-js/faker';
import { mulberry32 } from '../src/util/prng.js';

export interface SyntheticSentence {
  text: string;
  spans: { kind: 'PER' | 'LOC' | 'ORG' | 'ADDR'; start: number; end: number }[];
}

/** Locales whose names and addresses are written in Latin script (most of the training mass). */
export const LATIN = [
  'EN_US',
  'EN_GB',
  'EN_AU',
  'EN_CA',
  'EN_IE',
  'EN_IN',
  'EN_NG',
  'EN_ZA',
  'EN_GH',
  'DE',
  'DE_AT',
  'DE_CH',
  'FR',
  'FR_BE',
  'FR_CA',
  'FR_CH',
  'IT',
  'ES',
  'ES_MX',
  'PT_BR',
  'PT_PT',
  'NL',
  'NL_BE',
  'DA',
  'SV',
  'NB_NO',
  'FI',
  'PL',
  'CS_CZ',
  'SK',
  'HU',
  'RO',
  'HR',
  'SL_SI',
  'TR',
  'LV',
  'ID_ID',
  'VI',
  'AF_ZA',
  'YO_NG',
  'ZU_ZA',
  'SR_RS_latin',
  'UZ_UZ_latin',
  'AZ',
  'CY',
];
const OTHER = ['RU', 'UK', 'EL', 'JA', 'ZH_CN', 'KO', 'AR', 'HE', 'KA_GE', 'TH', 'FA', 'HY'];

export const fakerOf = (code: string): Faker => {
  const f = (fk as unknown as Record<string, Faker | undefined>)[`faker${code}`];
  if (!f) throw new Error(`no faker locale ${code}`);
  return f;
};

type Slot = 'PER' | 'FIRST' | 'LAST' | 'ONE' | 'TITLE' | 'HANDLE' | 'TAG' | 'LOC' | 'ORG' | 'ADDR' | 'ADDRML';

// {PER} full name, {FIRST} given name alone, {LAST} surname after a title, {LOC} city/country/region,
// {ORG} company, {ADDR} one-line address, {ADDRML} multi-line address. Many have no cue word at all.
const TEMPLATES = [
  '{PER} will join the call at 3pm.',
  'Yesterday {PER} met with the board in {LOC}.',
  '{PER} starts in midfield tonight against {ORG}.',
  '"We are not going to stop," said {PER} on Tuesday.',
  'Thanks {FIRST}, see you tomorrow!',
  'I spoke to {PER} about the contract.',
  'Can you forward this to {PER}?',
  '{PER} and {PER} are leading the project.',
  'The report was written by {PER} of {ORG}.',
  'Please ask {FIRST} to call me back.',
  'Defence Minister {PER} visited {LOC} last week.',
  '{PER}, CEO of {ORG}, announced the deal.',
  'According to {PER}, the shipment left {LOC} on Monday.',
  'My neighbour {PER} moved to {LOC}.',
  'Send the invoice to {PER}, {ADDR}.',
  'Ship to: {ADDR}',
  'Our office is at {ADDR}.',
  'Please deliver the parcel to {ADDR} before noon.',
  '{PER}\n{ADDRML}',
  'Shipping address:\n{ADDRML}',
  '{ORG}\n{ADDRML}\n{LOC}',
  'Return the form to {ORG}, {ADDR}.',
  'She lives at {ADDR} with her sister.',
  'The new store opens at {ADDR} next month.',
  'Meet me at {ADDR} at 6.',
  'Mr. {LAST} will review the file.',
  'Dr {LAST} is on call this weekend.',
  'Ms. {LAST} asked for a refund.',
  'Dear {PER},\nthank you for your order.',
  'Hi {FIRST}, the meeting moved to Friday.',
  'Best regards,\n{PER}\n{ORG}',
  '{PER} scored twice as {ORG} beat {ORG}.',
  'Congrats to {PER} on the new job at {ORG}!',
  'Flights from {LOC} to {LOC} are delayed.',
  'The conference in {LOC} was organised by {ORG}.',
  'We hired {PER} as our new designer.',
  'Is {PER} coming to the party?',
  'Happy birthday {FIRST}!!',
  'lol {PER} is hilarious',
  '{PER} (born in {LOC}) is a painter.',
  'Patient {PER} was admitted on 12 March.',
  'Employee: {PER}\nDepartment: Sales',
  'Name: {PER}\nAddress: {ADDR}',
  'The account holder is {PER}.',
  'Signed by {PER} and witnessed by {PER}.',
  '{ORG} shares fell 4% in {LOC}.',
  'I grew up in {LOC} but now I live in {LOC}.',
  'Watching {PER} live in {LOC} tonight',
  'RT @user: {PER} just announced a tour',
  'New post from {PER} about {ORG}',
  '{FIRST} said the package never arrived at {ADDR}.',
  'Contact {PER} for details.',
  'Interview with {PER}, founder of {ORG}',
  'The keys are with {FIRST} at the front desk.',
  'Our landlord {PER} lives at {ADDR}.',
  'Billing address: {ADDR}',
  'Correspondence should be sent to {ADDRML}',
  'Visit us: {ADDR}',
  '{PER} has been appointed to the board of {ORG}.',
  'In {LOC}, {PER} opened a bakery.',
  'Police in {LOC} are looking for {PER}.',
  'Our team: {PER}, {PER} and {PER}.',
  'Please ship it to {ADDR} by Friday.',
  'He moved to {ADDR} last May.',
  'The parcel went to {ADDR} on Monday and came back.',
  'We stayed at {ADDR} for two weeks in {LOC}.',
  'Is {ADDR} still your address?',
  'The wrong address ({ADDR}) was printed on the label.',
  'From {ADDR} it is a short walk to the station.',
  '{ADDR} is where the meeting will be held tomorrow.',
  'Registered office: {ADDR}. Company number 0412.',
  'I think {FIRST} lives near {ADDR} now.',
  'Tell {PER} that the van will be at {ADDR} around noon.',
  "{FIRST}'s flight lands at 7.",
  "I borrowed {PER}'s charger yesterday.",
  '{PER}, 42, was arrested in {LOC} on Sunday.',
  'Witnesses included {PER}, {PER} and {FIRST}.',
  'Assigned to: {PER}',
  'Reviewer {PER} approved the change.',
  'Ticket opened by {PER} ({ORG})',
  'Passenger {PER} is travelling to {LOC}.',
  'The package for {PER} is at the front desk.',
  '{PER} wrote: "see you in {LOC}"',
  'Ask for {FIRST} at reception.',
  'Our client {PER} asked us to update the file.',
  'Photo by {PER} / {ORG}',
  'We spoke with {FIRST} {LAST} yesterday.',
  'Accompanied by {FIRST} and her brother {FIRST}.',
  'After the game {PER} said the team was tired.',
  'Please review the attached document before Friday.',
  'The weather in {LOC} is great this week.',
  'Apple and Google both reported earnings on Thursday.',
  'I ordered the Blue Widget from the Online Store.',
  'Call me when you get to {LOC}.',
  'Reminder: Team Meeting at 10 AM in Room 4.',
  // A single given name or surname with no cue word, in lists, as subject or object, possessive.
  '{ONE} and {ONE} wrote most of the songs on the album.',
  'The lab was run by {ONE}, {ONE} and {ONE} for a decade.',
  'Critics compared it to the early work of {ONE}.',
  'The {ONE} biography sold well in {LOC}.',
  'Nobody expected {ONE} to win the final.',
  'It was {ONE} who found the bug first.',
  'The film stars {PER} and {ONE}.',
  'Directed by {PER}, starring {ONE} and {ONE}.',
  'People around here call him {ONE}.',
  'Everyone just calls her {FIRST}.',
  'We invited {FIRST}, {FIRST}, {FIRST} and {FIRST}.',
  'The five of us: {FIRST}, {FIRST}, {FIRST}, {FIRST} and {FIRST}.',
  '"I am not sure," {FIRST} told {FIRST}.',
  '{FIRST}: "Are you coming tonight?"\n{FIRST}: "Maybe later."',
  '{FIRST}: where did you put the keys?',
  '{FIRST}, could you check the figures again?',
  '{FIRST}, please send me the slides.',
  "That was {ONE}'s best season by far.",
  "I still have {FIRST}'s old bike in the garage.",
  'Why is {FIRST} always late?',
  'Does {FIRST} know about this?',
  'Has anyone heard from {ONE} since Monday?',
  'The award went to {PER} this year.',
  'Please correct the name on my account to {PER}.',
  'Can you change the booking to {PER}?',
  'Transfer the ownership to {PER}, please.',
  'Forward the complaint to {PER} in accounts.',
  'I was introduced to {PER} at the conference.',
  'Say hello to {FIRST} for me!',
  'The card is issued to {PER}.',
  'Add {PER} as a second driver on the policy.',
  'We need to add {PER} as guardian on the account.',
  'Remove {PER} from the mailing list.',
  'The bank statement is under the name {PER}.',
  'Both {PER} and {PER} signed the lease.',
  'A tribute to {PER}, who died last week.',
  'Have you ever seen {PER} play live?',
  'Goal by {PER} in the 89th minute!!',
  '{ONE} scores again, what a player',
  'so proud of {FIRST} today',
  'omg {PER} just followed me',
  'cant believe {FIRST} said that lol',
  'happy bday {FIRST} love u',
  '{PER} x {PER} collab when??',
  'listening to {PER} on repeat',
  '@{HANDLE} {PER} is doing a signing at the mall today',
  'new interview with {PER} up now #{TAG}',
  'Prime Minister {PER} met President {PER} in {LOC}.',
  'Coach {PER} praised the defence after the match.',
  'Senator {PER} voted against the bill.',
  'Chief Executive {PER} will step down in June.',
  'Health Secretary {PER} said cases were falling.',
  'Judge {PER} adjourned the hearing until Friday.',
  'Professor {PER} leads the research group at {ORG}.',
  'Actress {PER} arrives at the premiere in {LOC}.',
  'Striker {PER} signed a new contract with {ORG}.',
  '{PER} ({ORG}) and {PER} ({ORG}) will chair the panel.',
  'Author: {PER}\nDate: 12 May',
  'From: {PER}\nTo: {PER}\nSubject: invoice',
  '{PER}\n{ORG}\n{ADDRML}',
  '{PER}\n{ORG}\n{PER}\n{ADDRML}',
  '{PER}, {ADDR}',
  '{TITLE} {PER} {ADDR}',
  '{TITLE} {PER}\n{ADDRML}',
  'My landlady is {TITLE} {PER}.',
  'Hello, this is {TITLE} {PER} speaking.',
  'Appointment with {TITLE} {LAST} on Thursday.',
  '{TITLE} {LAST} is a 60 year old retired teacher from {LOC}.',
  'The {ORG} office is at {ADDR}.',
  'The address of {ORG} is {ADDR}.',
  'Their new place: {ADDR}',
  'Could you send a taxi to {ADDR}?',
  'He was last seen near {ADDR}.',
  'Turn left at {ADDR} and park behind the shop.',
  'The firm {ORG} was founded by {ONE} and {ONE}.',
  '{ORG} hired {PER} as head of sales.',
  '{ORG} reported record profits this quarter.',
  'Shares of {ORG} rose after the announcement.',
  'I bought it at {ORG} in {LOC}.',
  'The Grand Hotel and the Royal Theatre are both in {LOC}.',
  'The Northern Line was closed on Sunday.',
  'Our Summer Sale starts on Monday.',
  'The Annual Report is attached.',
  'Version 2 of the Mobile App is out.',
  'We flew to {LOC} and then drove to {LOC}.',
  'It rained all week in {LOC}.',
];

/**
 * Comments under videos and posts, written for this generator: single names, often in lower case, as
 * subject, vocative or object, and comments with no name at all.
 */
const COMMENT_TEMPLATES = [
  '{ONE} is the best part of this video',
  'who else is watching because of {FIRST}?',
  '{FIRST} you are so talented!!!',
  'i love {ONE} so much',
  'this is why {ONE} is my favorite',
  '{ONE} looks so happy here',
  'the part where {FIRST} laughs at 2:14 lol',
  'RIP {PER} you will be missed',
  '{FIRST} and {FIRST} should do a video together',
  'shoutout to {FIRST} for the editing',
  'cant stop watching {ONE} dance',
  'i came here after {ONE} posted the link',
  '{PER} deserves way more subscribers',
  'omg {FIRST} is back!!',
  'is it just me or does {FIRST} sound different',
  'who is better, {ONE} or {ONE}?',
  'the way {FIRST} said that 😂',
  '{ONE} never disappoints',
  'thank you {FIRST} for this tutorial',
  'anyone else think {FIRST} was right?',
  'miss the old {ONE} videos',
  'please {FIRST} make a part 2',
  '{FIRST} killed it but {FIRST} not so much',
  'my little brother thinks {ONE} is real lol',
  '{ONE} singing this live >>>',
  'cover by {PER} is even better',
  'when {FIRST} smiled at the end 😭',
  'lol {FIRST} is so done with him',
  'i met {FIRST} once, super nice guy',
  'hey {FIRST} love your channel',
  'this song is so good lol',
  'who is watching this in 2025?',
  'the beat drop at 1:23 tho',
  'best video on youtube honestly',
  'subscribed!! keep it up',
  'this made my day lol',
  'first time here and already hooked',
  'can we get this to 1 million views',
  'the editing in this one is crazy',
  'i have watched this like 20 times',
];

interface NameSource {
  given: string[];
  surname: string[];
}

/** `comments`: the share of sentences drawn from COMMENT_TEMPLATES (0: none, and the same sentences as before). */
export function generateSynthetic(
  count: number,
  names: NameSource,
  seed: number,
  comments = 0,
): SyntheticSentence[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const locales = LATIN.map(fakerOf);
  const others = OTHER.map(fakerOf);
  for (const [i, f] of [...locales, ...others].entries()) f.seed(seed + i);
  const loc = (): Faker => (rnd() < 0.9 ? pick(locales) : pick(others));
  // Not every locale has every field (states, postcodes): fall back rather than fail.
  const safe = (fn: () => string, fallback: () => string): string => {
    try {
      return fn();
    } catch {
      return fallback();
    }
  };
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

  const fullName = (f: Faker): string => {
    const r = rnd();
    if (r < 0.4) return `${cap(pick(names.given))} ${cap(pick(names.surname))}`;
    if (r < 0.85) return `${f.person.firstName()} ${f.person.lastName()}`;
    if (r < 0.93)
      return `${f.person.firstName()} ${f.string.alpha({ length: 1, casing: 'upper' })}. ${f.person.lastName()}`;
    return `${cap(pick(names.given))} ${cap(pick(names.surname))}-${cap(pick(names.surname))}`;
  };
  const address = (f: Faker, multi: boolean): string => {
    const street = safe(
      () => f.location.streetAddress(rnd() < 0.25),
      () => f.location.streetAddress(),
    );
    const zip = safe(
      () => f.location.zipCode(),
      () => String(10000 + Math.floor(rnd() * 89999)),
    );
    const city = f.location.city();
    const sep = multi ? '\n' : ', ';
    const country = rnd() < 0.3 ? `${sep}${f.location.country()}` : '';
    const r = rnd();
    if (r < 0.35) return `${street}${sep}${zip} ${city}${country}`;
    if (r < 0.65)
      return `${street}${sep}${city}, ${safe(
        () => f.location.state({ abbreviated: true }),
        () => '',
      )} ${zip}${country}`;
    if (r < 0.8) return `${street}${sep}${city}${sep}${zip}${country}`;
    if (r < 0.9) return `${street}${sep}${city} ${zip}${country}`;
    return `${street}${sep}${city}${country}`;
  };
  const place = (f: Faker): string => {
    const r = rnd();
    if (r < 0.55) return f.location.city();
    if (r < 0.8) return f.location.country();
    return safe(
      () => f.location.state(),
      () => f.location.city(),
    );
  };

  const out: SyntheticSentence[] = [];
  for (let n = 0; n < count; n++) {
    const f = loc();
    const comment = comments > 0 && rnd() < comments;
    const template = comment ? pick(COMMENT_TEMPLATES) : pick(TEMPLATES);
    const spans: SyntheticSentence['spans'] = [];
    let text = '';
    let last = 0;
    const re = /\{(PER|FIRST|LAST|ONE|TITLE|HANDLE|TAG|LOC|ORG|ADDR|ADDRML)\}/g;
    for (let m = re.exec(template); m !== null; m = re.exec(template)) {
      text += template.slice(last, m.index);
      last = m.index + m[0].length;
      const slot = m[1] as Slot;
      // Unlabelled fillers: a title before a name, a handle, a hashtag.
      if (slot === 'TITLE' || slot === 'HANDLE' || slot === 'TAG') {
        text +=
          slot === 'TITLE'
            ? pick(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Miss', 'Mr', 'Dr', 'Prof.'])
            : f.string.alpha({ length: 4 + Math.floor(rnd() * 6), casing: 'lower' });
        continue;
      }
      let value: string;
      let kind: SyntheticSentence['spans'][number]['kind'];
      if (slot === 'ONE') {
        const r = rnd();
        value =
          r < 0.35
            ? cap(pick(names.surname))
            : r < 0.6
              ? f.person.lastName()
              : r < 0.8
                ? cap(pick(names.given))
                : f.person.firstName();
        kind = 'PER';
      } else if (slot === 'PER') [value, kind] = [fullName(f), 'PER'];
      else if (slot === 'FIRST')
        [value, kind] = [rnd() < 0.5 ? cap(pick(names.given)) : f.person.firstName(), 'PER'];
      else if (slot === 'LAST')
        [value, kind] = [rnd() < 0.5 ? cap(pick(names.surname)) : f.person.lastName(), 'PER'];
      else if (slot === 'LOC') [value, kind] = [place(f), 'LOC'];
      else if (slot === 'ORG') [value, kind] = [f.company.name(), 'ORG'];
      else [value, kind] = [address(f, slot === 'ADDRML'), 'ADDR'];
      // Posts often write part of a name in lower case ("Donald trump", "kylie Minogue").
      if (kind === 'PER' && comment && rnd() < 0.3) value = value.toLowerCase();
      else if (kind === 'PER' && rnd() < 0.1) {
        const mixed = value
          .split(' ')
          .map((w) => (rnd() < 0.5 ? w.toLowerCase() : w))
          .join(' ');
        if (mixed.length === value.length) value = mixed;
      }
      // A given name and a surname written side by side ("{FIRST} {LAST}") are one name.
      const prev = spans[spans.length - 1];
      if (kind === 'PER' && prev?.kind === 'PER' && prev.end === text.length - 1 && text.endsWith(' '))
        prev.end = text.length + value.length;
      else spans.push({ kind, start: text.length, end: text.length + value.length });
      text += value;
    }
    text += template.slice(last);
    // Some posts are written in lower case throughout, as on social media, a few in capitals.
    const r = rnd();
    if (r < 0.1) text = text.toLowerCase();
    else if (r < 0.12) text = text.toUpperCase();
    out.push({ text, spans });
  }
  return out;
}
