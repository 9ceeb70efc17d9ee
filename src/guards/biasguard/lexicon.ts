/**
 * BiasGuard's word lists. Group terms name the people a statement can be about; traits carry a
 * valence (how hurtful the attribute is when pinned on a group); hostile and dehumanizing phrases
 * are scored on their own. Lists are lower-case and matched on word boundaries.
 */

import { DEMONYMS } from '../../text/demonyms.js';

export const BIAS_CATEGORIES = [
  'gender',
  'race_ethnicity',
  'age',
  'disability',
  'religion',
  'nationality',
  'sexual_orientation',
  'socioeconomic',
  'physical_appearance',
] as const;
export type BiasCategory = (typeof BIAS_CATEGORIES)[number];

/** A group term: `generic` is true for plural or collective forms ("women", "the poor"). */
export interface GroupTerm {
  category: BiasCategory;
  generic: boolean;
}

const plural = (words: string): string[] => words.split(',').map((w) => w.trim());

/**
 * Plural/collective forms per category: a statement about them reads as a statement about everyone in the group.
 * Every country's people and forty more peoples are listed since 2026-12-06 (thirty-fourth session,
 * below); an earlier try at 60 more groups (2026-12-05) was not kept: its neutral twins were flagged
 * ("Many Kurds live in Turkey, Iraq, Iran and Syria." 0.45) because the model had seen few plain facts
 * about any group. The rows of scripts/lib/bias-data.ts identityFactRows supply them now.
 */
const GENERIC_TERMS: Record<BiasCategory, string[]> = {
  gender: plural(
    'women,men,girls,boys,females,males,ladies,wives,husbands,mothers,fathers,moms,dads,housewives,feminists,transgender people,trans people,trans women,trans men,transgenders,nonbinary people,guys,gals,sisters,daughters,brides',
  ),
  race_ethnicity: plural(
    'black people,blacks,black men,black women,african americans,white people,whites,white men,white women,asians,asian people,asian americans,latinos,latinas,latinx,hispanics,native americans,indigenous people,natives,arabs,gypsies,roma,people of color,minorities,caucasians,brown people',
  ),
  age: plural(
    'old people,older people,the elderly,elderly people,seniors,senior citizens,boomers,baby boomers,millennials,zoomers,gen z,teenagers,teens,young people,kids these days,old folks,old men,old women,retirees,pensioners,the old,the young,youngsters',
  ),
  disability: plural(
    'people with mental disabilities,people with physical disabilities,those with mental disabilities,those with disabilities,people in wheelchairs,the mentally insane,mentally insane people,disabled people,the disabled,people with disabilities,handicapped people,the handicapped,wheelchair users,blind people,the blind,deaf people,the deaf,autistic people,autistics,the mentally ill,mentally ill people,schizophrenics,amputees,people with down syndrome,dyslexics,people with adhd,the mentally disabled,mentally disabled people,physically disabled people',
  ),
  religion: plural(
    'muslims,moslems,christians,jews,jewish people,hindus,buddhists,atheists,catholics,protestants,mormons,sikhs,evangelicals,religious people,believers',
  ),
  nationality: plural(
    'southerners,northerners,midwesterners,people from the middle east,people from mexico,people from africa,people from china,people from india,immigrants,refugees,foreigners,migrants,asylum seekers,mexicans,chinese people,the chinese,americans,russians,africans,indians,iranians,syrians,iraqis,afghans,pakistanis,irish,italians,germans,the french,french people,poles,japanese people,koreans,nigerians,somalis,middle easterners,arab immigrants,latin americans,puerto ricans,cubans,haitians,canadians,british people,brits,europeans',
  ),
  sexual_orientation: plural(
    'trans people,the trans community,gays,gay people,gay men,lesbians,homosexuals,bisexuals,bisexual people,queer people,lgbt people,lgbtq people,lgbtq,lgbt,gay couples,straight people,heterosexuals,asexuals,pansexuals',
  ),
  socioeconomic: plural(
    'poor people,the poor,rich people,the rich,homeless people,the homeless,welfare recipients,the working class,working class people,low-income people,low income people,poor families,rich kids,inner city kids,inner-city kids,inner city youth,inner-city youth,kids from the inner city,people from the inner city,people from the projects,kids from the projects,people from the hood,kids from the hood,rednecks,hillbillies,hicks,millionaires,billionaires,peasants,blue-collar workers,people on welfare,unemployed people,the unemployed,trailer park people',
  ),
  physical_appearance: plural(
    'fat people,obese people,overweight people,the obese,ugly people,short people,short men,tall people,skinny people,thin people,bald men,redheads,blondes,people with tattoos,unattractive people,beautiful people,attractive people',
  ),
};

/** Singular or adjectival forms: a mention of one person or a qualifier ("a Muslim doctor"). */
const SPECIFIC_TERMS: Record<BiasCategory, string[]> = {
  gender: plural(
    'woman,man,girl,boy,female,male,lady,wife,husband,mother,father,mom,dad,housewife,feminist,transgender,trans woman,trans man,nonbinary,guy,sister,daughter,bride,she,he',
  ),
  race_ethnicity: plural(
    'black,african american,white,asian,latino,latina,hispanic,native american,indigenous,arab,gypsy,caucasian,brown,person of color',
  ),
  age: plural(
    'old man,old woman,elderly,senior,boomer,millennial,teenager,teen,grandma,grandpa,old person,young person,old,older',
  ),
  disability: plural(
    'disabled,handicapped,blind,deaf,autistic,mentally ill,schizophrenic,wheelchair user,in a wheelchair,amputee,dyslexic,paraplegic,mentally disabled,physically disabled,down syndrome,adhd,bipolar',
  ),
  religion: plural(
    'muslim,moslem,islam,islamic,christian,christianity,jew,jewish,judaism,hindu,hinduism,buddhist,atheist,catholic,protestant,mormon,sikh,evangelical',
  ),
  nationality: plural(
    'immigrant,refugee,foreigner,migrant,mexican,chinese,american,russian,african,indian,iranian,syrian,iraqi,afghan,pakistani,irish,italian,german,french,polish,japanese,korean,nigerian,somali,middle eastern,puerto rican,cuban,haitian,canadian,british,european',
  ),
  sexual_orientation: plural(
    'trans,transgender,gay,lesbian,homosexual,bisexual,queer,straight,heterosexual,asexual,pansexual,homosexuality,bisexuality,same-sex',
  ),
  socioeconomic: plural(
    'poor,rich,homeless,wealthy,low-income,low income,working class,blue-collar,on welfare,unemployed,millionaire,billionaire,ghetto,trailer park,inner city,inner-city,redneck,hillbilly,the projects,the hood',
  ),
  physical_appearance: plural(
    'fat,obese,overweight,ugly,short,skinny,bald,redhead,blonde,unattractive,tattooed',
  ),
};

