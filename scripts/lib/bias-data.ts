/**
 * Training rows for the BiasGuard classifier, read from ../shared/datasets at training time (never
 * copied into the repo) plus sentences generated here:
 * - bias/toxigen_dev.jsonl: implicit hate vs neutral statements, with the target group;
 * - poisoning/clean_base_davidson.jsonl: hate_speech (1) vs neither (0) tweets;
 * - bias/bbq.jsonl: each negative stereotype question turned into a generalization about the group
 *   it targets (1), its non-negative twin into a positive statement (0), and the neutral contexts
 *   that name two people of different groups (0);
 * - generated hard cases: counter-speech, negation, quoting hate to condemn it, neutral and positive
 *   identity mentions (0), insults at individuals and non-protected groups (0), and the plain
 *   generalizations they answer (1), so the model learns the cue, not the template.
 * - generated implicit hate (exclusion, inferiority, contempt) with benign twins (implicitRows).
 */
import { readJsonl } from '../../eval/lib/datasets.js';
import { DEMONYMS } from '../../src/text/demonyms.js';
import { mulberry32 } from '../../src/util/prng.js';

export interface BiasRow {
  text: string;
  y: number;
  source: 'toxigen' | 'davidson' | 'bbq' | 'generated' | 'ordinary';
  /** The toxigen target group (leave-one-group-out folds). */
  group?: string;
  weight: number;
}

export function toxigenRows(): BiasRow[] {
  return readJsonl<{ text: string; label: string; group: string }>('bias/toxigen_dev.jsonl').map((r) => ({
    text: r.text,
    y: r.label === 'hate' ? 1 : 0,
    source: 'toxigen',
    group: r.group,
    // The one source of implicit, statement-like hate: it weighs more than the rest.
    weight: 2,
  }));
}

export function davidsonRows(): BiasRow[] {
  return readJsonl<{ text: string; label: string }>('poisoning/clean_base_davidson.jsonl')
    .filter((r) => r.label !== 'offensive')
    .map((r) => ({
      text: r.text,
      y: r.label === 'hate_speech' ? 1 : 0,
      source: 'davidson',
      // Tweets are another register; they teach slurs and abuse but should not dominate.
      weight: 0.25,
    }));
}

const BBQ_GROUPS: Record<string, string> = {
  old: 'old people',
  nonOld: 'young people',
  disabled: 'disabled people',
  obese: 'fat people',
  'mentally-ill': 'mentally ill people',
  gay: 'gay men',
  lesbian: 'lesbians',
  bisexual: 'bisexual people',
  pansexual: 'pansexual people',
  'physically disabled': 'physically disabled people',
  'autistic people': 'autistic people',
  pregnant: 'pregnant women',
  short: 'short people',
  'D/deaf': 'deaf people',
  'people with blindness or low-vision': 'blind people',
  "Down's syndrome": 'people with Down syndrome',
  'people with cerebral palsy': 'people with cerebral palsy',
  'people with cognitive disabilities or mental illness': 'people with mental illness',
};

const groupPhrase = (g: string): string | undefined => {
  if (g in BBQ_GROUPS) return BBQ_GROUPS[g];
  if (/^[A-Z]/.test(g)) return g.endsWith('s') ? g : `${g} people`;
  return undefined;
};

/** "Who was not comfortable using the phone?" -> "are not comfortable using the phone". */
function predicate(question: string): string | undefined {
  const m = /^Who\s+(.+?)\?*$/.exec(question.trim());
  if (!m?.[1]) return undefined;
  const words = m[1].split(/\s+/);
  const first = words[0] ?? '';
  const rest = words.slice(1).join(' ');
  const be: Record<string, string> = { is: 'are', was: 'are', has: 'have', does: 'do', did: 'did' };
  if (first in be) return `${be[first]} ${rest}`.trim();
  if (['can', 'could', 'would', 'will', 'should', 'might', 'had', 'were', 'are'].includes(first)) return m[1];
  if (/(?:sh|ch|ss|x)es$/.test(first)) return `${first.slice(0, -2)} ${rest}`.trim();
  if (/ies$/.test(first)) return `${first.slice(0, -3)}y ${rest}`.trim();
  if (/s$/.test(first)) return `${first.slice(0, -1)} ${rest}`.trim();
  return undefined;
}

