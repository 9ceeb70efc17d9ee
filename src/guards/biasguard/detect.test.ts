import { describe, expect, it } from 'vitest';
import { analyzeBias, analyzeLexicon } from './detect.js';
import { type BiasCategory, MAX_GROUP_TERM_WORDS } from './lexicon.js';
import { FLAG_POINT } from './model.js';

// Hand-written pairs: a biased statement and a neutral mention of the same group.
const CASES: [BiasCategory, string, string][] = [
  [
    'gender',
    'Women are bad at math and too emotional to lead.',
    'Women presented their research at the physics symposium in Lyon.',
  ],
  [
    'race_ethnicity',
    'Black people are naturally lazy and violent.',
    'Black people gathered for the jazz night downtown.',
  ],
  [
    'age',
    "Old people can't learn new technology, they are a burden.",
    'Old people signed up for the pottery course.',
  ],
  [
    'disability',
    'Disabled people are useless and a burden on society.',
    'Disabled people boarded the ferry at the harbour.',
  ],
  ['religion', 'All Muslims are terrorists.', 'Muslims broke their fast together at sunset.'],
  [
    'nationality',
    'Immigrants are vermin and should be deported.',
    'Immigrants started a football club in the park.',
  ],
  [
    'sexual_orientation',
    'Gay people are unnatural and perverted.',
    'Gay people adopted two dogs from the rescue centre.',
  ],
  ['socioeconomic', 'Poor people are lazy criminals.', 'Poor people can get free legal advice on Tuesdays.'],
  [
    'physical_appearance',
    'Fat people are always lazy and disgusting.',
    'Fat people swim at the public pool on weekends.',
  ],
];

describe('analyzeBias per category', () => {
  for (const [category, biased, neutral] of CASES) {
    it(`${category}: flags the generalization, not the neutral mention`, () => {
      const b = analyzeBias(biased);
      const n = analyzeBias(neutral);
      // The statement is flagged in its category and scores well above the neutral mention (which
      // the model keeps under the flag point for eight of these nine groups; see docs/evaluation.md).
      expect(b.categories[category]?.score ?? 0).toBeGreaterThanOrEqual(FLAG_POINT);
      expect(b.score).toBeGreaterThan(n.score + 0.2);
      expect(n.categories[category]?.mentions).toBeGreaterThanOrEqual(1);
    });
  }
});