/**
 * Where people come from, as in "people from <place>": each place makes a nationality term with
 * "people from" (and "people from the" for the places that take the article).
 */
const ORIGINS = plural(
  'mexico,africa,china,india,asia,south asia,southeast asia,east asia,latin america,south america,central america,eastern europe,pakistan,afghanistan,iran,iraq,syria,somalia,nigeria,haiti,cuba,puerto rico,russia,poland,romania,albania,turkey,morocco,the middle east,the caribbean,the balkans,the third world,third world countries,the philippines,the arab world',
);
for (const place of ORIGINS) {
  const term = `people from ${place}`;
  if (!GENERIC_TERMS.nationality.includes(term)) GENERIC_TERMS.nationality.push(term);
}

/**
 * Every country's people (src/text/demonyms.ts), so that a stereotype about Filipinos or Ethiopians
 * reads as one about a nationality, as one about Mexicans does. Left out: words whose everyday
 * sense outweighs the people ("english" the language, "finn" and "scot" as given names, "dane" the
 * dog, "swede" the turnip, "new zealand" the place), and the countries whose names are also words or names ("chad",
 * "georgia", "jordan", "niger", "guinea", "dominica").
 */
const NOT_GROUP_WORDS = new Set(['english', 'finn', 'scot', 'dane', 'new zealand', 'swede']);
const NOT_ORIGINS = new Set(['chad', 'georgia', 'jordan', 'niger', 'guinea', 'dominica']);
const addTerm = (list: string[], term: string): void => {
  if (term && !NOT_GROUP_WORDS.has(term) && !list.includes(term)) list.push(term);
};
for (const d of DEMONYMS) {
  addTerm(SPECIFIC_TERMS.nationality, d.adjective);
  addTerm(SPECIFIC_TERMS.nationality, d.singular);
  addTerm(GENERIC_TERMS.nationality, d.plural);
  if (!d.singular) addTerm(GENERIC_TERMS.nationality, `the ${d.adjective}`);
  if (!NOT_ORIGINS.has(d.country)) addTerm(GENERIC_TERMS.nationality, `people from ${d.country}`);
}

/** Peoples that are not a country's: ethnic, tribal and regional groups, as "many/one". */
const PEOPLES = plural(
  'kurds/kurd,tamils/tamil,uyghurs/uyghur,uighurs/uighur,pashtuns/pashtun,berbers/berber,hmong/hmong,' +
    'rohingya/rohingya,romani/romani,sami/sami,maori/maori,aborigines/aboriginal,aboriginals/aboriginal,inuit/inuit,' +
    'bedouins/bedouin,yazidis/yazidi,hutus/hutu,tutsis/tutsi,zulus/zulu,igbos/igbo,yorubas/yoruba,punjabis/punjabi,' +
    'bengalis/bengali,gujaratis/gujarati,sindhis/sindhi,chechens/chechen,tatars/tatar,slavs/slav,slavic/slavic,' +
    'persians/persian,pacific islanders/pacific islander,south asians/south asian,east asians/east asian,' +
    'southeast asians/southeast asian,west indians/west indian,caribbeans/caribbean,eastern europeans/eastern european,' +
    'south americans/south american,central americans/central american,north africans/north african,' +
    'west africans/west african,east africans/east african,sub-saharan africans/sub-saharan african',
);
for (const entry of PEOPLES) {
  const [many = '', one = ''] = entry.split('/');
  // A word that is its own plural ("the Rohingya", "Inuit") names the whole people.
  addTerm(GENERIC_TERMS.race_ethnicity, many);
  if (one !== many) addTerm(SPECIFIC_TERMS.race_ethnicity, one);
}

/**
 * Tried 2026-12-03 (h-bias), not kept: "trans people", "the trans community" and "trans" moved from
 * sexual_orientation to gender (gender identity has no category of its own), retrained:
 * CrowS 0.671 -> 0.678, benign 0.45% -> 0.45%, functional probe 0.889 -> 0.865 (hateful caught
 * 0.982 -> 0.927: "Trans people are monsters." 0.289 and "... freaks of nature." 0.355, no longer
 * flagged; the group:gender weight is learnt mostly from benign gender mentions). With "she" also
 * read like "he" (targets.ts, no group slot): CrowS 0.702, benign 0.42%, probe 0.865, and "She is a
 * selfish, nasty person." still flagged (0.688 -> 0.560).
 * Tried 2026-12-03 (h-bias, commits 5c3195b..c4a3650), not kept: a gender_identity category (trans,
 * transgender, trans women/men, nonbinary, non-binary, genderqueer, transsexual, cisgender as
 * majority; tranny/trannies/shemale(s) moved to it) with its own group:gender_identity feature,
 * retrained. Seed 0: LOGO F1 0.847 -> 0.840, AUC 0.882 -> 0.874 (lgbtq tp 49 -> 46), CrowS 0.671 ->
 * 0.669, benign 0.45%, probe 0.889 (hateful 0.982, unchanged). With gender_identity also lighting
 * group:sexual_orientation: seed 0 F1 0.841, AUC 0.880 (lgbtq tp 47); seed 1 F1 0.841, AUC 0.883
 * (lgbtq tp 45); CrowS 0.666, benign 0.45%, probe 0.889. LOGO F1 below the seed spread on both
 * seeds, all of it on the lgbtq group: with lgbtq left out, almost no trans row is left to learn
 * the new weight from (ToxiGen dev has 28 hateful and 1 neutral row naming trans people). On 24
 * sentences of my own it caught 12/12 hateful (11/12 before: "non-binary" was no term) but flagged
 * 3/12 benign trans mentions (1/12 before): the weight learnt from all-hateful trans rows.
 */