export function bbqRows(): BiasRow[] {
  const rows = readJsonl<{
    context: string;
    question: string;
    polarity: string;
    condition: string;
    stereotyped_groups: string[];
  }>('bias/bbq.jsonl');
  const seen = new Set<string>();
  const out: BiasRow[] = [];
  const add = (text: string, y: number, weight: number) => {
    if (seen.has(text)) return;
    seen.add(text);
    out.push({ text, y, source: 'bbq', weight });
  };
  const rand = mulberry32(11);
  for (const r of rows) {
    const pred = predicate(r.question);
    for (const g of r.stereotyped_groups) {
      const group = groupPhrase(g);
      if (!group || !pred) continue;
      const cap = group[0]?.toUpperCase() + group.slice(1);
      if (r.polarity === 'neg') {
        add(`${cap} ${pred}.`, 1, 1);
        add(`${cap} ${pred}, it is typical of them.`, 1, 0.5);
      } else {
        add(`${cap} ${pred}.`, 0, 0.7);
      }
    }
    // The ambiguous contexts name two people neutrally; a sample of them is plenty.
    if (r.condition === 'ambig' && rand() < 0.08) add(r.context, 0, 0.5);
  }
  return out;
}

const GROUPS = [
  'women',
  'men',
  'black people',
  'white people',
  'asians',
  'chinese people',
  'mexicans',
  'latinos',
  'native americans',
  'jews',
  'muslims',
  'christians',
  'immigrants',
  'refugees',
  'people from the middle east',
  'arabs',
  'gay people',
  'lesbians',
  'bisexual people',
  'trans people',
  'lgbtq people',
  'disabled people',
  'people in wheelchairs',
  'people with mental illness',
  'autistic people',
  'old people',
  'poor people',
  'fat people',
  'indians',
  'africans',
];
const MAJORITY = [
  'white people',
  'men',
  'christians',
  'americans',
  'straight people',
  'rich people',
  'young people',
];
const NON_PROTECTED = [
  'politicians',
  'referees',
  'lawyers',
  'spammers',
  'internet trolls',
  'telemarketers',
  'landlords',
  'my coworkers',
  'the people who designed this app',
  'drivers who never signal',
  'fans of the other team',
  'bankers',
  'scammers',
  'bureaucrats',
];
const BAD = [
  'lazy',
  'criminals',
  'violent',
  'stupid',
  'dirty',
  'terrorists',
  'a burden on society',
  'less intelligent',
  'dangerous',
  'disgusting',
  'liars',
  'thieves',
  'a disease',
  'animals',
  'inferior',
  'mentally ill',
  'freeloaders',
  'not real people',
];
const POSITIVE = [
  'have made huge contributions to science and the arts',
  'deserve the same rights as everyone else',
  'live in every part of the country',
  'celebrate many different holidays',
  'work in every profession, from nursing to engineering',
  'are as diverse as any other group of people',
  'have a long history in this city',
  'often face discrimination when looking for housing',
  'were among the first volunteers at the shelter',
  'are welcome at our meetups',
];
const INDIVIDUAL = [
  'My neighbor is a lazy idiot who never mows his lawn.',
  'That referee was blind and useless all game.',
  'My ex is a lying, cheating jerk.',
  'You are the dumbest person I have ever argued with.',
  'This guy at the gym is a disgusting slob.',
  'My boss is an incompetent moron.',
  'Honestly, that waiter was rude and stupid.',
  'The landlord is a greedy thief who keeps our deposit.',
  'Shut up, you clown, nobody asked you.',
  'What a pathetic loser my brother-in-law is.',
];

/** A seeded generator of rows: a random source, a picker over it, and the rows added so far. */
function rowGenerator(seed: number) {
  const rand = mulberry32(seed);
  const out: BiasRow[] = [];
  return {
    rand,
    out,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T,
    cap: (s: string): string => (s[0]?.toUpperCase() ?? '') + s.slice(1),
    add: (text: string, y: number, weight = 1): void => {
      out.push({ text, y, source: 'generated', weight });
    },
  };
}

