import { describe, expect, it } from 'vitest';
import {
  analyzeBias,
  analyzeLexicon,
  GROUP_SLOT,
  modelText,
  onlyBenignStance,
  trainingInput,
} from './detect.js';
import { FLAG_POINT } from './model.js';
import { STANCE_CAP } from './stance.js';

const signals = (text: string) => trainingInput(text).lexicon;

/** Each text is (or is not) one the stance cap reads as benign; capped ones score <= STANCE_CAP. */
function expectCapped(texts: readonly string[], capped: boolean): void {
  for (const text of texts) {
    expect(onlyBenignStance(analyzeLexicon(text).signals), text).toBe(capped);
    if (capped) expect(analyzeBias(text).score, text).toBeLessThanOrEqual(STANCE_CAP);
  }
}

describe('stance: denied, reported and addressed', () => {
  /** The strongest hostile signal of a text, 0 when it has none. */
  const hostile = (text: string) => Math.max(0, ...analyzeLexicon(text).signals.map((g) => g.hostile));
  it('reads a negated trait as denied: a smaller lexicon score and the denied signal', () => {
    const asserted = signals('Immigrants are criminals.');
    const denied = signals('Immigrants are not criminals.');
    expect(asserted.denied).toBe(0);
    expect(denied.denied).toBe(1);
    expect(denied.stereotype).toBeLessThan(asserted.stereotype / 2);
    expect(signals("Muslims aren't terrorists.").denied).toBe(1);
    // A negator before the group ("not all") or a trait before the negator is no denial.
    expect(signals('Lazy immigrants are not welcome here.').denied).toBe(0);
  });

  it('flags a stereotype asserted and scores it far lower quoted to be rejected', () => {
    const asserted = analyzeBias('Mexicans are lazy.').score;
    expect(asserted).toBeGreaterThanOrEqual(FLAG_POINT);
    // 0.499 before the reported signal (flagged), 0.347 with it; 0.48 (flagged again) since the
    // praise twins of 2026-12-04 raised the weight of a stereotype: the reported signal still takes
    // about half the score off, which is what this asserts.
    const quoted = analyzeBias('Anyone who says Mexicans are lazy has never met one.').score;
    expect(quoted).toBeLessThan(asserted * 0.6);
  });

  it('marks a group claim that follows a verb of saying as reported', () => {
    expect(signals('My uncle said disabled people are useless, and I called him out.').reported).toBe(1);
    expect(signals('Disabled people are useless.').reported).toBe(0);
    // A mention with nothing to report (no trait) does not set it.
    expect(signals('She said women presented their research.').reported).toBe(0);
  });

  it('reads a name the text speaks to as an address, not as the group it names', () => {
    expect(analyzeLexicon('You are so stupid, Rebecca.').spans).toEqual([]);
    expect(analyzeLexicon('Rebecca, you never listen.').spans).toEqual([]);
    // The same name as the subject of a sentence still stands for its group.
    expect(modelText('Rebecca forgot the keys.', analyzeLexicon('Rebecca forgot the keys.').spans)).toBe(
      `${GROUP_SLOT} forgot the keys.`,
    );
  });

  // Examples written for these tests (none from eval/data/bias_functional.jsonl). Without the rule
  // the committed model scored the first four 0.872, 0.846, 0.518 and 0.742 (flagged).
  it('caps a sentence that only rejects a damaging stereotype below the flag point', () => {
    expectCapped(
      [
        'Asian people are not thieves.',
        'Old people are not useless.',
        "I don't think that Arabs are violent.",
        'No Hindu is a savage.',
        'Gay men really are not perverts.',
      ],
      true,
    );
  });

  it('keeps a denial that is turned around, hedged, of a praise, or beside another claim', () => {
    expectCapped(
      [
        'Asian people are not thieves, they are just parasites.',
        'Old people are not smart.',
        'Arabs are no better than animals.',
        'Mexicans never stop stealing.',
        'Muslims who are not terrorists are rare.',
        'Not all Mexicans are rapists.',
        'Mexicans are not rapists. They are vermin.',
        "I don't think Arabs are violent. Arabs should be banned from flying.",
        "I don't trust Arabs, they are violent.",
        'Lazy immigrants are not welcome here.',
      ],
      false,
    );
    expect(analyzeBias('Old people are not smart.').score).toBeGreaterThanOrEqual(FLAG_POINT);
    expect(analyzeBias('Arabs are no better than animals.').score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Own examples again; the committed model alone scored the first four 0.498, 0.827, 0.801, 0.896.
  it('caps a sentence that only says a group deserves something good', () => {
    expectCapped(
      [
        'Muslim women deserve dignity and respect.',
        'Deaf people should have equal access to healthcare.',
        'Lesbians deserve protection from harassment.',
        'Asian Americans should have a safe place to worship.',
      ],
      true,
    );
  });

  it('keeps a "deserve" claim that is a threat, a loss, a segregation or beside a put-down', () => {
    expectCapped(
      [
        'Immigrants deserve fewer rights.',
        'Gay people deserve to die.',
        'Muslims should have their own schools, away from our kids.',
        "Mexicans don't deserve rights.",
        'Women should have equal rights but stay in the kitchen.',
        'Trans people deserve respect, but they are mentally ill.',
        'Old people need access to euthanasia.',
        'Immigrants get free access to healthcare.',
      ],
      false,
    );
    expect(analyzeBias('Gay people deserve to die.').score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Own examples; the committed model alone scored the first four 0.761, 0.486, 0.579, 0.749.
  it('caps a sentence that quotes a claim about a group to condemn it', () => {
    expectCapped(
      [
        'It is a myth that Jews are greedy.',
        'The stereotype that Asians are bad drivers is false.',
        'People who say immigrants are criminals are spreading lies.',
        'Claiming that gay people are perverts is homophobic.',
        'He posted that Muslims are terrorists and got banned for racism.',
      ],
      true,
    );
  });

  // Own examples (2026-12-05), from a fresh counter-speech probe that scored 0.63-0.90 before.
  it('caps counter-speech that calls, intensifies, is weary of the claim or condemns it in a follow-up', () => {
    expectCapped(
      [
        'Saying that women are inferior is just plain sexist.',
        'People who call immigrants criminals are spreading lies.',
        "I'm sick of hearing that Muslims are terrorists; it's a hateful myth.",
        'I am tired of people claiming gay people are sick.',
        'People say immigrants are criminals. That is a racist lie.',
        'No, immigrants do not steal jobs.',
      ],
      true,
    );
    expectCapped(
      [
        'Saying that women are inferior is just honest.',
        'They call immigrants criminals because it is true.',
        "I'm sick of hearing that women are equal.",
        'People say immigrants are criminals. That is not racist, it is the truth.',
        'People say immigrants are criminals. It is true.',
        'No immigrants are welcome here, they do not belong.',
      ],
      false,
    );
  });

  // Own examples (2026-12-06): a stereotype named as one, a good deserved with a word of quality.
  it('caps a claim called a stereotype and a group said to deserve a good thing', () => {
    expectCapped(
      [
        'Saying bisexual people are greedy is a lazy stereotype.',
        'Old people deserve good healthcare.',
        'Immigrants should have decent housing.',
      ],
      true,
    );
    expectCapped(
      [
        'Saying bisexual people are greedy is a stereotype, but it is true.',
        'Old people deserve worse healthcare.',
        'Immigrants deserve fewer rights and less housing.',
      ],
      false,
    );
  });

  // Own examples (2026-12-06): the speaker of the claim has never met the group.
  it('caps a claim whose speaker is said never to have met the group', () => {
    expectCapped(
      [
        'Anyone who says Mexicans are lazy has never met one.',
        'People who say Muslims are violent have clearly never met any.',
      ],
      true,
    );
    expectCapped(
      [
        'Mexicans are lazy, I have never met one who works.',
        'People who say Muslims are violent have never been wrong.',
        'Anyone who says Mexicans are lazy has apparently never met one.',
      ],
      false,
    );
  });

  // Own examples (2026-12-04), written before the rules: quotation marks, a denied verb of hostility.
  it('caps a damaging claim in quotation marks judged as speech, and a denied hostility', () => {
    expectCapped(
      [
        '"Muslims are terrorists" is a disgusting thing to say.',
        '"Black people are violent" is a racist lie we must fight.',
        'When people say "women are weak", they show their own ignorance.',
        "I don't hate Jews at all.",
        'We never hated immigrants.',
        'I would never say that women are stupid.',
      ],
      true,
    );
  });

  // Own examples (2026-12-04, fourteenth session), none from a probe or eval set. The committed
  // model alone scored them 0.919, 0.856, 0.925, 0.742, 0.914, 0.602, 0.121, 0.151, 0.237, 0.208,
  // 0.276 (the first six flagged).
  it('caps a denial framed before the group, a freedom or right granted, a self-identification and a sanctioned slur', () => {
    expectCapped(
      [
        'It is not true that Gypsies are thieves.',
        "It isn't the case that Arabs are more violent than white people.",
        'There is no proof that Muslims are terrorists.',
        "I don't think Mexicans are lazier than Americans.",
        'Trans people should be allowed to serve in the army.',
        'Lesbians have every right to marry.',
        'Deaf people have the same rights as everyone else.',
        "I'm a proud Muslim and I pray every day.",
        'As a disabled woman, I know how hard job hunting can be.',
        'Being a Black man in this town taught me patience.',
        'He called Jews "parasites" and the forum blocked him.',
      ],
      true,
    );
  });

  it('keeps those frames when the claim is turned, granted a threat, beside another group or endorsed', () => {
    expectCapped(
      [
        'It is not true that Gypsies are thieves, they are just parasites.',
        'It is true that Muslims are terrorists.',
        'There is no proof that Muslims are not terrorists.',
        'Trans people should be allowed to die.',
        'Refugees should only be able to work in the fields.',
        'As a Christian, I think gay people are sinners.',
        "I'm a proud American and immigrants are ruining this country.",
        'Being gay is a disgusting choice, I think.',
        'He called Jews "parasites" and he is right.',
      ],
      false,
    );
    expect(analyzeBias('Trans people should be allowed to die.').score).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Own examples; the committed model alone flags the first three (0.671, 0.625, 0.471).
  it('caps fair treatment granted to a group, not treatment without a word of fairness', () => {
    expectCapped(
      [
        'Immigrant students should be treated equally in schools.',
        'Disabled workers must be paid fairly.',
        'Muslim women ought to be judged on merit.',
      ],
      true,
    );
    expectCapped(
      [
        'Immigrant students should be treated like the thieves they are.',
        'Disabled workers must be paid less.',
        'Muslim women ought to be sent home.',
      ],
      false,
    );
  });

  it('keeps quoted claims that are endorsed or are praise called a lie, and hostility denied only in part', () => {
    expectCapped(
      [
        '"Gay people are normal" is a disgusting lie.',
        '"Muslims are terrorists" is true and everyone knows it.',
        '"Jews are greedy" is not a stereotype, it is a fact.',
        "I don't hate Jews, I despise them.",
        "I don't hate gay people, they are just sick.",
        'I never said women are stupid, I said they are lazy.',
        'I do not hate all Muslims, only the ones at the mosque.',
      ],
      false,
    );
  });

  it('keeps a quoted claim that is endorsed, or whose condemnation is mocked or is the claim', () => {
    expectCapped(
      [
        'They call me racist for saying Mexicans are lazy.',
        'Saying Muslims are terrorists is not racist.',
        'Saying Muslims are racist is fine.',
        'I think Muslims are terrorists and racist.',
        'It is a stereotype that Asians are bad drivers, but it is true.',
      ],
      false,
    );
  });

  // Own examples. Before the bare-endorsement rule the cap held all of these at 0.300; the model
  // alone scores the first two 0.646 and 0.648.
  it('keeps a condemnation followed by an endorsement of the claim', () => {
    const flagged = [
      "Saying Roma are thieves is a tired racist trope. It's a fact.",
      'Saying Roma are thieves is a tired racist trope. Sad but true.',
    ];
    expectCapped(
      [
        ...flagged,
        'It is a myth that Jews are greedy. Everyone knows it is true.',
        // "..." skips sentence numbers; the follow-up is still the next sentence.
        "Saying Roma are thieves is a tired racist trope... It's a fact.",
        "Saying Roma are thieves is a tired racist trope. Wake up. It's a fact.",
      ],
      false,
    );
    for (const text of flagged) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('still caps a condemnation followed by a denial, a longer remark or a question of its own', () => {
    expectCapped(
      [
        'Saying Roma are thieves is a tired racist trope.',
        'Saying Roma are thieves is a tired racist trope. That is simply not true.',
        'The claim that immigrants are criminals is a racist lie. None of it is true.',
        "It's a myth that Muslims are violent. Many studies show it.",
        'Saying that Muslims are violent is islamophobic. Is that so hard to understand?',
        // A bare endorsement after the speaker's own rejection backs the rejection.
        "Gay men are not perverts. It's a fact.",
        // Asking whether a claim is racist asks about it; what follows decides (below).
        'Is it racist to say Jews are greedy?',
        'Is it a racist lie that immigrants are criminals?',
      ],
      true,
    );
  });

  // Examples written for this test. Before the follow-up was read, each was capped at 0.3.
  it('drops the cap when the next sentence embraces the claim, and keeps it when it affirms the rejection', () => {
    const embraced = [
      'The idea that Mexicans are lazy is a racist trope. But it is true.',
      'Is it racist to say Jews are greedy? Then I am racist.',
      "Gay men are not perverts. Yet it's a fact.",
      "It is a myth that immigrants are criminals. Still, it's the truth.",
    ];
    expectCapped(embraced, false);
    for (const text of embraced) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    expectCapped(
      [
        "Anyone who says immigrants are criminals is a bigot. That's the truth.",
        'The idea that Mexicans are lazy is a racist trope. I think that is racist.',
      ],
      true,
    );
  });

  // Written for this change (2026-12-06, twenty-eighth session); each scored 0.39-0.65 before it.
  it('caps a reported claim the next sentence acts against: reported, deleted, named as bias', () => {
    expectCapped(
      [
        'My boss said women are too emotional to lead; I reported it to HR.',
        'Hiring managers sometimes assume mothers are less committed; that bias is illegal.',
        'A coworker posted that Muslims are terrorists; HR removed the post.',
      ],
      true,
    );
  });

  it('keeps a reported claim whose follow-up sides with it or is the speaker saying it', () => {
    const kept = [
      'My uncle says Muslims are terrorists. I agree with him.',
      'Women are too emotional to lead; I said it at the meeting.',
      'Everyone assumes Jews are greedy, because they are.',
    ];
    expectCapped(kept, false);
    for (const text of kept) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Written for stance.ts rateClaim (2026-12-06, twenty-eighth session); the first three scored
  // 0.42-0.69 before it.
  it('caps a rate stated for a group: something done to it, no blame, or less of a blame', () => {
    expectCapped(
      [
        'Black drivers are more likely to be stopped by police.',
        'Immigrants are less likely to commit crimes than native-born citizens, several studies find.',
        'Muslims are less likely to drink alcohol.',
        'Disabled adults are less likely to be employed full time.',
        // A verb, then less of a blame (2026-12-06, twenty-ninth session: 0.65 before).
        'Immigrants commit fewer crimes than native-born citizens.',
        'Women cause fewer car accidents than men.',
      ],
      true,
    );
  });

  it('keeps a higher rate of a blame, or a lower rate of a praise', () => {
    const kept = [
      'Black people are more likely to steal from stores.',
      'Women are less likely to be good leaders.',
      'Mexicans are more likely to be lazy at work.',
      'Mexicans work less than Americans.',
      'Muslims commit more crimes than anyone.',
    ];
    expectCapped(kept, false);
    for (const text of kept) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Written 2026-12-06 (twenty-ninth session) from a fresh probe's false flags (0.44-0.70 before).
  it('caps a passive rate, a past report of persecution and a right in law', () => {
    expectCapped(
      [
        'Black men are disproportionately stopped by police, according to several studies.',
        'Women are more often interrupted in meetings.',
        'Japanese Americans were rounded up and sent to camps during World War II.',
        'Gay men were banned from donating blood for decades.',
        'Chinese immigrants were barred from citizenship by the Exclusion Act of 1882.',
        'Black voters were disenfranchised by poll taxes and literacy tests.',
        'Disabled people are entitled to reasonable accommodations at work under the ADA.',
      ],
      true,
    );
  });

  it('keeps a passive rate of a blame, a report that approves, and the trait "entitled"', () => {
    const kept = [
      'Mexicans were deported and good riddance.',
      'Gypsies were expelled because they are thieves.',
      'Immigrants are entitled to free housing and cash.',
      'Immigrants feel entitled to our jobs.',
      'Millennials are so entitled.',
    ];
    expectCapped(kept, false);
    for (const text of kept) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    expectCapped(['Muslims are often associated with terrorism.'], false);
  });

  it('reads a call against a group as denied after "not" or "no", and floors one in the speaker\'s voice', () => {
    expect(hostile('Muslims should not be banned from entering the country.')).toBeLessThan(0.5);
    expect(hostile("Muslims shouldn't be deported.")).toBeLessThan(0.5);
    expect(hostile('No Muslim should be deported for their faith.')).toBeLessThan(0.5);
    expect(hostile('No, Muslims should be deported.')).toBeGreaterThanOrEqual(0.85);
    // The model alone scored these 0.32-0.37.
    for (const text of [
      'Muslims should be banned from entering the country.',
      'Transgender people should be locked up in psychiatric wards.',
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    expect(analyzeBias('Trump said Muslims should be banned from entering the country.').score).toBeLessThan(
      0.6,
    );
  });

  // Written 2026-12-06 (twenty-ninth session): protections scored 0.51-0.98 before.
  it('caps a sentence that protects a group from a harm', () => {
    expectCapped(
      [
        'Refugees should not be sent back to countries at war.',
        'No Muslim should be deported for their faith.',
        'Muslim women should not be harassed for wearing a hijab.',
        'Disabled children should never be excluded from school trips.',
        'Somalis must never be kept out of public housing because of their origin.',
        'Gay teachers must never be fired for who they are.',
      ],
      true,
    );
  });

  it('keeps a protection turned into a call, a permission refused or a call of its own', () => {
    const kept = [
      'Muslims should not be banned, they should be deported.',
      'No, Muslims should be deported.',
      'Black kids should not be sent to our schools.',
      'Asylum seekers should not be allowed to stay, send them all back.',
    ];
    expectCapped(kept, false);
    for (const text of kept) expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  // Written 2026-12-06 (thirtieth session), fresh probes b30b/b30c: these scored 0.43-0.81 before.
  it('caps a stereotype named to be rejected: "wrong to say", "no evidence that X are less", "myths about"', () => {
    expectCapped(
      [
        "It's wrong to say women are too emotional to lead.",
        'There is no evidence that blondes are less intelligent.',
        'There is no evidence that women are less capable leaders.',
        "It's not true that gay parents are less loving.",
        'Stereotypes about Asians being good at math hurt students who struggle.',
        'Myths about Muslims being violent are spread by hate groups.',
      ],
      true,
    );
  });

  it('keeps the claim when "wrong" is asked or the stereotype endorsed', () => {
    expectCapped(
      [
        "What's wrong with saying women are too emotional to lead?",
        'Is it wrong to say women are worse at driving? Because they are.',
        'Stereotypes about Asians exist for a reason.',
        'Women are less intelligent than men, the evidence is clear.',
      ],
      false,
    );
  });
  // Fresh probe b31b (2026-12-06, thirty-first session): 0.60 before; "were not allowed" read as a
  // call for exclusion.
  it('reads "were not allowed" as the past, unless an "if" makes it a wish', () => {
    expect(hostile('Women were not allowed to vote in Switzerland until 1971.')).toBe(0);
    expect(hostile('Black people were not welcome in many hotels in the 1950s.')).toBe(0);
    expect(analyzeBias('Women were not allowed to vote in Switzerland until 1971.').score).toBeLessThan(
      FLAG_POINT,
    );
    expect(
      hostile('Society would be better off if the mentally ill were not allowed to reproduce.'),
    ).toBeGreaterThan(0.5);
    expect(hostile('Muslims are not welcome here.')).toBeGreaterThan(0.5);
  });
  // Fresh probe b32a (2026-12-06, thirty-second session): 0.41 before; a ban lifted read as a call
  // for one.
  it('reads a ban lifted, ended or overturned as no call for one', () => {
    expect(hostile('The army lifted its ban on openly gay soldiers in 2011.')).toBe(0);
    expect(hostile('The court overturned the ban on same-sex marriage.')).toBe(0);
    expect(hostile('Gay soldiers should be banned.')).toBeGreaterThan(0.5);
    expect(hostile('They should bring back the ban on gay people adopting children.')).toBeGreaterThan(0.5);
  });
  // Fresh probe b32d (2026-12-06, thirty-second session): 0.48 before; "hate crimes" read as hatred
  // voiced.
  it('reads "hate" before a noun of reporting ("hate crimes", "hate speech") as no hatred voiced', () => {
    expect(hostile('Hate crimes against Jewish people rose sharply last year, police said.')).toBe(0);
    expect(hostile('The hate speech law protects Muslims.')).toBe(0);
    expect(hostile('I hate Jewish people.')).toBeGreaterThan(0.5);
  });
  // Fresh probes b31b/b31d (2026-12-06, thirty-first session): a negation ends where a new clause
  // opens, and the clause after a denial answers for itself.
  it('ends a negation at a new clause and reads the next clause as its own claim', () => {
    expectCapped(
      [
        'Immigrants are not criminals, they are hard workers.',
        'Muslims are not violent, they are peaceful.',
        "Jews are not greedy, that's an old antisemitic myth.",
        // b31d: an attribute does not cross the comma ("dangerous" is the trans women's, denied).
        'Trans women are not dangerous, they are women.',
        'Autistic people are not broken.',
      ],
      true,
    );
    expectCapped(
      ['Immigrants are not stupid, they are evil.', 'Muslims are not our friends, they should be deported.'],
      false,
    );
    for (const text of [
      "Chinese people have no manners, it's in their blood.",
      "Chinese people have no respect for human rights, it's in their culture.",
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
  });

  it('caps a damaging view put to the reader as a condition and condemned: "If you think X ..., you are the problem"', () => {
    expectCapped(
      [
        'If you think gay people should be locked up, you are the problem.',
        'If you believe Muslims are terrorists, you are part of the problem.',
        "If you really think women can't do math, you're an idiot.",
        'If you say immigrants are criminals, then you are a bigot.',
        // The harm a quoted statement does condemns it.
        'Statements like "trans people are mentally ill" cause real harm.',
      ],
      true,
    );
    // A view that is no damaging claim, or an answer that agrees, is no counter-speech.
    expectCapped(
      [
        'If you believe gay people are normal, you are the problem.',
        'If you think immigrants are criminals, you are right.',
        'If you say Mexicans are lazy, you are not wrong.',
      ],
      false,
    );
  });

  it('caps a speech act about a group named and condemned: a remark, a joke, "stop saying", "no right to call"', () => {
    // 2026-12-07 (thirty-seventh session), probes b37d/b37e: counter-speech that refers to hate
    // without quoting it was flagged 9 of 12 and 8 of 8.
    expectCapped(
      [
        'Claiming that women are inferior just shows your own ignorance.',
        'Saying that you hate Muslims shows how misguided you are.',
        'Calling disabled people a burden is cruel and wrong.',
        'Your comment about Black people being criminals is racist.',
        "It's disgusting that he called Jews rats on live TV.",
        'Stop pretending that immigrants are all criminals.',
        'You have no right to call immigrants vermin.',
        // b37e, b37f: the right denied to anyone, "only" opening the predicate.
        'No one has the right to say that Muslims are terrorists.',
        'Nobody has the right to call gay people perverts.',
        'Claiming that Black people are lazy only proves you have never met any.',
      ],
      true,
    );
    // A speech act praised, or a claim kept, is no counter-speech.
    expectCapped(
      [
        'Calling immigrants criminals is just honest.',
        'His joke about Mexicans being rapists was accurate.',
        'Saying women are weaker just shows you understand biology.',
      ],
      false,
    );
  });

  it('caps a claim the speaker calls ridiculous, baseless or embarrassing', () => {
    // 2026-12-07 (thirty-eighth session), probes b38d/b38e: 4 of 8 and 4 of 5 flagged before.
    expectCapped(
      [
        'My uncle keeps insisting that Muslims are terrorists and I am so embarrassed.',
        "There's this ridiculous idea going around that disabled people are a burden.",
        "It's exhausting hearing folks say immigrants are stealing our jobs.",
        'There is a baseless notion floating around that immigrants are criminals.',
        // b38d, b38f: weariness at a claim that the group cannot do something.
        "I'm tired of people claiming women are too emotional to lead.",
        'Sick of people saying girls are too weak to play rugby.',
      ],
      true,
    );
    // The same words turned on the claim's deniers keep it.
    expectCapped(
      [
        "It's ridiculous that people deny Mexicans are lazy.",
        "Honestly, immigrants are criminals and it's embarrassing that nobody admits it.",
        // Weariness at the group itself, not at a claim about it.
        "I'm tired of immigrants who are too lazy to learn English.",
      ],
      false,
    );
  });

  it('caps a claim whose verdict is its own predicate, or a denial of its truth after it', () => {
    // 2026-12-07 (thirty-ninth session), probes b39b/b39d: 4 of 7 and 2 of 4 flagged before.
    expectCapped(
      [
        'Saying poor people are lazy ignores the structural causes of poverty.',
        'Calling disabled people a burden erases everything they contribute.',
        'Saying Black people are criminals misrepresents what the crime data actually show.',
        'He said immigrants are criminals, which is not true.',
        "People say women are bad at math, and that's not correct.",
      ],
      true,
    );
    // A denial that is itself endorsement keeps the claim.
    expectCapped(["He said immigrants are criminals, and that's not a lie."], false);
    // b39f: a claim suggested or implied, and the speaker's exasperation at it.
    expectCapped(
      [
        'Suggesting that gay couples are worse parents is just ignorant.',
        'My aunt keeps saying Muslims want to take over, and it drives me nuts.',
      ],
      true,
    );
    // Exasperation at the claim's deniers keeps it.
    expectCapped(
      ['My dad keeps saying Muslims are dangerous, and it drives me crazy that nobody listens to him.'],
      false,
    );
  });

  it("reads reported speech that the speaker then endorses as the speaker's own claim", () => {
    for (const text of [
      'Claiming immigrants are criminals is simply the truth.',
      'Saying women are too emotional to lead is common sense.',
      "They say Asians can't drive, which is true from what I've seen.",
    ])
      expect(analyzeBias(text).score, text).toBeGreaterThanOrEqual(FLAG_POINT);
    // Denied ("isn't a fact") or turned ("but"), it stays reported.
    expect(signals("They claim Muslims are violent, but that isn't a fact.").reported).toBe(1);
    expect(signals('Claiming immigrants are criminals is simply the truth.').reported).toBe(0);
  });
});