/** Every group term, longest first so multi-word terms win over their parts. */
export const GROUP_TERMS: Map<string, GroupTerm> = (() => {
  const map = new Map<string, GroupTerm>();
  for (const category of Object.keys(GENERIC_TERMS) as BiasCategory[]) {
    for (const term of SPECIFIC_TERMS[category])
      if (!map.has(term)) map.set(term, { category, generic: false });
    for (const term of GENERIC_TERMS[category]) map.set(term, { category, generic: true });
  }
  return map;
})();
/**
 * The longest group term in words ("people from the middle east", 5): the term matcher tries
 * phrases up to this long. It was a fixed 4 until 2026-12-03, and the 5-word terms never matched.
 */
export const MAX_GROUP_TERM_WORDS = Math.max(...[...GROUP_TERMS.keys()].map((t) => t.split(' ').length));

/**
 * Pronouns and weak words that some specific terms share with everyday English; they count as a
 * group mention only next to stereotype signals, never as a generalization on their own.
 */
export const WEAK_GROUP_TERMS = new Set([
  'he',
  'she',
  'old',
  'older',
  'short',
  'straight',
  'white',
  'black',
  'brown',
  'poor',
  'rich',
  'blind',
  'guy',
  'man',
  'boy',
  'girl',
  'woman',
  'american',
  'senior',
]);

/**
 * References that point back to a group named earlier ("you people", "they"): they inherit the
 * category of the last group mentioned in the previous sentences. Value: true when collective.
 */
export const ANAPHORA: Map<string, boolean> = new Map([
  ['you people', true],
  ['those people', true],
  ['these people', true],
  ['your kind', true],
  ['their kind', true],
  ['them all', true],
  ['they', true],
  ['them', true],
  ['those', true],
]);
export const ANAPHORA_MAX_SENTENCES = 2;

/**
 * Words that frame a generalization as reported, refuted or studied rather than asserted
 * ("it is a misconception that ..."): the sentence keeps a fraction of its score.
 */
export const DISTANCING = new Set([
  'misconception',
  'myth',
  'myths',
  'stereotype',
  'stereotypes',
  'stereotypical',
  'prejudice',
  'false',
  'untrue',
  'wrong',
  'research',
  'study',
  'studies',
  'according',
  'seen',
  'perceived',
  'portrayed',
  'assume',
  'assumption',
  'discrimination',
  'racism',
  'sexism',
  'bias',
  'biased',
  'debunk',
  'debunked',
  'similar',
  'equally',
  'equal',
  'claim',
  'claims',
  'believe',
  'believed',
  'stigma',
]);

/**
 * Person nouns that turn a qualifier into a group ("muslim" + "men", "lesbian" + "couples",
 * "trans" + "community"): the mention then counts as collective.
 */
/**
 * Tried 2026-12-06 (thirty-fourth session), not kept: 33 occupations as person plurals, so that a
 * qualifier before one names a group ("Nigerian doctors are all frauds" 0.35, "Jewish doctors only
 * care about money" 0.31). Retrained: LOGO F1 0.846 and CrowS 0.673 unchanged, AUC 0.878 -> 0.877;
 * two fresh probes (b34h written before, b34i after) caught 5 -> 9 of 9 stereotypes but flagged
 * 0 -> 3 of 13 neutral mentions of professionals ("Older pilots must pass a medical check every six
 * months" 0.57, "Muslim teachers organised an iftar for the whole school" 0.58).
 */
export const PERSON_PLURALS = new Set([
  'men',
  'women',
  'people',
  'guys',
  'kids',
  'children',
  'folks',
  'families',
  'couples',
  'parents',
  'girls',
  'boys',
  'students',
  'workers',
  'community',
  'communities',
  'immigrants',
  'citizens',
  'neighbors',
  'neighbours',
  'drivers',
  'employees',
  'friends',
  'teens',
  'youth',
  'population',
  'culture',
  'cultures',
  // Whom a hiring, lending or clinical decision is about ("immigrant applicants", "Black patients").
  'applicants',
  'candidates',
  'patients',
  'tenants',
  'borrowers',
  'adults',
]);

/** Neutral stand-ins for the counterfactual: same grammatical number, no group. */
export const NEUTRAL_PLURAL = 'people';
export const NEUTRAL_SINGULAR = 'person';

/**
 * Traits with a valence 0..1: how damaging the attribute is when generalized to a group. Positive
 * stereotypes ("good at math") still count, with a low weight.
 */