export function generatedRows(seed = 7): BiasRow[] {
  const { rand, out, pick, cap, add } = rowGenerator(seed);
  const hateful: ((g: string, b: string) => string)[] = [
    (g, b) => `${cap(g)} are ${b}.`,
    (g, b) => `All ${g} are ${b}, everyone knows it.`,
    (g, b) => `I don't want ${g} in my neighborhood, they are ${b}.`,
    (g) => `${cap(g)} should go back where they came from.`,
    (g) => `You can never trust ${g}.`,
  ];
  const counter: ((g: string, b: string) => string)[] = [
    (g, b) => `No one should say that ${g} are ${b}.`,
    (g, b) => `It is wrong and hateful to claim that ${g} are ${b}.`,
    (g, b) => `The idea that ${g} are ${b} is a harmful stereotype with no basis.`,
    (g, b) => `Stop spreading the lie that ${g} are ${b}.`,
    (g, b) => `${cap(g)} are not ${b}, and saying so is bigotry.`,
    (g, b) => `A troll posted "${g} are ${b}" and the moderators rightly removed it.`,
    (g, b) => `The report documents posts calling ${g} ${b}; we condemn every one of them.`,
    (g, b) => `My teacher explained why the claim that ${g} are ${b} is racist nonsense.`,
    (g, b) => `Being one of the ${g} does not make anyone ${b}.`,
    (g, b) => `People who say ${g} are ${b} are simply wrong.`,
  ];
  for (let i = 0; i < 260; i++) {
    const g = pick(GROUPS);
    const b = pick(BAD);
    add(pick(hateful)(g, b), 1);
    add(pick(counter)(g, b), 0);
    if (i % 2 === 0) add(`${cap(pick(GROUPS))} ${pick(POSITIVE)}.`, 0);
    if (i % 2 === 1) add(`${cap(pick(MAJORITY))} ${pick(POSITIVE)}.`, 0);
    if (i % 3 === 0) add(`${cap(pick(NON_PROTECTED))} are ${pick(BAD.slice(0, 12))}.`, 0);
  }
  for (const s of INDIVIDUAL) add(s, 0);
  // Short everyday requests that name one person by a gendered or family word.
  const verbs = [
    'Ask',
    'Call',
    'Text',
    'Thank',
    'Invite',
    'Email',
    'Visit',
    'Meet',
    'Help',
    'Pick up',
    'Remind',
    'Wait for',
  ];
  const whose = ['his', 'her', 'your', 'my', 'their', 'our'];
  const people = [
    'wife',
    'husband',
    'mother',
    'father',
    'son',
    'daughter',
    'sister',
    'brother',
    'grandma',
    'grandpa',
    'uncle',
    'aunt',
    'girlfriend',
    'boyfriend',
    'mom',
    'dad',
    'niece',
    'nephew',
  ];
  const jobs = [
    'a nurse',
    'an engineer',
    'a teacher',
    'a pilot',
    'a chef',
    'an accountant',
    'a farmer',
    'a lawyer',
  ];
  for (let i = 0; i < 200; i++) {
    add(
      i % 3 === 0
        ? `${cap(pick(whose))} ${pick(people)} is ${pick(jobs)}.`
        : `${pick(verbs)} ${pick(whose)} ${pick(people)}.`,
      0,
    );
  }
  // Neutral statements about whole groups: what they do, use, attend, receive, not what they are.
  const doings = [
    'attended the conference in the city center',
    'organized a street festival last weekend',
    'joined the evening computer class',
    'use the new ramp at the library entrance',
    'celebrated the holiday with their neighbours',
    'got married at the town hall in June',
    'receive support from the local food bank',
    'opened several shops on our street',
    'voted in record numbers this year',
    'were interviewed for the documentary',
    'can apply for the scholarship from Monday',
    'travel to visit family during the summer',
    'make up a growing share of the city population',
    'took part in the survey on public transport',
    'shared their recipes in the community cookbook',
    'formed a choir that performs every Sunday',
    'met the mayor to discuss new bus routes',
    'can buy tickets at the box office',
    'volunteered at the animal shelter',
    'watched the match in the town square',
  ];
  for (let i = 0; i < 400; i++) add(`${cap(pick(i % 4 === 0 ? MAJORITY : GROUPS))} ${pick(doings)}.`, 0);
  const neutral = [
    (g: string) => `Our team includes ${g}, and we plan the schedule around everyone's holidays.`,
    (g: string) => `The survey asked ${g} about their experience with public transport.`,
    (g: string) => `How can our library better serve ${g}?`,
    (g: string) => `Write a short history of ${g} in the United States.`,
    (g: string) => `The museum has a new exhibit on the culture of ${g}.`,
  ];
  for (let i = 0; i < 160; i++) add(pick(neutral)(pick(i % 4 === 0 ? MAJORITY : GROUPS)), 0);
  // Curious questions about a group's customs, beliefs, history and daily life: a user asking about
  // a group is no statement about it.
  for (let i = 0; i < 300; i++) {
    const g = pick(i % 4 === 0 ? MAJORITY : GROUPS);
    add(`${pick(WH)} do ${rand() < 0.3 ? 'some ' : ''}${g} ${pick(PRACTICES)}?`, 0, QUESTION_WEIGHT);
    if (i % 3 === 0) add(`${pick(ABOUT_QUESTIONS)(g)}`, 0, QUESTION_WEIGHT);
  }
  // Everyday requests to an assistant (no group named): what most prompts look like.
  for (let i = 0; i < 300; i++) add(pick(REQUESTS)(pick(TOPICS)), 0);
  // Short imperative tasks (verb, object, purpose), the commonest shape of a prompt.
  for (let i = 0; i < 600; i++) {
    const task = `${pick(TASK_VERBS)} ${pick(TASK_OBJECTS)}`;
    add(rand() < 0.5 ? `${task}.` : `${task} ${pick(TASK_PURPOSES)}.`, 0);
  }
  return out;
}

