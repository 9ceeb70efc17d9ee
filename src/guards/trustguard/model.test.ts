import { describe, expect, it } from 'vitest';
import { ground } from './grounding.js';
import {
  decodeTrustWeights,
  GROUNDED_DIMS,
  GROUNDED_FEATURES,
  GROUNDED_FREE_SIGN,
  groundedFeatures,
  groundedProbability,
  LONG_OF,
  loadTrustModel,
  residueIndices,
  type TrustWeightsFile,
} from './model.js';

const SOURCE =
  'The Lindqvist Foundation opened its research library in Uppsala in 1987. The library holds ' +
  '40,000 volumes on Baltic shipping and is run by the historian Ingrid Holm.';
const opts = { supportThreshold: 0.6 };
const featuresOf = (text: string, question?: string) =>
  groundedFeatures(ground(text, [{ id: 's1', text: SOURCE }], question, opts));

/** The index of a named feature in the grounded feature vector. */
const at = (name: (typeof GROUNDED_FEATURES)[number]) => GROUNDED_FEATURES.indexOf(name);

describe('TrustGuard grounded features', () => {
  it('measures the plain word overlap the model starts from', () => {
    const copied = ground(
      'The library holds volumes on Baltic shipping.',
      [{ id: 's1', text: SOURCE }],
      undefined,
      opts,
    );
    expect(copied.wordOverlap).toBe(1);
    const half = ground(
      'The library holds recipes for cardamom buns.',
      [{ id: 's1', text: SOURCE }],
      undefined,
      opts,
    );
    expect(half.wordOverlap).toBeGreaterThan(0);
    expect(half.wordOverlap).toBeLessThan(0.5);
  });

  it('keeps every feature a share or a flag in [0, 1]', () => {
    for (const text of [
      'The library holds 40,000 volumes.',
      'The library holds 90,000 volumes and was founded by Erik Berg in Stockholm.',
      'The library does not hold any volumes on shipping.',
      'Ingrid Holm',
    ]) {
      const x = featuresOf(text, text.length < 20 ? 'Who runs the library?' : undefined);
      expect(x.length).toBe(GROUNDED_DIMS);
      for (const v of x) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
  });

  it('marks personal and opinion statements, questions and the reader as chat, not knowledge', () => {
    const chat = featuresOf('I think I have been to Uppsala once. Have you seen the library?');
    const fact = featuresOf('The library in Uppsala holds volumes on Baltic shipping.');
    expect(chat[at('personal_any')]).toBe(1);
    expect(chat[at('personal_share')]).toBeGreaterThan(0);
    expect(chat[at('opinion_share')]).toBeGreaterThan(0);
    expect(chat[at('asks')]).toBe(1);
    expect(chat[at('addressee')]).toBe(1);
    for (const f of ['personal_any', 'opinion_share', 'asks', 'addressee'] as const)
      expect(fact[at(f)]).toBe(0);
  });

  it('sees a code with a digit, an inner capitalized word or a negation that the sources do not write', () => {
    const copied = featuresOf('The library holds volumes on Baltic shipping and is run by Ingrid Holm.');
    expect(copied[at('digit_missing')]).toBe(0);
    expect(copied[at('caps_missing')]).toBe(0);
    expect(copied[at('negation_diff')]).toBe(0);
    const edited = featuresOf(
      'The library holds volumes on Baltic shipping and is run by Ingrid Berg from room B12.',
    );
    expect(edited[at('digit_missing')]).toBeGreaterThan(0);
    expect(edited[at('caps_missing')]).toBeGreaterThan(0);
    const negated = featuresOf('The library does not hold volumes on Baltic shipping.');
    expect(negated[at('negation_diff')]).toBe(1);
  });

  it('grounds a bare yes or no on the names its question asks of, with no negation of its own', () => {
    const question = 'Are Ingrid Holm and the Lindqvist Foundation both based in the same city?';
    for (const answer of ['yes', 'No.']) {
      const x = featuresOf(answer, question);
      expect(x[at('missing_words')], answer).toBe(0);
      expect(x[at('negation_diff')], answer).toBe(0);
      expect(x[at('negation_inserted')], answer).toBe(0);
    }
    // Names the sources never mention leave a bare answer unsupported.
    const unknown = featuresOf('yes', 'Are Erik Berg and Karin Lund both Swedish?');
    expect(unknown[at('missing_words')]).toBeGreaterThan(0.5);
  });

  it('marks a negation slipped into a claim when no source sentence is negated', () => {
    expect(featuresOf('The library does not hold volumes on Baltic shipping.')[at('negation_inserted')]).toBe(
      1,
    );
    expect(featuresOf('The library holds volumes on Baltic shipping.')[at('negation_inserted')]).toBe(0);
    const negatedSource = groundedFeatures(
      ground(
        'The library does not hold volumes on Baltic shipping.',
        [{ id: 's1', text: `${SOURCE} It does not lend books.` }],
        undefined,
        opts,
      ),
    );
    expect(negatedSource[at('negation_inserted')]).toBe(0);
  });

  it('sees an opposite word and an added negation against the best passage', () => {
    const source = [
      {
        id: 's1',
        text: 'Quarterly revenue rose to 40 million dollars. The board does not expect new hires this year.',
      },
    ];
    const of = (text: string) => groundedFeatures(ground(text, source, undefined, opts));
    const same = of('Quarterly revenue rose to 40 million dollars.');
    expect(same[at('antonym_best')]).toBe(0);
    expect(same[at('antonym_doc')]).toBe(0);
    expect(same[at('negation_more')]).toBe(0);
    // "fell" stands where the source writes "rose" (a listed opposite, folded with its synonyms).
    const opposite = of('Quarterly revenue fell to 40 million dollars.');
    expect(opposite[at('antonym_best')]).toBe(1);
    expect(opposite[at('antonym_doc')]).toBe(1);
    // One negation more than the best passage writes; the passage's own negation is not counted.
    expect(of('The board does not expect new hires this year.')[at('negation_more')]).toBe(0);
    expect(of('Quarterly revenue did not rise to 40 million dollars.')[at('negation_more')]).toBe(1);
  });

  it('reads a number joined to its unit by a hyphen as the number and the unit (probes t40c, t40d)', () => {
    const source = [
      {
        id: 's1',
        text: 'The board approved a dividend of 45 cents per share. The bridge took 12 years to build.',
      },
    ];
    const of = (text: string) => groundedFeatures(ground(text, source, undefined, opts));
    expect(of('The board approved a 45-cent dividend per share.')[at('digit_missing')]).toBe(0);
    expect(of('The bridge was a 12-year build.')[at('missing_terms')]).toBe(0);
    // Another number with the same unit is still a number the sources do not write.
    expect(of('The bridge was a 20-year project.')[at('digit_missing')]).toBeGreaterThan(0);
  });

  it("reads an opposite only in the clause that holds the claim's other words (probe t40a)", () => {
    const source = [
      {
        id: 's1',
        text: 'Acme reported revenue of 4.2 billion dollars, up 8% from a year earlier, while net income fell 3% because of higher shipping costs.',
      },
    ];
    const of = (text: string) => groundedFeatures(ground(text, source, undefined, opts));
    // "fell" is net income's: revenue that rose reverses nothing ...
    const rose = of('Revenue rose 8% to 4.2 billion dollars.');
    expect(rose[at('antonym_best')]).toBe(0);
    expect(rose[at('antonym')]).toBe(0);
    // ... while net income that rose does.
    expect(of('Net income rose 3% because of shipping costs.')[at('antonym_best')]).toBe(1);
  });

  it('collects the residue: words the sources never write, with their shapes', () => {
    const source = [
      {
        id: 's1',
        text: 'The forecast is unchanged at 1.7 billion dollars. Sales were consolidated by the group in Oslo.',
      },
    ];
    const residueOf = (text: string) => ground(text, source, undefined, opts).residue;
    expect(residueOf('The forecast is unchanged at 1.7 billion dollars.')).toEqual([]);
    // A negating prefix dropped from a source word, and one added to a source word, each with its
    // WordNet relation to the best passage and to the sources (wordnet.ts).
    expect(residueOf('The forecast is changed at 1.7 billion dollars.')).toEqual([
      'changed',
      '#wn:antonym/antonym',
      '#unprefixed',
    ]);
    expect(residueOf('Sales were unconsolidated by the group.')).toEqual([
      'unconsolidated',
      // Known to WordNet (it has an antonym), but not related to the passage's words.
      '#wn:none/none',
      '#prefixed',
    ]);
    // A figure and a name the sources never write are kept by shape too.
    expect(residueOf('The forecast is unchanged at 2.1 billion dollars in Bergen.')).toEqual([
      '#digit',
      '#caps',
      'bergen',
      '#wn:unknown/unknown',
    ]);
  });

  it('reads the residue lexicon for long answers (summaries) only', () => {
    const source = [{ id: 's1', text: `${SOURCE} ${SOURCE} ${SOURCE}` }];
    const summary =
      'The Lindqvist Foundation opened a research library in Uppsala in 1987, never in Bergen. ' +
      'The library holds 40,000 volumes on Baltic shipping and is run by the historian Ingrid Holm.';
    const g = ground(summary, source, undefined, opts);
    expect(residueIndices(g, groundedFeatures(g)).length).toBeGreaterThan(0);
    const short = ground('It opened in Bergen.', source, 'Where did it open?', opts);
    expect(short.residue.length).toBeGreaterThan(0);
    expect(residueIndices(short, groundedFeatures(short))).toHaveLength(0);
  });

  it('counts the parts of a hyphenated source word as written', () => {
    const g = ground(
      'It is an action film.',
      [{ id: 's1', text: 'The Warriors Gate is a 2016 action-adventure film.' }],
      'What genre is The Warriors Gate?',
      opts,
    );
    expect(g.wordOverlap).toBe(1);
  });

  it('ships non-negative weights except the two intercepts, so less support never lowers the risk', () => {
    const model = loadTrustModel();
    expect(model).not.toBeNull();
    const w = model?.grounded.w ?? new Float64Array(0);
    expect(w.length).toBe(GROUNDED_DIMS);
    w.forEach((v, j) => {
      if (GROUNDED_FREE_SIGN.has(j)) return;
      const base = LONG_OF.get(j);
      // A long answer's novelty weight is the shared one plus its correction.
      if (base !== undefined) expect(v + (w[base] ?? 0), GROUNDED_FEATURES[j]).toBeGreaterThanOrEqual(0);
      else expect(v, GROUNDED_FEATURES[j]).toBeGreaterThanOrEqual(0);
    });
  });

  it('judges a long answer condensing longer sources as a summary, and a short reply not', () => {
    const long = Array.from({ length: 8 }, () => SOURCE).join(' ');
    const summary =
      'The Lindqvist Foundation opened a research library in Uppsala in 1987. It holds 40,000 volumes ' +
      'on Baltic shipping, and the historian Ingrid Holm runs it for the foundation today.';
    const of = (text: string, source: string, question?: string) =>
      groundedFeatures(ground(text, [{ id: 's1', text: source }], question, opts));
    expect(of(summary, long)[at('long_answer')]).toBe(1);
    expect(of(summary, long)[at('long_missing_words')]).toBe(of(summary, long)[at('missing_words')]);
    // As long as its source: not condensing. Short, or answering a question: not a summary.
    expect(of(summary, SOURCE)[at('long_answer')]).toBe(0);
    expect(of('The library holds 40,000 volumes.', long)[at('long_answer')]).toBe(0);
    expect(of(summary, long, 'Who runs the library?')[at('long_answer')]).toBe(0);
    // One long sentence written as prose is a summary too; a short one or a lower-case chat line not.
    const oneSentence =
      'The Lindqvist Foundation opened a research library in Uppsala in 1987 that holds 40,000 volumes ' +
      'on Baltic shipping and is run by the historian Ingrid Holm.';
    expect(ground(oneSentence, [{ id: 's1', text: long }], undefined, opts).claims).toHaveLength(1);
    expect(of(oneSentence, long)[at('long_answer')]).toBe(1);
    expect(of(`"${oneSentence}`, long)[at('long_answer')]).toBe(1);
    expect(of(oneSentence.toLowerCase(), long)[at('long_answer')]).toBe(0);
    expect(of('The library opened in Uppsala in 1987.', long)[at('long_answer')]).toBe(0);
  });

  it('calibrates long answers apart when the weights carry their own calibration', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const x = new Float64Array(GROUNDED_DIMS);
    const shared = groundedProbability({ ...model, grounded: { ...model.grounded, long: undefined } }, x);
    const apart = { ...model, grounded: { ...model.grounded, long: { a: 0, c: 3 } } };
    // A short answer keeps the shared calibration; a long one reads its own.
    expect(groundedProbability(apart, x)).toBeCloseTo(shared, 12);
    x[GROUNDED_FEATURES.indexOf('long_answer')] = 1;
    expect(groundedProbability(apart, x)).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
  });

  it('calibrates short answers (judged with their question) apart when the weights carry their own calibration', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const x = new Float64Array(GROUNDED_DIMS);
    const shared = groundedProbability({ ...model, grounded: { ...model.grounded, short: undefined } }, x);
    const apart = { ...model, grounded: { ...model.grounded, short: { a: 0, c: -2 } } };
    expect(groundedProbability(apart, x)).toBeCloseTo(shared, 12);
    x[GROUNDED_FEATURES.indexOf('short_answer')] = 1;
    expect(groundedProbability(apart, x)).toBeCloseTo(1 / (1 + Math.exp(2)), 12);
  });

  it('scores a condensing sentence with a changed number or an inserted negation above the faithful one', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const long = [{ id: 's1', text: Array.from({ length: 8 }, () => SOURCE).join(' ') }];
    const risk = (text: string): number => {
      const g = ground(text, long, undefined, opts);
      const x = groundedFeatures(g);
      return groundedProbability(model, x, residueIndices(g, x));
    };
    const faithful = risk(
      'The Lindqvist Foundation opened its research library in Uppsala in 1987, and the library holds ' +
        '40,000 volumes on Baltic shipping.',
    );
    const number = risk(
      'The Lindqvist Foundation opened its research library in Uppsala in 1987, and the library holds ' +
        '90,000 volumes on Baltic shipping.',
    );
    const negated = risk(
      'The Lindqvist Foundation opened its research library in Uppsala in 1987, and the library does ' +
        'not hold volumes on Baltic shipping.',
    );
    expect(number).toBeGreaterThan(faithful);
    expect(negated).toBeGreaterThan(faithful);
  });

  it('scores an answer with a swapped name and number above the copied one', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const right = groundedProbability(
      model,
      featuresOf('The library in Uppsala holds 40,000 volumes on Baltic shipping.'),
    );
    const wrong = groundedProbability(
      model,
      featuresOf('The library in Gothenburg holds 75,000 volumes on Baltic shipping.'),
    );
    expect(wrong).toBeGreaterThan(right);
  });

  it('refuses weights trained for another feature list', () => {
    const model = loadTrustModel();
    if (!model) throw new Error('no trustguard weights');
    const file = {
      version: 1,
      grounded: { w: [1, 2, 3], bias: 0, a: 1, c: 0, threshold: 0.5, median: 0.1 },
      ungrounded: {
        dims: model.ungrounded.w.length,
        scale: 1,
        idx: [],
        w: [],
        dense: [],
        bias: 0,
        a: 1,
        c: 0,
        threshold: 0.5,
        median: 0.1,
      },
      meta: {},
    } as TrustWeightsFile;
    expect(() => decodeTrustWeights(file)).toThrow(/features, expected/);
  });
});