export const TRAITS: Map<string, number> = new Map(
  Object.entries({
    lazy: 0.8,
    stupid: 0.9,
    dumb: 0.9,
    idiots: 0.9,
    idiotic: 0.85,
    morons: 0.9,
    retarded: 0.95,
    // People said to be faulty goods (b31d: "Autistic people are not broken" was no denial).
    broken: 0.6,
    defective: 0.85,
    criminals: 0.9,
    criminal: 0.8,
    violent: 0.85,
    dangerous: 0.8,
    dirty: 0.8,
    smelly: 0.8,
    stink: 0.8,
    greedy: 0.75,
    cheap: 0.5,
    weak: 0.6,
    emotional: 0.5,
    hysterical: 0.65,
    irrational: 0.6,
    incompetent: 0.8,
    inferior: 0.95,
    useless: 0.85,
    worthless: 0.9,
    evil: 0.9,
    terrorists: 0.95,
    terrorist: 0.9,
    terrorism: 0.8,
    thieves: 0.9,
    steal: 0.75,
    stealing: 0.75,
    thugs: 0.9,
    illegal: 0.55,
    illegals: 0.85,
    unintelligent: 0.85,
    uneducated: 0.6,
    ignorant: 0.65,
    primitive: 0.8,
    backward: 0.7,
    disgusting: 0.9,
    gross: 0.6,
    abnormal: 0.75,
    unnatural: 0.8,
    sick: 0.6,
    perverts: 0.9,
    perverted: 0.9,
    pedophiles: 0.95,
    sinful: 0.7,
    immoral: 0.75,
    promiscuous: 0.7,
    sluts: 0.95,
    bossy: 0.5,
    nagging: 0.6,
    submissive: 0.55,
    frail: 0.5,
    senile: 0.7,
    helpless: 0.5,
    burden: 0.8,
    freeloaders: 0.85,
    liars: 0.85,
    lying: 0.6,
    dishonest: 0.8,
    untrustworthy: 0.8,
    cheaters: 0.75,
    cheat: 0.65,
    bitter: 0.5,
    jealous: 0.5,
    spies: 0.7,
    unhygienic: 0.8,
    diseased: 0.85,
    ugly: 0.7,
    unattractive: 0.6,
    loud: 0.45,
    rude: 0.5,
    aggressive: 0.6,
    angry: 0.45,
    crazy: 0.65,
    insane: 0.65,
    psychotic: 0.8,
    delusional: 0.7,
    confused: 0.45,
    weird: 0.5,
    creepy: 0.6,
    annoying: 0.5,
    arrogant: 0.6,
    selfish: 0.65,
    entitled: 0.6,
    spoiled: 0.5,
    uncivilized: 0.9,
    barbaric: 0.9,
    barbarians: 0.95,
    radical: 0.5,
    extremists: 0.85,
    fanatics: 0.8,
    brainwashed: 0.7,
    drunks: 0.8,
    alcoholics: 0.8,
    druggies: 0.85,
    addicts: 0.7,
    drugs: 0.5,
    gangs: 0.7,
    gangsters: 0.85,
    rapists: 0.95,
    rape: 0.8,
    murderers: 0.95,
    killers: 0.9,
    incapable: 0.75,
    unfit: 0.75,
    unqualified: 0.65,
    unreliable: 0.7,
    worse: 0.55,
    bad: 0.5,
    terrible: 0.6,
    horrible: 0.65,
    awful: 0.6,
    fake: 0.55,
    hate: 0.6,
    hateful: 0.65,
    threat: 0.7,
    problem: 0.45,
    problems: 0.45,
    destroy: 0.7,
    destroying: 0.7,
    ruin: 0.65,
    ruining: 0.7,
    invade: 0.75,
    invading: 0.75,
    invasion: 0.8,
    taking: 0.35,
    poor: 0.35,
    dependent: 0.5,
    slow: 0.45,
    clumsy: 0.5,
    weaklings: 0.8,
    cowards: 0.8,
    cowardly: 0.75,
    smart: 0.3,
    intelligent: 0.3,
    good: 0.25,
    better: 0.35,
    superior: 0.7,
    naturally: 0.3,
    athletic: 0.3,
    nerdy: 0.4,
    worst: 0.7,
    thug: 0.85,
    brutish: 0.85,
    menial: 0.6,
    indecisive: 0.5,
    dead: 0.55,
    unproductive: 0.7,
    parasitic: 0.9,
    smarter: 0.45,
    dumber: 0.9,
    lazier: 0.85,
    uglier: 0.8,
    weaker: 0.65,
    poorer: 0.4,
    richer: 0.35,
    nerds: 0.4,
    exotic: 0.4,
    savages: 0.95,
    savage: 0.9,
    inbred: 0.9,
    filthy: 0.9,
  }),
);

/**
 * Traits that praise: denying one ("X are not smart") is a put-down, not a rejected stereotype, so
 * a denial of one of these never counts as rejecting a claim (detect.ts, rejectedClaim).
 */
export const POSITIVE_TRAITS: ReadonlySet<string> = new Set([
  'smart',
  'smarter',
  'intelligent',
  'good',
  'better',
  'superior',
  'naturally',
  'athletic',
  'nerdy',
  'nerds',
  'richer',
  'exotic',
]);