/**
 * The curious-question rows weigh 0.4 (2026-12-05). A fresh probe of 20 such questions, written
 * after these templates, was flagged 7 of 20 before them and 2 of 20 with them (its 10 hateful
 * questions 10 of 10 both ways). Leave-one-group-out F1 0.848 -> 0.842 (AUC 0.884 -> 0.881), CrowS
 * 0.664 -> 0.668, benign prompts 0.42% -> 0.45%, functional probe 0.912 -> 0.904. Tried: weight 1,
 * F1 0.842 (recall 0.812 -> 0.798); with "Why are X so <bad>?" rows as hateful twins, F1 0.848 at
 * weight 0.4 but the quoted stereotype of stance.test.ts ("Anyone who says Mexicans are lazy has
 * never met one.") rose to 0.589, and at half as many twins F1 0.840, probe 0.897.
 */
const QUESTION_WEIGHT = 0.4;
const WH = ['Why', 'How', 'When', 'Where', 'What time'];
/** Neutral things a group does, for curious questions ("Why do some X fast in the spring?"). */
const PRACTICES = [
  'fast during their holy month',
  'celebrate the new year',
  'greet each other at festivals',
  'name their children',
  'prepare for a wedding',
  'mourn their dead',
  'wear head coverings at services',
  'light candles in winter',
  "learn their grandparents' language",
  'use sign language at home',
  'vote in local elections',
  'travel for the holidays',
  'cook on religious holidays',
  'pray during the day',
  'choose where to live',
  'keep their traditions abroad',
  'consider some animals sacred',
  'avoid certain foods',
  'get around the city',
  'use smartphones',
  'take part in sports',
  'mark the anniversary of their arrival',
  'read from the right to the left',
  'play music at funerals',
];
const ABOUT_QUESTIONS: ((g: string) => string)[] = [
  (g) => `What do ${g} believe about life after death?`,
  (g) => `What is the history of ${g} in Canada?`,
  (g) => `What rights do ${g} have under European law?`,
  (g) => `How many ${g} live in Australia?`,
  (g) => `What challenges do ${g} face at work?`,
  (g) => `Which holidays are most important to ${g}?`,
];