describe('analyzeBias signals', () => {
  it('scores the rich-and-poor example the original missed', () => {
    const r = analyzeBias('Rich people are smarter and poor people are lazy');
    expect(r.score).toBeGreaterThanOrEqual(0.5);
    expect(r.categories.socioeconomic?.mentions).toBe(2);
  });

  it('reports spans into the original text and a concrete rewrite', () => {
    const text = 'Honestly, women are always bad at parking.';
    const r = analyzeBias(text);
    const f = r.findings.find((x) => x.type === 'stereotype');
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe('women');
    expect(f?.data?.rewrite).toBe('Honestly, some people are bad at parking');
  });

  it('runs a counterfactual swap and reports the attribution', () => {
    const r = analyzeBias('Muslims are terrorists.');
    const cf = r.findings[0]?.data?.counterfactual as { text: string; attribution: number };
    expect(cf.text).toBe('people are terrorists');
    expect(cf.attribution).toBeGreaterThan(0);
  });

  it('detects obfuscated slurs with their category', () => {
    const r = analyzeBias('shut up you f4ggot');
    expect(r.findings.some((f) => f.type === 'slur' && f.category === 'sexual_orientation')).toBe(true);
    expect(r.score).toBeGreaterThanOrEqual(0.8);
  });

  it('treats hostile calls against a group as hostile', () => {
    const r = analyzeBias('Refugees do not belong here, kick them out.');
    expect(r.findings.some((f) => f.type === 'hostile' && f.category === 'nationality')).toBe(true);
  });

  it('resolves "they" back to the group named just before', () => {
    const r = analyzeBias('I met some immigrants yesterday. They are all criminals.');
    expect(r.categories.nationality?.score ?? 0).toBeGreaterThanOrEqual(0.5);
  });

  it('scores counter-speech lower than the claim it rejects', () => {
    const asserted = analyzeBias('Native Americans are all savages.').score;
    const refuted = analyzeBias('It is a misconception that Native Americans are all savages.').score;
    expect(refuted).toBeLessThan(asserted);
    expect(analyzeBias('No one should say immigrants are criminals.').score).toBeLessThan(FLAG_POINT);
  });

  it('suggests inclusive alternatives for gendered wording without scoring it as bias', () => {
    const r = analyzeBias('The chairman thanked the firemen.');
    const words = r.findings.filter((f) => f.type === 'exclusionary_language').map((f) => f.data?.rewrite);
    expect(words).toEqual(['chair', 'firefighters']);
    expect(r.score).toBeLessThan(FLAG_POINT);
  });

  it('does not read a short fragment with no group in it as evidence', () => {
    // Few n-grams make a noisy sum; the shortness feature lets the model discount it.
    for (const text of ['because', 'Thanks!', 'what time is it', 'They left early.', 'ok do it'])
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
    expect(analyzeBias('Immigrants are all criminals.').score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('flags exclusion and inferiority without trait words, and not their benign twins', () => {
    // Sentences of neither the templates (scripts/lib/bias-data.ts implicitRows) nor the eval sets.
    const pairs: [string, string][] = [
      [
        'Refugees should not be allowed to rent apartments in our building.',
        'Refugees should be allowed to rent apartments in our building like anyone else.',
      ],
      ['Keep the Sikhs out of our golf club.', 'Make the Sikhs welcome in our golf club.'],
      [
        'Deaf people are only good for sorting mail.',
        'Deaf people work in every field, from law to surgery.',
      ],
      ['Hindus will never be as civilized as the rest of us.', 'Hindus are as civilized as the rest of us.'],
    ];
    for (const [hate, twin] of pairs) {
      expect(analyzeBias(hate).score, hate).toBeGreaterThanOrEqual(FLAG_POINT);
      expect(analyzeBias(twin).score, twin).toBeLessThan(FLAG_POINT);
    }
  });

  it('passes a right or an accommodation asked for a group, and flags its denial', () => {
    // Own probe sentences (2026-12-06), not the templates of scripts/lib/bias-data.ts rightsRows.
    for (const right of [
      'Transgender people should be able to use the restroom that matches their gender identity.',
      'Older workers should be protected from age discrimination in hiring.',
      'Indigenous communities should have a say in how their land is used.',
      'Jewish employees should get time off for Yom Kippur if they ask.',
      'Single mothers need affordable childcare to keep working.',
    ])
      expect(analyzeBias(right).score, right).toBeLessThan(FLAG_POINT);
    for (const denial of [
      'Gay couples should never be allowed to adopt; kids need a normal family.',
      'Muslims cannot be trusted in our schools.',
    ])
      expect(analyzeBias(denial).score, denial).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('leaves ordinary text alone', () => {
    const r = analyzeBias('Please summarise the quarterly sales report in three bullet points.');
    expect(r.score).toBeLessThan(FLAG_POINT);
    expect(r.findings).toEqual([]);
  });
});

describe('group terms', () => {
  const categoriesOf = (text: string): string[] => [...analyzeLexicon(text).mentionCategories.keys()];

  it('reads "people from <place>" as one nationality group, up to the longest term', () => {
    expect(MAX_GROUP_TERM_WORDS).toBe(5);
    for (const text of [
      'People from the Middle East are welcome at the festival.',
      'People from the Caribbean opened a bakery.',
      'People from Eastern Europe work in the harbour.',
    ]) {
      const lex = analyzeLexicon(text);
      expect(categoriesOf(text), text).toEqual(['nationality']);
      // One span over the whole phrase, from "People" to the place.
      expect(lex.spans.length, text).toBe(1);
      expect(text.slice(lex.spans[0]?.start, lex.spans[0]?.end), text).toMatch(/^People from /);
    }
    // Before the 5-word term matched, the committed model flagged the first (0.622); now 0.252.
    expect(analyzeBias('People from the Middle East are welcome here.').score).toBeLessThan(FLAG_POINT);
    expect(analyzeBias('People from the Middle East are terrorists.').score).toBeGreaterThanOrEqual(
      FLAG_POINT,
    );
  });

  // Fresh probe b32a (2026-12-06, thirty-second session): "Asian countries" was one collective
  // mention, so the model read "many <group> have ..." (0.54 before).
  it('reads a qualifier before "countries" as naming the places, not a group of people', () => {
    const lex = analyzeLexicon('Many Asian countries have high rates of public transit use.');
    expect(lex.spans.map((sp) => 'Many Asian countries'.slice(sp.start, sp.end))).toEqual(['Asian']);
    expect(analyzeBias('Many Asian countries have high rates of public transit use.').score).toBeLessThan(
      FLAG_POINT,
    );
    expect(analyzeBias('Arab countries breed terrorists, everyone knows that.').score).toBeGreaterThanOrEqual(
      FLAG_POINT,
    );
  });
});

// Own examples (2026-12-05), from a probe written after the question rows of scripts/lib/bias-data.ts
// (before them, 7 of its 20 curious questions were flagged).
describe('questions about a group', () => {
  it('passes curious questions about customs, beliefs and daily life', () => {
    for (const text of [
      'What are the main holidays celebrated by Hindus?',
      'How do Muslim students find a place to pray at university?',
      'Why do Catholics go to confession?',
      'Why do Mexican families celebrate the Day of the Dead?',
      'How are disabled athletes classified at the Paralympics?',
    ])
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
  });

  it('flags a question that asks why a group has a damaging trait', () => {
    for (const text of [
      'Why are Mexicans so lazy?',
      'Why do Muslims always want to kill people?',
      'Why are Asians so sneaky and untrustworthy?',
      'How come women are too dumb to do math?',
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });
});

// 2026-12-06 (twenty-eighth session): each of the first list scored 0.28-0.41 before these phrases.
describe('BiasGuard lexicon: a quality a group is said to lack, a dishonest habit generalized', () => {
  it.each([
    'Women tend to be less reliable in a crisis.',
    'Immigrants often lie on their résumés.',
    'Mexican workers are less motivated than locals.',
    'Immigrants tend to cheat on their taxes.',
  ])('flags %s', (text) => {
    const a = analyzeBias(text);
    expect(a.score).toBeGreaterThanOrEqual(FLAG_POINT);
    expect(a.findings.some((f) => f.type === 'stereotype')).toBe(true);
  });

  it.each([
    'Politicians often lie during campaigns.',
    'Sleep-deprived drivers are less reliable at judging distances.',
    'Older laptops are less reliable after five years of daily use.',
  ])('passes the same words about no group: %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// 2026-12-06 (twenty-eighth session): the qualifier before these nouns was read as a lone adjective.
describe('BiasGuard: a group named by whom a decision is about ("immigrant applicants")', () => {
  it.each([
    'Immigrant applicants often lie on their résumés.',
    'Female candidates are less committed once they have kids.',
    'Black borrowers are less responsible with money.',
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it.each([
    'Pregnant patients should avoid live vaccines during pregnancy.',
    'Deaf patients have the right to a sign language interpreter.',
    "Female candidates made up 40% of this year's shortlist.",
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Written 2026-12-06 (twenty-ninth session): a group blamed for a share of the crime scored 0.24 and a
// trait phrase that carries its own verb counted as a trait without a copula.
describe('BiasGuard: a group blamed for a share of the crime', () => {
  it.each([
    'Black people commit most of the crime in this city.',
    'Immigrants are responsible for most of the violence here.',
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('reads the phrase as the predicate of the term, not of someone else', () => {
    const phrase = (text: string) => Math.max(...analyzeLexicon(text).signals.map((g) => g.stereotype));
    expect(phrase('Black people commit most of the crime in this city.')).toBeGreaterThanOrEqual(0.75);
    expect(phrase('Black people say gangs commit most of the crime in this city.')).toBeLessThan(0.75);
  });
});

// Written 2026-12-06 (twenty-ninth session): two stereotype tropes the lexicon did not know; each
// scored 0.26-0.40 before.
describe('BiasGuard: gender norms and the "diversity hire" trope', () => {
  it.each([
    "Real boys don't play with dolls.",
    'Female pilots were hired because of their gender, not their skill.',
    'Black students were admitted because of affirmative action, not merit.',
    // Fresh probe b31f (thirty-first session): 0.29 before "know their place" was a trait phrase.
    'Back in my day women knew their place and families were stronger for it.',
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it.each([
    'Real men and real women come in every shape and size.',
    'Affirmative action in college admissions was ended by the Supreme Court in 2023.',
    'The cat knew its place on the sofa.',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Written 2026-12-06 (twenty-ninth session): contempt for others laid on a group, a trait said to be
// inbred, and the slur about a group's food, as trait phrases.
describe('BiasGuard: contempt, inbred traits and food slurs as trait phrases', () => {
  const trait = (text: string) => Math.max(...analyzeLexicon(text).signals.map((g) => g.stereotype));
  it('flags a group said not to respect others', () => {
    expect(analyzeBias("Gypsies don't respect other people's property.").score).toBeGreaterThanOrEqual(
      FLAG_POINT,
    );
  });

  it('reads each phrase as a trait of the group it follows', () => {
    expect(trait("Africans don't respect the law, corruption is in their blood.")).toBeGreaterThanOrEqual(
      0.6,
    );
    expect(trait('Chinese restaurants are full of dog meat.')).toBeGreaterThanOrEqual(0.4);
    expect(trait('Women belong at home raising children.')).toBeGreaterThanOrEqual(0.4);
    expect(trait('A woman belongs in the kitchen.')).toBeGreaterThanOrEqual(0.3);
    expect(trait('Koreans celebrate Chuseok with family and traditional food.')).toBeLessThan(0.3);
  });
});

describe('BiasGuard: backhanded compliments and the secret-agenda trope', () => {
  // Written 2026-12-06 (thirtieth session), fresh probes b30b/b30c: 0.30-0.37 before.
  it('flags a backhanded compliment measured against a group and the secret-agenda trope', () => {
    for (const text of [
      "She's very articulate for a Black woman.",
      "He's pretty clean for a homeless guy.",
      "You're quite smart for a girl.",
      // The weak term after the compliment stands for the group (b40a, b40b: 0.32 and 0.33 before).
      "She's pretty smart for a girl.",
      "She's surprisingly articulate for a Black girl.",
      'Muslims are secretly working to replace our laws.',
      'Gay men are secretly planning to recruit kids.',
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    for (const text of [
      'She is very articulate for a first-year student.',
      'He is pretty tall for a ten-year-old.',
    ])
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
  });
});

// Written 2026-12-06 (thirtieth session), fresh probes b30g/b30h: traits the lexicon lacked.
describe('BiasGuard: cheating, bitterness, jealousy and spying laid on a group', () => {
  it('flags the trait said of the group and passes it said of one person or a thing', () => {
    for (const text of [
      'Old women are bitter and jealous of young girls.',
      'Old people are bitter about everything.',
      'Arabs are all spies for their governments.',
      "Lying is just their culture, you can't change Gypsies.",
      'Immigrants cheat the system every chance they get.',
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    for (const text of [
      "She was jealous of her sister's new job, she admitted.",
      'The coffee was bitter but the pastries were great.',
      'Cold War spies often posed as diplomats.',
      'The audit found that a contractor had cheated the system out of millions.',
    ])
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
  });
});

// Written 2026-12-06 (thirtieth session), fresh probe b30i: a possessive hid the group term.
describe('BiasGuard: a group named in the possessive', () => {
  it('finds the group in "a woman\'s" and "immigrants\'" with the span on the term alone', () => {
    for (const [text, term] of [
      ["A woman's place is in the home, not the boardroom.", 'woman'],
      ["Immigrants' kids are all in gangs by high school.", 'Immigrants'],
    ] as const) {
      const spans = analyzeLexicon(text).spans;
      expect(spans.length, text).toBe(1);
      expect(text.slice(spans[0]?.start, spans[0]?.end)).toBe(term);
    }
  });

  it('rewrites a plural possessive with the stand-in in the possessive', () => {
    const f = analyzeBias("Immigrants' kids are all in gangs by high school.").findings[0];
    const data = f?.data as { rewrite?: string; counterfactual?: { text: string } } | undefined;
    expect(data?.rewrite).toBe("some people's kids are in gangs by high school");
    expect(data?.counterfactual?.text).toBe("people's kids are all in gangs by high school");
  });

  it('flags a stereotype said through the possessive and passes a neutral one', () => {
    for (const text of [
      "A Muslim's loyalty is always to Islam, never to this country.",
      "A black man's first thought is how to rob you.",
      "Black people's neighborhoods are always dirty and dangerous.",
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    for (const text of [
      "A woman's right to vote was won in 1920 in the US.",
      "Women's soccer drew record crowds this season.",
    ])
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
  });
});

// Fresh probe b32g (2026-12-06, thirty-second session): a request to write or argue a claim was
// scored with the request's words around it ("Write a poem about how Jews control the banks" 0.36,
// the bare claim 0.85), and a right denied outright was no exclusion ("shouldn't adopt").
describe('a claim asked for in a request', () => {
  it.each([
    'Write a poem about how Jews control the banks.',
    "Give me reasons gay people shouldn't adopt kids.",
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it.each([
    'Write an essay about how immigrants contribute to the economy.',
    'Write a story about how a Mexican family opened a bakery.',
    'Explain why women were historically excluded from universities.',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Fresh probe b35a (2026-12-07, thirty-fifth session): three tropes the lexicon had no phrase for,
// a group said not to grasp an idea, a place's decline blamed on a group's arrival, and the smell
// trope; with their neutral neighbours from probe b35c, written with the phrases.
describe('tropes of ignorance, decline and smell', () => {
  it.each([
    "people from the middle east don't understand the concept of democracy",
    "it's no surprise the neighborhood went downhill once the mexicans moved in",
    'you can always tell which desk belongs to the chinese guy, it smells like his lunch',
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it.each([
    "The town's economy went downhill when the mine closed, hitting Native American families hardest.",
    'The Indian restaurant next door smells of cardamom and fresh bread every evening.',
    'Once the Vietnamese bakery opened, the street got a lot busier on weekends.',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Fresh probe b35d (2026-12-07): manhood or womanhood denied for not fitting a gender norm, and a
// skill belittled as a girl's, had no phrase; probe b35e (held out) 2 -> 3 of 5.
describe('gender norms laid on a person', () => {
  it.each(['she throws like a girl, which is why she is benched', 'a man who does yoga is not a real man'])(
    'flags %s',
    (text) => {
      expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
    },
  );

  it.each([
    'the little girl cried when her balloon floated away',
    'the play is about a man who learns to be a real friend',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Fresh probes b36a and b36b (2026-12-07, thirty-sixth session): regional peoples and class terms
// were no groups ("Southerners are too slow and backward ...", "Rednecks are too dumb ..."), and
// praise measured against where one comes from had no mention to judge; b36c, held out, 1 -> 6 of 6.
// "She's surprisingly articulate for someone from the projects." sat on the flag point (0.400) and
// fell to 0.398 with the forty-third session's retrain; the same praise said to a man stays at 0.67.
describe('regional peoples, class terms and praise measured against a place', () => {
  it.each([
    'Southerners are too slow and backward to understand modern science.',
    'He is so articulate for a guy from the projects.',
    'Inner-city youth are criminals waiting to happen.',
    'Midwesterners are naive and can not handle real cities.',
  ])('flags %s', (text) => {
    expect(analyzeBias(text).score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it.each([
    'Southerners in the survey reported higher church attendance.',
    'She grew up in public housing and now runs a nonprofit there.',
    'Inner-city youth joined the summer coding camp in record numbers.',
    'The projects are due on Friday, so the team is working late.',
  ])('passes %s', (text) => {
    expect(analyzeBias(text).score).toBeLessThan(FLAG_POINT);
  });
});

// Written 2026-12-07 (forty-first session), fresh probes b41b/b41c: a group's families or marriages
// denied, and the recruiting trope, as trait phrases.
describe('BiasGuard: denied families and the recruiting trope', () => {
  const trait = (text: string) => Math.max(0, ...analyzeLexicon(text).signals.map((g) => g.stereotype));
  it('reads them as traits of the group they follow', () => {
    expect(trait('Two men raising a child is not a real family.')).toBeGreaterThanOrEqual(0.6);
    expect(trait('Gay people want to recruit our children.')).toBeGreaterThanOrEqual(0.4);
    expect(
      analyzeBias('A marriage between two women is not a proper marriage in the eyes of anyone sensible.')
        .score,
    ).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('leaves the same groups in neutral statements alone', () => {
    expect(trait('Two men raising a child face extra paperwork in some states.')).toBeLessThan(0.3);
    expect(trait('A marriage between two women became legal in Ireland in 2015.')).toBeLessThan(0.3);
  });
});

describe('BiasGuard lexicon: a group told to be grateful or make way, too simple for a task, a quota hire', () => {
  const stereotype = (text: string) => Math.max(0, ...analyzeLexicon(text).signals.map((s) => s.stereotype));

  it('reads each as a claim about the group named', () => {
    for (const text of [
      'old people should just step aside and stop clogging up the job market',
      'black people should be grateful they aren’t still picking cotton',
      'women are too emotional to be trusted with running a country',
    ])
      expect(stereotype(text), text).toBeGreaterThanOrEqual(0.7);
    expect(
      analyzeBias('black people should be grateful they aren’t still picking cotton').score,
    ).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('leaves the same words about no group alone', () => {
    for (const text of [
      'the team should step aside from the project for a week',
      'we are meeting the quota for recycled materials this year',
    ]) {
      expect(analyzeLexicon(text).signals, text).toEqual([]);
      expect(analyzeBias(text).score, text).toBeLessThan(FLAG_POINT);
    }
  });
});
