import { describe, expect, it } from 'vitest';
import { contentTerms } from '../../text/terms.js';
import { tokenize } from '../../text/tokenize.js';
import { emptyTopicState, type TopicState, updateTopic } from './drift.js';
import { cohesionCues, connectiveStart, DRIFT_FEATURES, driftFeatures, turnShape } from './drift-features.js';
import {
  centeredCosine,
  conversationDf,
  conversationSemMean,
  conversationWordMean,
  convIdfOf,
  dot,
  loadDriftModel,
} from './drift-model.js';

const feature = (x: number[], name: (typeof DRIFT_FEATURES)[number]): number =>
  x[DRIFT_FEATURES.indexOf(name)] ?? Number.NaN;

function session(turns: string[]): TopicState {
  const model = loadDriftModel();
  let state = emptyTopicState();
  for (const t of turns) state = updateTopic(state, t, { minSimilarity: 0.05, model }).state;
  return state;
}

describe('ContextGuard drift features', () => {
  it('reads list markers and the last list number of a turn', () => {
    expect(turnShape('1. Water the seedlings daily. 2. Thin them out after a week.')).toMatchObject({
      lead: 'number',
      lastNumber: 2,
    });
    expect(turnShape('- two eggs - a cup of flour').lead).toBe('bullet-');
    expect(turnShape('B. Keep the soil moist').lead).toBe('letter');
    expect(turnShape('Plain prose without a marker.')).toMatchObject({ lead: '', lastNumber: -1 });
  });

  it('marks the next item of a numbered list and a change of form from code to prose', () => {
    const model = loadDriftModel();
    if (!model) throw new Error('no drift weights');
    const listTurns = [
      'Here is how to prepare raised garden beds for spring planting this year.',
      '1. Clear the weeds and old roots from the beds. 2. Loosen the soil with a fork to a good depth.',
    ];
    const next = '3. Mix two inches of compost into the top layer before sowing anything.';
    const x = driftFeatures(model, session(listTurns), next, contentTerms(next)).x;
    expect(feature(x, 'next_in_list')).toBe(1);
    expect(feature(x, 'same_lead')).toBe(1);
    // A turn without a number came between: the session still knows the list's last number.
    const later = session([
      ...listTurns,
      'Water the loosened beds well on the evening before adding compost.',
    ]);
    const lx = driftFeatures(model, later, next, contentTerms(next)).x;
    expect(feature(lx, 'next_in_list')).toBe(0);
    expect(feature(lx, 'next_in_session_list')).toBe(1);
    const skipped = '5. Mix two inches of compost into the top layer before sowing anything.';
    expect(
      feature(driftFeatures(model, later, skipped, contentTerms(skipped)).x, 'next_in_session_list'),
    ).toBe(0);
    const code = session([
      'My Python function to parse the sensor log returns an empty list every time.',
      'def parse(path): rows = [l.split(";") for l in open(path)]; return {r[0]: r[1] for r in rows if r}',
    ]);
    const prose = 'What fabric softener keeps towels fluffy after many washes in hard water?';
    const sameForm = 'def clean(rows): return [r for r in rows if len(r) == 2 and r[0] != ""]';
    const far = feature(driftFeatures(model, code, prose, contentTerms(prose)).x, 'shape_distance');
    const near = feature(driftFeatures(model, code, sameForm, contentTerms(sameForm)).x, 'shape_distance');
    expect(far).toBeGreaterThan(near);
  });

  it('keeps the session similarity history that the relative features read, and keeps it (without the switch) after a switch', () => {
    const state = session([
      'Our sourdough starter smells of acetone and barely rises after feeding.',
      'Should the sourdough starter be fed twice a day with rye flour instead?',
      'How warm should the kitchen be for the sourdough starter to double?',
    ]);
    expect(state.sims.length).toBe(2);
    expect(state.semSims?.length).toBe(2);
    const model = loadDriftModel();
    const r = updateTopic(
      state,
      'By the way, unrelated question: what is the tallest mountain in South America?',
      { minSimilarity: 0.05, model },
    );
    expect(r.drift?.drifted).toBe(true);
    // The flagged turn's similarity is no level of the session; the switched turn is a recent turn.
    expect(r.state.sims).toEqual(state.sims);
    expect(r.state.recent?.length).toBe(4);
    const next = updateTopic(
      r.state,
      'Is that mountain, Aconcagua, harder to climb than the tallest mountain of North America?',
      { minSimilarity: 0.05, model },
    );
    expect(next.drift?.drifted).toBe(false);
  });

  it('reads cohesion cues: an early pronoun, the share of referring words, a definite opening', () => {
    // [pronoun_early, pronoun_rate, starts_with_the, personal_pronoun]
    const [early, rate, the, personal] = cohesionCues(tokenize('Fearful, she looked over at the bushes.'));
    expect(early).toBe(1);
    expect(rate).toBeCloseTo(1 / 7, 5);
    expect(the).toBe(0);
    expect(personal).toBe(1);
    expect(cohesionCues(tokenize('The war was fought between the Patriots and Loyalists.'))).toEqual([
      0, 0, 1, 0,
    ]);
    // A referring word late in a long turn is no early cue.
    expect(
      cohesionCues(tokenize('Give me a lemon drizzle cake recipe for ten guests, and scale it.'))[0],
    ).toBe(0);
    const model = loadDriftModel();
    if (!model) throw new Error('no drift weights');
    const state = session(['Sarah is a businesswoman with a passion for corporate social responsibility.']);
    const turn = 'Her warm and approachable personality allows her to connect with people easily.';
    const x = driftFeatures(model, state, turn, contentTerms(turn)).x;
    expect(feature(x, 'pronoun_early')).toBe(1);
    expect(feature(x, 'personal_pronoun')).toBe(1);
  });

  it('weighs shared words by their document frequency in conversations: a rare shared word ties more', () => {
    const model = loadDriftModel();
    if (!model) throw new Error('no drift weights');
    const table = conversationDf([
      ['help', 'sourdough'],
      ['help', 'garden'],
      ['help', 'sourdough'],
      ['help', 'tax'],
    ]);
    expect(table).toEqual({ n: 4, terms: ['help', 'sourdough'], df: [4, 2] });
    const withTable = {
      ...model,
      convDf: new Map([
        ['help', 4],
        ['sourdough', 2],
      ]),
      convN: 4,
    };
    expect(convIdfOf(withTable, 'sourdough')).toBeGreaterThan(convIdfOf(withTable, 'help'));
    expect(convIdfOf(withTable, 'never-seen')).toBeGreaterThan(convIdfOf(withTable, 'sourdough'));
    expect(convIdfOf({ ...model, convDf: new Map(), convN: 0 }, 'sourdough')).toBe(0);
    const state = session(['Our sourdough starter needs help: it barely rises after feeding.']);
    const rare = 'The sourdough loaf came out dense and flat this morning.';
    const common = 'Please help me choose a laptop for video editing this year.';
    const share = (t: string) =>
      feature(driftFeatures(model, state, t, contentTerms(t)).x, 'conv_shared_idf_share');
    expect(share(rare)).toBeGreaterThan(share(common));
  });

  it('reads a discourse connective at the start of a turn as continuation', () => {
    expect(connectiveStart(tokenize('However, the pod keeps restarting after the upgrade.'))).toBe(1);
    expect(connectiveStart(tokenize('As a result, the node ran out of memory.'))).toBe(1);
    expect(connectiveStart(tokenize('On the other hand, a larger limit costs more.'))).toBe(1);
    // The same first words without the rest of the connective, or a connective later in the turn.
    expect(connectiveStart(tokenize('As a chef, how long should I rest the dough?'))).toBe(0);
    expect(connectiveStart(tokenize('On the weekend we bake bread; however, it burns.'))).toBe(0);
    expect(connectiveStart(tokenize('Give me a lemon drizzle cake recipe for ten guests.'))).toBe(0);
  });

  it('aligns the turn words with their closest session words: the same words match fully, related ones more than unrelated ones', () => {
    const model = loadDriftModel();
    if (!model) throw new Error('no drift weights');
    const state = session([
      'My Kubernetes pod is stuck in CrashLoopBackOff after the last deployment of the container.',
    ]);
    const align = (t: string) => {
      const x = driftFeatures(model, state, t, contentTerms(t)).x;
      return [feature(x, 'align_mean'), feature(x, 'align_strong_share')];
    };
    const same = align('The pod container is stuck after the deployment.');
    expect(same[0]).toBeCloseTo(1, 5);
    expect(same[1]).toBeCloseTo(1, 5);
    const cake = align('Give me a lemon drizzle cake recipe for ten guests.');
    expect(cake[0]).toBeLessThan(0.5);
    expect(cake[0]).toBeGreaterThanOrEqual(0);
  });
});