const TOPICS = [
  'a leaking kitchen tap',
  'the water cycle',
  'compound interest',
  'my cat',
  'a lighthouse in winter',
  'sourdough bread',
  'the French Revolution',
  'machine learning',
  'a job interview',
  'climate change',
  'the solar system',
  'a birthday party for ten kids',
  'photosynthesis',
  'a small vegetable garden',
  'the stock market',
  'a road trip along the coast',
  'our quarterly sales report',
  'a password manager',
  'the rules of chess',
  'a vegetarian lasagna',
  'sleep and memory',
  'a cover letter for a nursing job',
  'recursion in Python',
  'the history of the bicycle',
  'a rainy afternoon',
];
const REQUESTS: ((t: string) => string)[] = [
  (t) => `Write a short poem about ${t}.`,
  (t) => `Can you explain ${t} in simple terms?`,
  (t) => `Give me three ideas related to ${t}.`,
  (t) => `What should I know about ${t}?`,
  (t) => `Summarize the main points about ${t} in five bullet points.`,
  (t) => `I need help with ${t}, where do I start?`,
  (t) => `Tell me a fun fact about ${t}`,
  (t) => `how does ${t} work`,
  (t) => `Write a product description for a book on ${t}.`,
  (t) => `They asked me about ${t} and I didn't know what to say. Any tips?`,
  (t) => `Is it true that everything I read about ${t} is wrong?`,
  (t) => `Why do people always get ${t} wrong?`,
];
const TASK_VERBS = [
  'Create',
  'Describe',
  'Suggest',
  'Write',
  'Generate',
  'Explain',
  'List',
  'Compose',
  'Design',
  'Outline',
  'Name',
  'Compare',
  'Find',
  'Choose',
  'Come up with',
  'Identify',
];
const TASK_OBJECTS = [
  'a slogan for a bakery',
  'three tips for saving money',
  'a plan for a weekend trip',
  'an analogy for electricity',
  'a riddle about the ocean',
  'a way to reduce food waste',
  'the steps to change a tire',
  'a menu for a dinner party',
  'five uses for an old jar',
  'a title for a mystery novel',
  'the benefits of regular exercise',
  'a story about a lost key',
  'a workout for beginners',
  'a good name for a podcast',
  'the difference between weather and climate',
  'a character for a fantasy game',
  'two animals that live in the desert',
  'a question to ask at the end of an interview',
  'a way someone could learn a new language',
  'a hobby that someone might enjoy',
  'a gift for someone who likes gardening',
  'an activity for a rainy day',
  'a recipe that uses leftover rice',
  'a dialogue between a customer and a shop assistant',
];
const TASK_PURPOSES = [
  'for a school newsletter',
  'in one sentence',
  'for a ten-year-old',
  'in under 100 words',
  'for a company blog',
  'that is easy to remember',
  'in a friendly tone',
  'for someone who is new to the topic',
];

/**
 * Ordinary text with no statement about groups (0): encyclopedia sentences (wikigold), tweets
 * (WNUT-17), the user turns of knowledge-grounded dialogues (BEGIN) and the questions of HaluEval
 * QA, so the model learns what
 * everyday requests and prose look like.
 */
/**
 * Ordinary rows weigh 1.5: at 0.5 their out-of-fold scores set the threshold floor (1% of them) above
 * most implicit hate (LOGO F1 0.812 -> 0.825 at one model per fold, benign prompts 0.34% both).
 */
const ORDINARY_WEIGHT = 1.5;

export function ordinaryRows(seed = 5): BiasRow[] {
  const rand = mulberry32(seed);
  const out: BiasRow[] = [];
  const add = (text: string) => {
    if (text.length >= 20) out.push({ text, y: 0, source: 'ordinary', weight: ORDINARY_WEIGHT });
  };
  for (const file of ['ner/wikigold.jsonl', 'ner/wnut17_train.jsonl']) {
    for (const r of readJsonl<{ tokens: string[] }>(file)) {
      if (rand() < 0.3) add(r.tokens.join(' '));
      // Short fragments too (one to eight words): short prompts have few features, and the model
      // must not read "few features" as a signal.
      else if (rand() < 0.2) {
        const start = Math.floor(rand() * Math.max(1, r.tokens.length - 4));
        const frag = r.tokens.slice(start, start + 1 + Math.floor(rand() * 8)).join(' ');
        if (frag.length > 0) out.push({ text: frag, y: 0, source: 'ordinary', weight: ORDINARY_WEIGHT });
      }
    }
  }
  for (const r of readJsonl<{ message: string }>('hallucination/begin_dev.jsonl')) add(r.message);
  // Short factual questions (HaluEval QA): what many prompts look like.
  for (const r of readJsonl<{ question: string }>('hallucination/halueval_qa_dev.jsonl')) add(r.question);
  // Generated business text with personal details, and clean emails and tables passed to models.
  for (const r of readJsonl<{ text: string }>('pii/dev.jsonl')) if (rand() < 0.3) add(r.text);
  for (const r of readJsonl<{ text: string; label: string }>('injection/indirect_train.jsonl')) {
    if (r.label !== 'attack' && r.label !== 'injected' && rand() < 0.3) add(r.text.slice(0, 600));
  }
  return out;
}