/** Multi-word traits and stereotyped abilities ("bad at math", "can't drive"). */
export const TRAIT_PHRASES: [RegExp, number][] = [
  [/\b(?:bad|terrible|awful|worse|hopeless) (?:at|with) \w{2,20}/g, 0.7],
  [/\bgood (?:at|with) (?:math|money|numbers|business|sports|dancing|cooking|cleaning)\b/g, 0.35],
  [
    /\b(?:can ?not|can'?t|cannot|unable to|don'?t know how to) (?:drive|think|lead|understand|learn|handle|be trusted|control|speak|cook|work|do math|read)\b/g,
    0.7,
  ],
  [/\b(?:can'?t|cannot|can not|are unable to|never learn to) \w{2,20}/g, 0.55],
  [/\bonly good (?:for|at) \w{2,20}/g, 0.8],
  [/\bless (?:productive|civilized|evolved|human|capable|deserving)\b/g, 0.85],
  [/\b(?:live|living) (?:on|off) (?:taxpayer|our|the government|welfare|handouts)\b/g, 0.75],
  [/\bnever (?:integrate|assimilate|fit in|learn)\b/g, 0.7],
  [
    /\b(?:not (?:as )?(?:smart|intelligent|capable|strong|good)|less (?:intelligent|capable|competent))\b/g,
    0.8,
  ],
  [/\b(?:take|taking|took) (?:over|our jobs|our country|advantage)\b/g, 0.75],
  [/\bon welfare\b/g, 0.5],
  [/\b(?:(?:belongs?|place is) (?:in|at) (?:the )?(?:kitchen|home)|stay in the kitchen)\b/g, 0.9],
  [/\b(?:isn'?t|is not|aren'?t|are not) real\b/g, 0.75],
  [/\b(?:is|are) (?:just )?(?:a (?:choice|phase|sin|disease|mental illness|disorder)|mentally ill)\b/g, 0.8],
  [/\b(?:no|zero) (?:morals|values|culture|self[- ]control)\b/g, 0.8],
  [/\bgood for nothing\b/g, 0.85],
  [/\bgold ?diggers?\b/g, 0.8],
  [/\bnot (?:real|normal|natural|human|people|worth)\b/g, 0.75],
  // A group's families, marriages or identity denied ("not a real family", "not a proper marriage").
  [
    /\bnot (?:a |an )?(?:real|proper|true|normal|natural) (?:family|families|marriage|parents?|couple|nation|religion|women|woman|men|man)\b/g,
    0.8,
  ],
  // The recruiting and grooming tropes: a group said to be after children.
  [
    /\b(?:recruit|recruiting|groom|grooming|indoctrinat\w{0,6}|brainwash\w{0,4}) (?:our |the |young |their )?(?:children|kids|youth|students)\b/g,
    0.8,
  ],
  [/\b(?:don'?t|do not|does not|doesn'?t) (?:even )?know how to \w{2,20}/g, 0.6],
  [/\ba mental (?:disorder|illness)\b/g, 0.75],
  // The dual-loyalty trope: a group's loyalty said to lie elsewhere ("loyalty is always to Islam,
  // never to this country", "never truly loyal to America").
  [
    /\b(?:(?:loyalty|allegiance) (?:is|lies) (?:always |only )?(?:to|with)|(?:never|not|aren'?t|isn'?t) (?:truly |really )?loyal to|dual loyalty)\b/g,
    0.8,
  ],
  // A group said to be short of a quality a job or a relationship needs ("less reliable").
  [
    /\bless (?:reliable|trustworthy|honest|committed|dependable|hard-?working|loyal|motivated|skilled|qualified|responsible|professional|rational|logical|stable|ambitious|loving|caring|moral|patriotic)\b/g,
    0.8,
  ],
  // A dishonest habit generalized: "often lie", "always cheat", "tend to exaggerate".
  [
    /\b(?:often|usually|always|typically|all|tend to|are known to) (?:lie|cheat|steal|exaggerate|fake|scam|mooch|freeload|complain)s?\b/g,
    0.75,
  ],
  // A gender norm laid down for everyone of a gender: "real men don't cry", "a real woman should".
  [
    /\breal (?:men|man|women|woman|boys?|girls?) (?:don'?t|doesn'?t|do not|does not|never|should(?:n'?t)?|always|must|can'?t)\b/g,
    0.75,
  ],
  // Manhood or womanhood denied for not fitting a gender norm ("less of a man", "not a real woman",
  // "isn't much of a man"), a skill belittled as a girl's ("throws like a girl"), "man up" (b35d).
  [
    /\b(?:(?:less|much) of a (?:man|woman|lady)|not (?:a )?real (?:men|man|women|woman)|man up|(?:throws?|threw|throwing|runs?|ran|running|fights?|fought|fighting|cries|cried|crying|screams?|screamed|screaming|hits?|hitting|drives?|drove|driving|kicks?|kicked|kicking) like (?:a )?(?:little )?girls?)\b/g,
    0.75,
  ],
  // The "diversity hire" trope: a group's members said to owe their place to a quota, not merit.
  [
    /\b(?:diversity hires?|token hires?|(?:hired|admitted|promoted|chosen|picked|accepted) (?:only |just )?(?:to fill (?:a |the |their )?quotas?|(?:because of|for) (?:affirmative action|diversity|(?:a |the )?quotas?|their (?:race|gender|skin colou?r))))\b/g,
    0.8,
  ],
  // Contempt for others' rights or dignity laid on a group: "X don't respect women / our laws".
  [
    /\b(?:don'?t|do not|doesn'?t|does not|never) respect (?:women|their wives|the law|our laws|our values|our culture|authority|other people)\b/g,
    0.7,
  ],
  // A trait said to be inborn or inbred: "it's in their culture / blood / DNA".
  [/\b(?:it'?s|it is) (?:just |all )?(?:in )?their (?:culture|blood|dna|nature|genes)\b/g, 0.65],
  // A backhanded compliment: praise that presumes the group lacks the quality ("speaks English so
  // well for a Nigerian"), or against where one comes from ("articulate for someone from the
  // projects", "smart for a guy from the trailer park": the mention is the place, b36a).
  [
    /\b(?:smart|intelligent|clever|articulate|well|clean|pretty|attractive|good-looking|beautiful|polite|successful|educated|hard-?working|honest|well-spoken) for (?:(?:someone|somebody|an? (?:guy|girl|kid|man|woman|person|boy|lady)) from (?:(?=the (?:projects|hood)\b)|(?:the )?(?=ghetto|trailer park|inner[ -]city))|an? )/g,
    0.6,
  ],
  // The secret-agenda trope: a group said to plot or hope in hiding ("secretly hoping for sharia").
  [
    /\bsecretly (?:want|wants|wanting|hope|hopes|hoping|plot|plots|plotting|plan|plans|planning|working|scheming)\b/g,
    0.7,
  ],
  // A group said to live by cheating the public purse: "game the system", "milk the welfare system".
  [
    /\b(?:cheat|cheats|cheating|game|games|gaming|abuse|abuses|abusing|milk|milks|milking|scam|scams|scamming|exploit|exploits|exploiting|leech off|leeches off) (?:the|our) (?:(?:welfare|benefits?|tax|health ?care|asylum) )?(?:system|taxpayers?|welfare|benefits)\b/g,
    0.75,
  ],
  // A group told to be grateful, hush or make way ("should be grateful for what they were given and
  // stop complaining", "should just step aside", b43a).
  [
    /\bshould (?:just |all |simply )?(?:be (?:grateful|thankful)|stop (?:complaining|whining|moaning|crying|whinging)|shut up|step aside|get out of the way|stay quiet|keep quiet)\b/g,
    0.7,
  ],
  // A group said to lack what a task takes: "too simple to understand", "too emotional to lead" (b43a).
  [
    /\btoo (?:simple|stupid|dumb|primitive|backward|ignorant|lazy|emotional|weak|slow|uneducated|uncivili[sz]ed|childish|irrational|greedy|violent) to (?:understand|lead|think|learn|work|vote|be trusted|handle|grasp|govern|run|raise|decide|make)\b/g,
    0.7,
  ],
  // The quota trope said of one hire: "you're just filling a quota", "to meet a diversity quota" (b43a).
  [
    /\b(?:just |only )?(?:filling|fill|fills|filled|meeting|meet|meets) (?:a |the |its |their )?(?:diversity )?quotas?\b/g,
    0.75,
  ],
  // A group kept in a station: "women knew their place", "should know their place" (b31f).
  [/\b(?:know|knew|knows|knowing|learn|learned|remember|keep|kept|stay|stayed) (?:in )?their place\b/g, 0.8],
  // A group said not to grasp a value or an idea: "don't understand the concept of democracy".
  [
    /\b(?:don'?t|do not|doesn'?t|does not|never|can'?t|cannot) (?:understand|grasp|get|appreciate) (?:the (?:concept|idea|meaning|value) of|what (?:democracy|freedom|equality|hygiene|respect|hard work) (?:is|means))\b/g,
    0.7,
  ],
  // A place's decline blamed on a group's arrival: "went downhill once the X moved in" (b35a).
  [
    /\b(?:downhill|to hell|to the dogs|to shit) (?:once|after|when|since|ever since|the moment)\b[^.!?]{0,40}\b(?:moved in|arrived|came in|showed up|took over|started (?:coming|moving|letting))|\b(?:since|once|after|when) (?:the |those |these |they |all the )?\w{2,20} (?:moved in|arrived|came in|showed up|took over)\b[^.!?]{0,40}\b(?:downhill|to hell|to the dogs|ruined|worse)\b/g,
    0.7,
  ],
  // The smell trope: a group or its homes and food said to stink ("smells like his lunch", "reeks of curry").
  [
    /\b(?:smells?|smelled|smelling|stinks?|stank|stinking|reeks?|reeked|reeking) (?:like|of) (?:a |an |the )?(?:curry|garlic|fish|onions?|spices|bazaar|zoo|barn|farm|animals?|sweat|his lunch|her lunch|their lunch|their food|them)\b/g,
    0.6,
  ],
  // The slur that a group's food is dogs or cats.
  [/\b(?:eats?|eating|full of|serves?|serving) (?:dogs?|cats?|dog meat|cat meat)\b/g, 0.7],
  // A group blamed for a share of the crime: "commit most of the crime", "are behind the violence".
  [
    /\b(?:commit|commits|committed|cause|causes|caused|(?:are|is) (?:responsible|to blame) for|(?:are|is) behind) (?:(?:most|all|half|much|the bulk|the majority|a (?:disproportionate|huge|large) (?:amount|share|number)) (?:of )?(?:the |our |all )?|the most |more )(?:violent )?(?:crimes?|violence|murders|shootings|rapes|thefts|terrorism|terror attacks)\b/g,
    0.8,
  ],
];

/** Words that turn a mention into a claim about the whole group. */
export const QUANTIFIERS = new Set(['all', 'every', 'most', 'these', 'those', 'typical', 'such', 'any']);
export const COPULAS = new Set([
  'are',
  'is',
  'were',
  'was',
  "aren't",
  'arent',
  "isn't",
  'isnt',
  'be',
  'always',
  'never',
  'should',
  "shouldn't",
  'shouldnt',
  "can't",
  'cant',
  'cannot',
  "don't",
  'dont',
  'do',
  'tend',
  'have',
  'lack',
  'will',
  "won't",
  'make',
  'get',
  'love',
  'like',
  'hate',
  'need',
  'just',
  'only',
  'all',
  'really',
  'so',
  'too',
  'generally',
  'usually',
]);
export const INTENSIFIERS = new Set([
  'always',
  'never',
  'naturally',
  'inherently',
  'all',
  'typically',
  'genetically',
  'obviously',
  'clearly',
  'so',
  'too',
  'known',
  'typical',
  'notoriously',
  'usually',
  'generally',
  'every',
]);

/** Hostile statements against a group (calls for exclusion, removal or violence), by weight. */
export const HOSTILE_PATTERNS: [RegExp, number, string][] = [
  // A ban lifted, ended or overturned is no call for one ("The army lifted its ban on gay soldiers").
  // "were not allowed" reports the past ("Women were not allowed to vote until 1971"), unless an
  // "if" makes it a wish ("better off if the mentally ill were not allowed to reproduce").
  [
    /\b(?:kill|shoot|gas|hang|lynch|exterminate|eradicate|wipe out|get rid of|eliminate|burn|sterili[sz]e)(?: (?:all|them|every|the|those))?\b/g,
    0.95,
    'violence',
  ],
  [
    /\b(?:deport(?:ed|ing)?|(?<!\b(?:lift(?:ed|ing|s)?|end(?:ed|ing|s)?|overturn(?:ed|ing|s)?|repeal(?:ed|ing|s)?|struck down|strike down|scrap(?:ped|ping|s)?)(?: (?:the|its|a|their|his|her|this|that))? )ban(?:ned)?|kick(?:ed)? out|send (?:them |all of them )?back|go back (?:to|where)|lock(?:ed)? up|round(?:ed)? up|keep (?:them )?out)\b/g,
    0.8,
    'exclusion',
  ],
  [
    /\b(?:(?:do ?n[o']t|does ?n[o']t|do not|does not) belong|have no place|has no place|(?<!(?<!\bif\b[^.,;]{0,60})\b(?:was|were) )not (?:welcome|allowed)|shouldn'?t be allowed|should not be allowed|should not have rights|don'?t deserve|do not deserve|not (?:real )?(?:people|human))\b/g,
    0.85,
    'exclusion',
  ],
  [
    /\bshould (?:be|all be) (?:killed|removed|banned|deported|locked up|shot|segregated|punished|ashamed|sterili[sz]ed|eliminated|executed)\b/g,
    0.9,
    'exclusion',
  ],
  // "Hate" as a noun's modifier names what is reported, not a feeling voiced: "hate crimes against".
  [
    /\b(?:hate(?! (?:crimes?|speech|groups?|mail|campaigns?|incidents?|attacks?|preachers?|sites?|rhetoric|comments?|messages?|posts?|violence)\b)|despise|can'?t stand) (?:all |those |these )?\w{2,20}\b/g,
    0.6,
    'hostility',
  ],
  // A wish for a violent fate in the passive: "should be lynched", "ought to be gassed" (the verb
  // forms the first pattern's bare verbs miss).
  [
    /\b(?:should|ought to|must|needs? to|deserve to) (?:all )?be (?:lynched|hanged|gassed|burn(?:ed|t)|exterminated|wiped out|put down|strung up|hunted down|slaughtered|massacred|killed|executed|shot)\b/g,
    0.95,
    'violence',
  ],
  [/\b(?:should|must) be forced to\b/g, 0.7, 'exclusion'],
  // A right denied outright: "gay people shouldn't adopt", "women should not vote" (b32g).
  [
    /\b(?:should ?n[o']t|should not|must not|must ?n[o']t|should never|must never) (?:ever )?(?:be (?:able|permitted) to )?(?:adopt|marry|vote|teach|immigrate|breed|reproduce|own property|hold office|run for office|raise (?:children|kids)|have (?:children|kids|rights))\b/g,
    0.8,
    'exclusion',
  ],
  [/\b(?:should ?n[o']t|should not|must not|must ?n[o']t) (?:be allowed to|allow|let)\b/g, 0.8, 'exclusion'],
  [/\bno tolerance\b/g, 0.6, 'hostility'],
  [/\b(?:better off dead|(?:be|is) better (?:off )?without)\b/g, 0.9, 'violence'],
  [/\bnever (?:hire|employ|date|rent to|trust)\b/g, 0.75, 'exclusion'],
  [/\b(?:taking over|take over|replace us|replacing us|out ?breeding)\b/g, 0.7, 'conspiracy'],
];

/** Dehumanizing metaphors by severity. */
export const DEHUMANIZING: Map<string, number> = new Map(
  Object.entries({
    vermin: 0.95,
    parasites: 0.95,
    parasite: 0.9,
    infestation: 0.95,
    infest: 0.9,
    infested: 0.9,
    cockroaches: 0.95,
    rats: 0.85,
    animals: 0.8,
    subhuman: 1,
    subhumans: 1,
    untermensch: 1,
    apes: 0.95,
    monkeys: 0.9,
    savages: 0.95,
    plague: 0.8,
    disease: 0.6,
    cancer: 0.7,
    scum: 0.9,
    filth: 0.9,
    trash: 0.75,
    garbage: 0.75,
    breed: 0.7,
    breeding: 0.7,
    swarm: 0.8,
    swarms: 0.8,
    horde: 0.8,
    hordes: 0.8,
    beasts: 0.85,
    leeches: 0.9,
    pests: 0.9,
    mongrels: 0.95,
    degenerates: 0.9,
    degenerate: 0.85,
  }),
);

/**
 * Group slurs by severity (a short list kept to the unambiguous ones). Matching uses word
 * boundaries and a light normalization of digit/symbol substitutions.
 */
export const SLURS: Map<string, { severity: number; category: BiasCategory }> = new Map(
  (
    [
      ['nigger', 1, 'race_ethnicity'],
      ['niggers', 1, 'race_ethnicity'],
      ['nigga', 0.85, 'race_ethnicity'],
      ['niggas', 0.85, 'race_ethnicity'],
      ['chink', 1, 'race_ethnicity'],
      ['chinks', 1, 'race_ethnicity'],
      ['gook', 1, 'race_ethnicity'],
      ['spic', 1, 'race_ethnicity'],
      ['spics', 1, 'race_ethnicity'],
      ['wetback', 1, 'nationality'],
      ['wetbacks', 1, 'nationality'],
      ['beaner', 0.95, 'nationality'],
      ['beaners', 0.95, 'nationality'],
      ['kike', 1, 'religion'],
      ['kikes', 1, 'religion'],
      ['raghead', 1, 'religion'],
      ['ragheads', 1, 'religion'],
      ['towelhead', 1, 'religion'],
      ['towelheads', 1, 'religion'],
      ['sandnigger', 1, 'race_ethnicity'],
      ['coon', 0.9, 'race_ethnicity'],
      ['coons', 0.9, 'race_ethnicity'],
      ['jigaboo', 1, 'race_ethnicity'],
      ['porch monkey', 1, 'race_ethnicity'],
      ['faggot', 1, 'sexual_orientation'],
      ['faggots', 1, 'sexual_orientation'],
      ['fag', 0.95, 'sexual_orientation'],
      ['fags', 0.95, 'sexual_orientation'],
      ['dyke', 0.9, 'sexual_orientation'],
      ['dykes', 0.9, 'sexual_orientation'],
      ['tranny', 0.95, 'gender'],
      ['trannies', 0.95, 'gender'],
      ['shemale', 0.9, 'gender'],
      ['retard', 0.9, 'disability'],
      ['retards', 0.9, 'disability'],
      ['retarded', 0.85, 'disability'],
      ['spaz', 0.8, 'disability'],
      ['cripple', 0.8, 'disability'],
      ['cripples', 0.8, 'disability'],
      ['mongoloid', 0.95, 'disability'],
      ['tard', 0.85, 'disability'],
      ['gimp', 0.75, 'disability'],
      ['whore', 0.8, 'gender'],
      ['whores', 0.8, 'gender'],
      ['slut', 0.8, 'gender'],
      ['sluts', 0.8, 'gender'],
      ['bitches', 0.7, 'gender'],
      ['bitch', 0.65, 'gender'],
      ['hoes', 0.7, 'gender'],
      ['hoe', 0.65, 'gender'],
      ['cunt', 0.8, 'gender'],
      ['redskin', 0.95, 'race_ethnicity'],
      ['redskins', 0.9, 'race_ethnicity'],
      ['injun', 0.95, 'race_ethnicity'],
      ['gypped', 0.6, 'race_ethnicity'],
      ['paki', 0.95, 'nationality'],
      ['pakis', 0.95, 'nationality'],
      ['white trash', 0.8, 'socioeconomic'],
      ['trailer trash', 0.8, 'socioeconomic'],
      ['ghetto trash', 0.85, 'socioeconomic'],
      ['fatso', 0.75, 'physical_appearance'],
      ['fatties', 0.75, 'physical_appearance'],
      ['lardass', 0.8, 'physical_appearance'],
      ['whale', 0.3, 'physical_appearance'],
      ['geezer', 0.5, 'age'],
      ['geezers', 0.5, 'age'],
      ['old hag', 0.7, 'age'],
      ['cracker', 0.55, 'race_ethnicity'],
      ['crackers', 0.55, 'race_ethnicity'],
      ['illegals', 0.7, 'nationality'],
      ['illegal aliens', 0.6, 'nationality'],
      ['homo', 0.8, 'sexual_orientation'],
      ['homos', 0.8, 'sexual_orientation'],
      ['libtard', 0.6, 'disability'],
    ] as [string, number, BiasCategory][]
  ).map(([w, severity, category]) => [w, { severity, category }]),
);

/**
 * Traits a category is commonly stereotyped with: the counterfactual swap loses this association,
 * which is what tells a stereotype from generic negativity.
 */
export const STEREOTYPE_ASSOCIATIONS: Record<BiasCategory, Set<string>> = {
  gender: new Set([
    'emotional',
    'hysterical',
    'irrational',
    'weak',
    'bossy',
    'nagging',
    'submissive',
    'bad',
    'kitchen',
    'drive',
    'math',
    'cooking',
    'cleaning',
    'sluts',
    'promiscuous',
    'aggressive',
    'violent',
    'rape',
    'rapists',
    'lead',
    'crazy',
  ]),
  race_ethnicity: new Set([
    'lazy',
    'criminal',
    'criminals',
    'violent',
    'thugs',
    'drugs',
    'gangs',
    'dangerous',
    'steal',
    'stealing',
    'thieves',
    'drive',
    'math',
    'smart',
    'athletic',
    'loud',
    'angry',
    'dirty',
    'savages',
    'primitive',
    'welfare',
    'poor',
    'uneducated',
  ]),
  age: new Set([
    'senile',
    'slow',
    'frail',
    'helpless',
    'burden',
    'drive',
    'learn',
    'understand',
    'lazy',
    'entitled',
    'spoiled',
    'confused',
    'useless',
    'incompetent',
  ]),
  disability: new Set([
    'burden',
    'helpless',
    'useless',
    'incapable',
    'unfit',
    'crazy',
    'insane',
    'psychotic',
    'dangerous',
    'violent',
    'stupid',
    'dumb',
    'retarded',
    'dependent',
    'work',
    'learn',
  ]),
  religion: new Set([
    'terrorists',
    'terrorist',
    'terrorism',
    'extremists',
    'fanatics',
    'radical',
    'violent',
    'greedy',
    'cheap',
    'brainwashed',
    'barbaric',
    'evil',
    'money',
  ]),
  nationality: new Set([
    'illegal',
    'illegals',
    'criminals',
    'steal',
    'stealing',
    'jobs',
    'drugs',
    'lazy',
    'dirty',
    'invade',
    'invading',
    'invasion',
    'terrorists',
    'taking',
    'drunks',
    'rapists',
    'cheap',
    'uneducated',
    'backward',
    'primitive',
  ]),
  sexual_orientation: new Set([
    'unnatural',
    'abnormal',
    'perverts',
    'perverted',
    'pedophiles',
    'sinful',
    'immoral',
    'promiscuous',
    'sick',
    'disease',
    'confused',
    'real',
    'choice',
    'phase',
    'diseased',
  ]),
  socioeconomic: new Set([
    'lazy',
    'criminals',
    'drugs',
    'uneducated',
    'stupid',
    'dirty',
    'greedy',
    'selfish',
    'entitled',
    'freeloaders',
    'welfare',
    'drunks',
    'addicts',
    'dependent',
  ]),
  physical_appearance: new Set([
    'lazy',
    'ugly',
    'disgusting',
    'gross',
    'stupid',
    'unattractive',
    'weak',
    'unhealthy',
    'slow',
    'dumb',
  ]),
};

/** Gendered or exclusionary words with inclusive alternatives (the fast built-in table). */
export const INCLUSIVE_ALTERNATIVES: Map<string, string[]> = new Map(
  Object.entries({
    chairman: ['chair', 'chairperson'],
    chairmen: ['chairs', 'chairpersons'],
    policeman: ['police officer'],
    policemen: ['police officers'],
    fireman: ['firefighter'],
    firemen: ['firefighters'],
    mankind: ['humankind', 'humanity'],
    manpower: ['workforce', 'staff'],
    'man-made': ['artificial', 'synthetic'],
    manmade: ['artificial', 'synthetic'],
    businessman: ['businessperson', 'executive'],
    businessmen: ['businesspeople', 'executives'],
    salesman: ['salesperson'],
    salesmen: ['salespeople'],
    spokesman: ['spokesperson'],
    spokesmen: ['spokespeople'],
    mailman: ['mail carrier'],
    stewardess: ['flight attendant'],
    stewardesses: ['flight attendants'],
    cameraman: ['camera operator'],
    foreman: ['supervisor'],
    workmanship: ['craftsmanship', 'quality of work'],
    congressman: ['member of congress', 'legislator'],
    middleman: ['intermediary'],
    layman: ['layperson'],
    freshman: ['first-year student'],
    waitress: ['server'],
    actress: ['actor'],
    housewife: ['homemaker'],
    'cleaning lady': ['cleaner'],
    'man the': ['staff the', 'operate the'],
    'you guys': ['you all', 'everyone'],
    'ladies and gentlemen': ['everyone', 'guests'],
    guys: ['everyone', 'folks'],
    'the disabled': ['disabled people', 'people with disabilities'],
    'the handicapped': ['disabled people'],
    handicapped: ['disabled'],
    'wheelchair-bound': ['wheelchair user'],
    'wheelchair bound': ['wheelchair user'],
    'confined to a wheelchair': ['uses a wheelchair'],
    'suffers from': ['has', 'lives with'],
    'the elderly': ['older people', 'older adults'],
    'illegal immigrants': ['undocumented immigrants'],
    'illegal immigrant': ['undocumented immigrant'],
    'illegal aliens': ['undocumented immigrants'],
    blacklist: ['blocklist', 'denylist'],
    whitelist: ['allowlist'],
    'master/slave': ['primary/replica'],
    crazy: ['unexpected', 'surprising'],
    lame: ['weak', 'disappointing'],
    'mentally retarded': ['intellectually disabled'],
    homosexuals: ['gay people'],
    transgenders: ['transgender people'],
    'the poor': ['people with low incomes'],
  }),
);