describe('ContextGuard centered similarities', () => {
  it('measures a cosine from a mean direction: two vectors alike only in it are unrelated', () => {
    const mean = [1, 0, 0];
    // Both share the mean direction and part in the others: plain cosine high, centered negative.
    const a = [1, 0.3, 0];
    const b = [1, -0.3, 0];
    expect(dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b))).toBeGreaterThan(0.8);
    expect(centeredCosine(a, b, mean)).toBeLessThan(-0.9);
    expect(centeredCosine(a, [1, 0.6, 0], mean)).toBeCloseTo(1, 5);
    expect(centeredCosine(a, b, [0, 0, 0])).toBeCloseTo(dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b)), 6);
  });

  it('means of the conversations are unit-scale and the centered session similarity reads them', () => {
    const model = loadDriftModel();
    if (!model) throw new Error('no drift weights');
    const turns = [
      contentTerms('The cake needs lemon zest and sugar.'),
      contentTerms('Bake the cake for forty minutes.'),
    ];
    const sem = conversationSemMean(model, turns);
    const word = conversationWordMean(model, turns);
    expect(Math.sqrt(dot(sem, sem))).toBeLessThanOrEqual(1.0001);
    expect(Math.sqrt(dot(word, word))).toBeLessThanOrEqual(1.0001);
    expect(Math.sqrt(dot(sem, sem))).toBeGreaterThan(0.3);
    const state = session(['Our Kubernetes pods restart after every deploy of the payments service.']);
    const text = 'Which sourdough starter makes the best bread for a picnic?';
    const f = (m: ArrayLike<number>) =>
      driftFeatures({ ...model, semMean: Float32Array.from(m) }, state, text, contentTerms(text));
    const x = (m: ArrayLike<number>) => f(m).x;
    // Without a mean it is the plain cosine (after one turn the session mean is its centroid).
    const zero = new Array<number>(model.dims).fill(0);
    const plain = x(zero);
    expect(feature(plain, 'sem_centered_history')).toBeCloseTo(f(zero).semCos, 3);
    const centered = feature(x(sem), 'sem_centered_history');
    expect(Math.abs(centered - feature(plain, 'sem_centered_history'))).toBeGreaterThan(0.01);
  });
});