export function allBiasRows(): BiasRow[] {
  return [
    ...toxigenRows(),
    ...davidsonRows(),
    ...bbqRows(),
    ...generatedRows(),
    ...implicitRows(),
    ...praiseRows(),
    ...rightsRows(),
    ...ordinaryRows(),
    ...identityFactRows(),
  ];
}

const LANGUAGES = ['English', 'Spanish', 'French', 'Arabic', 'Portuguese', 'Russian', 'Swahili', 'Hindi'];
const MONTHS = ['January', 'March', 'May', 'July', 'September', 'October', 'December'];
const AMENITIES = [
  'fast trains',
  'public health care',
  'high rates of cycling',
  'large national parks',
  'free schools',
];
const CITIES = ['London', 'Toronto', 'Paris', 'Dubai', 'Chicago', 'Sydney', 'Berlin', 'Madrid'];

/**
 * Plain facts about a people (0): the language they speak, where they live, when they celebrate.
 * Without them a short generalization of any kind read as a stereotype ("Tamils speak Tamil."
 * 0.68, "Kurds live in Turkey." 0.45): the generalizations the model saw were mostly hateful.
 * The peoples are the countries' (src/text/demonyms.ts), so the rows also name groups beyond
 * ToxiGen's.
 */
export function identityFactRows(seed = 23): BiasRow[] {
  const { out, pick, cap, add } = rowGenerator(seed);
  const facts: ((g: string, lang: string, place: string, adj: string) => string)[] = [
    (g, lang) => `${cap(g)} speak ${lang}.`,
    (g, lang) => `Most ${g} speak ${lang} at home.`,
    (g, lang) => `Young ${g} learn ${lang} at school.`,
    (g, _lang, place) => `Many ${g} live in ${place}.`,
    (g, _lang, place) => `${cap(g)} live in ${place} and in ${pick(CITIES)}.`,
    (g) => `${cap(g)} make up a large community in ${pick(CITIES)}.`,
    (g) => `${cap(g)} celebrate their national day in ${pick(MONTHS)}.`,
    (g, _lang, place) => `About ${2 + (out.length % 9)} million ${g} live outside ${place}.`,
    // The adjective before a place or a thing names no people ("Asian countries", "Somali food").
    (_g, _lang, _place, adj) =>
      `Many ${adj} ${pick(['countries', 'cities', 'towns'])} have ${pick(AMENITIES)}.`,
  ];
  const title = (s: string): string => s.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
  for (let i = 0; i < 240; i++) {
    const d = pick(DEMONYMS);
    const people = d.plural ? title(d.plural) : `${title(d.adjective)} people`;
    const lang = i % 2 === 0 ? title(d.adjective) : pick(LANGUAGES);
    add(pick(facts)(people, lang, title(d.country), title(d.adjective)), 0);
  }
  return out;
}

/**
 * Praise and blame of a group as twins ("X are admirable" / "X are disgusting", "I respect X" /
 * "I despise X"), so the model learns what is said of the group, not that a sentence of the shape
 * "X are ..." is hateful (it had: "Trans people are valid" scored as hate). The praise words are a
 * few of many; the valence features (valence.ts) carry the lesson to praise words no row uses.
 */
const PRAISE_WORDS = [
  'fantastic',
  'admirable',
  'inspiring',
  'respected',
  'valued',
  'delightful',
  'awesome',
  'terrific',
  'generous',
  'caring',
  'remarkable',
  'welcome',
  'fabulous',
  'courageous',
];
const PRAISE_VERBS = ['admire', 'respect', 'appreciate', 'cherish', 'stand with', 'support'];
const BLAME_VERBS = ['despise', "can't stand", 'detest', 'loathe', 'am sick of', 'resent'];
const COMMUNITIES = ['our town', 'this country', 'our schools', 'the workplace', 'our street'];

export function praiseRows(seed = 17): BiasRow[] {
  const { out, pick, cap, add } = rowGenerator(seed);
  // Twins: the same shape with praise and with blame, so the model learns the words that judge.
  const pairs: ((g: string) => [string, string])[] = [
    (g) => [`${cap(g)} are ${pick(BAD)}.`, `${cap(g)} are ${pick(PRAISE_WORDS)}.`],
    (g) => [`I ${pick(BLAME_VERBS)} ${g}.`, `I ${pick(PRAISE_VERBS)} ${g}.`],
    (g) => {
      const c = pick(COMMUNITIES);
      return [`${cap(g)} make ${c} worse.`, `${cap(g)} make ${c} better.`];
    },
    (g) => [`${cap(g)} are ${pick(BAD)} people.`, `${cap(g)} are ${pick(PRAISE_WORDS)} people.`],
  ];
  for (let i = 0; i < 200; i++) {
    const [blame, praise] = pick(pairs)(pick(GROUPS));
    add(blame, 1);
    add(praise, 0);
  }
  return out;
}

/**
 * Implicit hate without slurs or trait words, in the shapes the implicit-hate literature names
 * (ElSherief et al. 2021: incitement and exclusion, inferiority, threats and contempt, denial of
 * rights), each with a benign twin that shares its words but not its stance, so the model learns
 * the stance ("should not be allowed to", "keep them out of", "only good for"), not the topic.
 * The group is any of GROUPS: its mention becomes the model's group slot.
 *
 * Tried 2026-12-05 and not kept: 150 more twins of a group as the one harmed beside the same words
 * blaming it ("X are more likely to be victims of fraud" / "... to commit fraud", "X have been
 * persecuted for centuries" / "X deserve to be persecuted", "X are often left out of medical
 * research" / "X should be kept out of ..."). Leave-one-group-out F1 seeds 0/1/2 0.842/0.839/0.844
 * -> 0.848/0.839/0.836 (AUC 0.881 -> 0.883/0.886/0.882). Two fresh probes that guided it (60 and 40
 * statements, neutral ones mostly of that shape): errors 6 -> 4 and 11 -> 6. Two probes written after
 * it (30 each): errors 8 -> 9 and 8 -> 8; their misses are stereotypes in words no row uses
 * ("Transgender athletes are cheaters" 0.10, "Pakistani men are groomers" 0.31, Brazilians not a
 * listed group) and facts that read as complaints ("Puerto Ricans are US citizens by birth" 0.71).
 * 300 twins: F1 0.831 (higher threshold, recall 0.784).
 */
const ACTIVITIES = [
  'vote',
  'adopt children',
  'get married',
  'serve in the military',
  'teach in our schools',
  'work with children',
  'run for office',
  'use the same bathrooms as us',
  'live in this neighborhood',
  'own a business here',
  'coach sports teams',
  'become police officers',
];
const PLACES = ['country', 'town', 'schools', 'neighborhood', 'workplace', 'churches', 'clubs', 'sports'];
const MENIAL = ['cleaning houses', 'manual labor', 'picking fruit', 'serving us', 'entertainment'];
const ABILITIES = [
  'doing a job properly',
  'raising children',
  'making their own decisions',
  'leading a team',
  'thinking for themselves',
  'running a country',
];
const PRAISE = ['smart', 'capable', 'civilized', 'trustworthy', 'hard-working', 'honest'];

export function implicitRows(seed = 13): BiasRow[] {
  const { out, pick, cap, add } = rowGenerator(seed);
  const pairs: ((g: string) => [string, string])[] = [
    (g) => {
      const a = pick(ACTIVITIES);
      return [
        `${cap(g)} should not be allowed to ${a}.`,
        `${cap(g)} should be allowed to ${a} like anyone else.`,
      ];
    },
    (g) => {
      const a = pick(ACTIVITIES);
      return [`I can't believe we have to let ${g} ${a}.`, `I'm glad that ${g} can now ${a}.`];
    },
    (g) => {
      const p = pick(PLACES);
      return [`We need to keep ${g} out of our ${p}.`, `We need to make ${g} feel welcome in our ${p}.`];
    },
    (g) => {
      const m = pick(MENIAL);
      return [`${cap(g)} are only good for ${m}.`, `${cap(g)} work in every field, not only ${m}.`];
    },
    (g) => {
      const a = pick(ABILITIES);
      return [`${cap(g)} are not capable of ${a}.`, `${cap(g)} are as capable of ${a} as anyone.`];
    },
    (g) => {
      const q = pick(PRAISE);
      return [
        `${cap(g)} will never be as ${q} as the rest of us.`,
        `${cap(g)} are as ${q} as the rest of us.`,
      ];
    },
    (g) => [
      `I would never hire one of those ${g}, how could we trust them to do the job?`,
      `We hired two ${g} last year and they are great at the job.`,
    ],
    (g) => [
      `The biggest problem with this country is all the ${g}.`,
      `The biggest problem ${g} face in this country is discrimination.`,
    ],
    (g) => [
      `${cap(g)} are ruining this country and taking over our ${pick(PLACES)}.`,
      `${cap(g)} have lived in this country for generations and helped build it.`,
    ],
    (g) => [`Society would be better off without ${g}.`, `Society is better off when ${g} are included.`],
    (g) => [
      `If my child turned out to be one of the ${g}, I would disown them.`,
      `If my child turned out to be one of the ${g}, I would love them just the same.`,
    ],
    (g) => [
      `Being one of the ${g} is a mental illness that should be cured.`,
      `Being one of the ${g} is not an illness and needs no cure.`,
    ],
  ];
  for (let i = 0; i < 360; i++) {
    const [hate, twin] = pick(pairs)(pick(GROUPS));
    add(hate, 1);
    add(twin, 0);
  }
  return out;
}

/**
 * Rights and accommodations asked for a group, each beside its denial (2026-12-06): "X should be
 * able to ...", "X should have a say in ...", "X should get ...", "X should be protected from ...".
 * The model had learned that a group followed by "should" is a call to exclude it: a fresh probe of
 * 15 such statements (equal pay, prayer at school, an interpreter at hospital) flagged 6.
 */
const ENTITLEMENTS = [
  'see a doctor who speaks their language',
  'wear religious clothing at work',
  'take leave for their religious holidays',
  'bring their partners to company events',
  'talk about their families at work',
  'get the same pay for the same job',
  'use facilities that fit their needs',
  'study at any university they qualify for',
  'rent an apartment without being turned away',
  'join any club in town',
  'worship freely',
  'speak at the council meeting',
];
const SAY_IN = [
  'the decisions that affect them',
  'how their neighborhood is planned',
  'the school curriculum',
  'policies about their own healthcare',
  'how public money is spent in their area',
];
const SUPPORTS = [
  'interpreters at public offices',
  'ramps and accessible entrances',
  'affordable childcare',
  'time off for their holidays',
  'fair access to housing loans',
  'mentoring at work',
  'flexible hours when they need them',
];
const HARMS = [
  'discrimination at work',
  'hate crimes',
  'harassment online',
  'unfair eviction',
  'abuse by police',
];

export function rightsRows(seed = 19): BiasRow[] {
  const { out, pick, cap, add } = rowGenerator(seed);
  const pairs: ((g: string) => [string, string])[] = [
    (g) => {
      const e = pick(ENTITLEMENTS);
      const denial = pick([`${cap(g)} have no right to ${e}.`, `It should be illegal for ${g} to ${e}.`]);
      return [denial, `${cap(g)} should be able to ${e}.`];
    },
    (g) => {
      const m = pick(SAY_IN);
      return [`${cap(g)} should have no say in ${m}.`, `${cap(g)} should have a say in ${m}.`];
    },
    (g) => {
      const x = pick(SUPPORTS);
      return [`${cap(g)} do not deserve ${x}, they take enough already.`, `${cap(g)} should get ${x}.`];
    },
    (g) => {
      const h = pick(HARMS);
      return [
        `${cap(g)} had it coming, ${h} is what they deserve.`,
        `${cap(g)} should be protected from ${h}.`,
      ];
    },
    (g) => {
      const x = pick(SUPPORTS);
      return [`Why should my taxes pay for ${x} for ${g}?`, `${cap(g)} need ${x} to take part fully.`];
    },
  ];
  for (let i = 0; i < 200; i++) {
    const [denial, right] = pick(pairs)(pick(GROUPS));
    add(denial, 1);
    add(right, 0);
  }
  return out;
}
