import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../config.js';
import type { GuardContext } from '../contract.js';
import { createTrustGuard, evaluateTrust } from './index.js';
import type { TrustData } from './schema.js';

const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.6 };
const SOURCE =
  'The Harbor Bridge opened in 1932 and is 1,149 metres long. It was designed by the engineer Maria Keller. ' +
  'The bridge carries eight lanes of traffic. The bridge is not open to trucks at night.';
const ctx: GuardContext = {
  requestId: 't',
  signal: new AbortController().signal,
  logger: pino({ level: 'silent' }),
};

describe('TrustGuard with sources', () => {
  it('supports a grounded answer', () => {
    const r = evaluateTrust(
      { text: 'The Harbor Bridge opened in 1932. It was designed by Maria Keller.', sources: [SOURCE] },
      opts,
    );
    expect(r.data.claims.map((c) => c.label)).toEqual(['supported', 'supported']);
    expect(r.data.groundedness).toBe(1);
    expect(r.data.risk_level).toBe('low');
    expect(r.data.claims[0]?.evidence?.text).toContain('1932');
  });

  it('contradicts a claim with one wrong number and keeps the rest supported', () => {
    const text = 'The Harbor Bridge opened in 1932. The bridge carries six lanes of traffic.';
    const r = evaluateTrust({ text, sources: [SOURCE] }, opts);
    expect(r.data.claims.map((c) => c.label)).toEqual(['supported', 'contradicted']);
    const wrong = r.data.claims[1];
    expect(wrong?.issues.join(' ')).toMatch(/six conflicts with eight/);
    expect(text.slice(wrong?.span.start, wrong?.span.end)).toBe('The bridge carries six lanes of traffic.');
    expect(r.data.groundedness).toBeGreaterThan(0.3);
    expect(r.data.groundedness).toBeLessThan(0.7);
    expect(r.findings.some((f) => f.type === 'contradicted_claim')).toBe(true);
  });

  it('contradicts a claim whose negation disagrees with the evidence', () => {
    const r = evaluateTrust({ text: 'The bridge is open to trucks at night.', sources: [SOURCE] }, opts);
    expect(r.data.claims[0]?.label).toBe('contradicted');
    const faithful = evaluateTrust(
      { text: 'The bridge is not open to trucks at night.', sources: [SOURCE] },
      opts,
    );
    expect(r.risk).toBeGreaterThan(faithful.risk);
  });

  // Fresh probe t30a (2026-12-06, thirtieth session): the negated sentence was not the best
  // passage, so the claim read as supported (risk 0.22).
  it('contradicts a claim that states a negated sentence of its sources without the negation', () => {
    const source =
      'Our return policy allows returns within 30 days of delivery with the original receipt. Sale items cannot be returned.';
    const run = (text: string) => evaluateTrust({ text, sources: [source] }, opts);
    const wrong = run('Sale items can be returned within 30 days with a receipt.');
    expect(wrong.data.claims[0]?.label).toBe('contradicted');
    expect(wrong.risk).toBeGreaterThanOrEqual(opts.flagThreshold);
    for (const text of [
      'You can return items within 30 days of delivery if you have the original receipt, except for sale items.',
      'Items can be returned within 30 days with the original receipt, but sale items cannot be returned.',
    ])
      expect(run(text).data.claims[0]?.label, text).not.toBe('contradicted');
  });

  // Fresh probe t30a: "opens ... closed Sundays" against "open ... closed on Sundays" read as a swap.
  it('does not read a claim that writes both words of a pair as the opposite of its evidence', () => {
    const source =
      'The library is open Monday to Friday from 9 am to 8 pm and on Saturdays from 10 am to 4 pm. It is closed on Sundays.';
    const r = evaluateTrust(
      {
        text: 'The library opens weekdays 9 am to 8 pm, Saturdays 10 am to 4 pm, and is closed Sundays.',
        sources: [source],
      },
      opts,
    );
    expect(r.data.claims[0]?.label).not.toBe('contradicted');
    expect(r.risk).toBeLessThan(opts.flagThreshold);
  });

  // Own example (2026-12-06): the stemmer left "raised" and "raise" apart, so the listed pair missed.
  it('contradicts a claim that writes the opposite of the verb in its evidence, in any inflection', () => {
    const source =
      'The city council voted on Tuesday to approve a new bike lane. Two council members opposed the plan, ' +
      'citing parking. The company raised its full-year forecast.';
    const run = (text: string) => evaluateTrust({ text, sources: [source] }, opts);
    for (const text of [
      'Two council members supported the plan, citing parking.',
      'The company lowered its full-year forecast.',
    ]) {
      expect(run(text).data.claims[0]?.label, text).toBe('contradicted');
      expect(run(text).risk, text).toBeGreaterThanOrEqual(0.5);
    }
    expect(run('Two council members opposed the plan, citing parking.').data.claims[0]?.label).toBe(
      'supported',
    );
  });

  it('contradicts the same figure moving the other way, and keeps its direction when it agrees', () => {
    const report =
      'In the third quarter, revenue rose 12% to 4.1 million dollars. Staff costs fell 3% on the year.';
    const label = (text: string) => evaluateTrust({ text, sources: [report] }, opts).data.claims[0]?.label;
    for (const text of [
      'Revenue fell 12% in the third quarter.',
      'Revenue was down 12% in the third quarter.',
      'Revenue saw a 12% decline in the third quarter.',
      'Staff costs rose 3% on the year.',
    ])
      expect(label(text), text).toBe('contradicted');
    for (const text of ['Revenue rose 12% in the third quarter.', 'Staff costs fell 3% on the year.'])
      expect(label(text), text).toBe('supported');
    const wrong = evaluateTrust({ text: 'Revenue fell 12% in the third quarter.', sources: [report] }, opts);
    expect(wrong.data.claims[0]?.issues.join(' ')).toMatch(/12% moves the other way/);
  });

  it('supports a paraphrase of a supported figure (other verb of the same way, "by", "percent")', () => {
    const source = 'Revenue rose 12% in 2023.';
    const run = (text: string) => evaluateTrust({ text, sources: [source] }, opts);
    for (const text of [
      'Revenue grew by 12 percent in 2023.',
      'Revenue increased by 12 per cent in 2023.',
      'Revenue climbed 12% in 2023.',
    ]) {
      const r = run(text);
      expect(r.data.claims[0]?.label, text).toBe('supported');
      expect(r.risk, text).toBeLessThan(0.5);
    }
    expect(run('Revenue fell by 12 percent in 2023.').data.claims[0]?.label).toBe('contradicted');
    expect(run('Revenue grew by 15 percent in 2023.').data.claims[0]?.label).not.toBe('supported');
  });

  it('marks an invented name as unsupported', () => {
    const r = evaluateTrust(
      { text: 'The Harbor Bridge was designed by John Porter.', sources: [SOURCE] },
      opts,
    );
    expect(r.data.claims[0]?.label).toBe('unsupported');
    expect(r.data.claims[0]?.issues.join(' ')).toContain('John Porter');
  });

  it('reads a people as their country: "a Danish firm" is grounded in "a firm based in Denmark"', () => {
    const source =
      'The turbines were built by a firm based in Denmark. The trial enrolled 3,000 adults in Nigeria.';
    const risk = (text: string) => evaluateTrust({ text, sources: [source] }, opts).risk;
    expect(risk('A Danish firm built the turbines.')).toBeLessThan(opts.flagThreshold);
    expect(risk('The trial enrolled 3,000 Nigerian adults.')).toBeLessThan(opts.flagThreshold);
    expect(risk('A Swedish firm built the turbines.')).toBeGreaterThanOrEqual(opts.flagThreshold);
    expect(risk('The trial enrolled 3,000 Ghanaian adults.')).toBeGreaterThanOrEqual(opts.flagThreshold);
  });

  it('reads the capitalized parts of a hyphenated word as the name: "Chilean-born" names Chile', () => {
    const source = 'The author grew up in Chile before moving to Paris.';
    const issues = (text: string) =>
      evaluateTrust({ text, sources: [source] }, opts).data.claims.flatMap((c) => c.issues);
    expect(issues('The Chilean-born author later moved to Paris.').join(' ')).not.toContain(
      'entity not in sources',
    );
    expect(issues('The Peruvian-born author later moved to Paris.').join(' ')).toContain(
      'entity not in sources: Peruvian-born',
    );
  });

  // Fresh probe t38c (2026-12-07): "Python 3.12" was cut at its dot and read as missing.
  it('keeps a version number in one piece in a name: "Python 3.12" is written in the sources', () => {
    const source = 'Python 3.12 was released in October 2023. It removed the distutils module.';
    const issues = (text: string) =>
      evaluateTrust({ text, sources: [source] }, opts).data.claims.flatMap((c) => c.issues);
    expect(issues('Python 3.12 removed the distutils module.').join(' ')).not.toContain(
      'entity not in sources',
    );
    expect(issues('Python 3.13 removed the distutils module.').join(' ')).toContain(
      'entity not in sources: Python 3.13',
    );
  });

  it('judges a short answer in the context of its question', () => {
    const q = 'Who designed the Harbor Bridge?';
    expect(
      evaluateTrust({ text: 'Maria Keller', sources: [SOURCE], question: q }, opts).data.claims[0]?.label,
    ).toBe('supported');
    expect(
      evaluateTrust({ text: 'Tom Weller', sources: [SOURCE], question: q }, opts).data.claims[0]?.label,
    ).not.toBe('supported');
  });

  it('accepts sources given as {id, text} and cites the id', () => {
    const r = evaluateTrust(
      { text: 'The bridge carries eight lanes.', sources: [{ id: 'doc-7', text: SOURCE }] },
      opts,
    );
    expect(r.data.claims[0]?.evidence?.source_id).toBe('doc-7');
  });
});

// Own example (2026-12-07, probe t36d): an answer of two sentences that paraphrases its source
// was read as a short extractive answer (HaluEval's right answers copy a span) and scored 1.0.
describe('TrustGuard on a paraphrased answer of several sentences, given the question', () => {
  const source =
    'The warranty covers manufacturing defects for two years from the date of purchase. Accidental damage is not covered. Claims require the original receipt.';
  const question = 'What does the warranty cover?';

  it('passes the faithful paraphrase and flags the one with a changed figure', () => {
    const right = evaluateTrust(
      {
        text: 'Manufacturing defects are covered for two years from purchase. Accidental damage is excluded, and you will need your receipt to make a claim.',
        sources: [source],
        question,
      },
      opts,
    );
    const wrong = evaluateTrust(
      {
        text: 'Manufacturing defects are covered for five years from purchase. Accidental damage is excluded, and you will need your receipt to make a claim.',
        sources: [source],
        question,
      },
      opts,
    );
    expect(right.risk).toBeLessThan(0.5);
    expect(wrong.risk).toBeGreaterThanOrEqual(0.5);
  });
});

describe('TrustGuard on a hedged figure, given the question', () => {
  // 2026-12-08 (forty-fourth session), probe t44a: every right answer that hedged its figure
  // ("Around 12,450 people.") was flagged at 1.00: "Around 12" read as a name, and the hedge and
  // the rounded figure as claim words written nowhere.
  const risk = (source: string, question: string, text: string) =>
    evaluateTrust({ text, sources: [{ id: 's', text: source }], question }, opts).risk;
  const baikal =
    'Lake Baikal in Siberia is the deepest lake in the world, reaching 1,642 metres at its deepest point.';
  const railway = 'The Trans-Siberian Railway runs 9,289 kilometres from Moscow to Vladivostok.';
  const staff = 'The company employed 12,450 people at the end of 2023, up from 11,980 a year earlier.';

  it('passes the source figure, or the figure rounded at its own last place, after a hedge', () => {
    expect(risk(baikal, 'How deep is Lake Baikal?', 'About 1,642 metres at its deepest.')).toBeLessThan(0.5);
    expect(
      risk(railway, 'How long is the Trans-Siberian Railway?', 'Roughly 9,300 kilometres.'),
    ).toBeLessThan(0.5);
    expect(
      risk(staff, 'How many people did the company employ at the end of 2023?', 'Around 12,450 people.'),
    ).toBeLessThan(0.5);
  });

  it('still flags a hedged figure the source figure does not round to', () => {
    expect(
      risk(baikal, 'How deep is Lake Baikal?', 'About 2,100 metres at its deepest.'),
    ).toBeGreaterThanOrEqual(0.5);
    expect(
      risk(railway, 'How long is the Trans-Siberian Railway?', 'Roughly 7,500 kilometres.'),
    ).toBeGreaterThanOrEqual(0.5);
    // 9,289 rounds to 9,300, not to 9,000 plus a place's half: "roughly 9,200" is another figure.
    expect(
      risk(railway, 'How long is the Trans-Siberian Railway?', 'Roughly 9,200 kilometres.'),
    ).toBeGreaterThanOrEqual(0.5);
  });
});

describe('TrustGuard without sources', () => {
  it('flags an uncited statistic with its span', () => {
    const text = 'Remote workers are 47.3% more productive than office workers.';
    const r = evaluateTrust({ text }, opts);
    const f = r.findings.find((x) => x.category === 'unattributed_figure');
    expect(f).toBeDefined();
    expect(text.slice(f?.span?.start, f?.span?.end)).toBe('47.3%');
    expect(r.data.risk_level).toBe('medium');
  });

  it('does not flag the same statistic when it is attributed', () => {
    const r = evaluateTrust(
      { text: 'According to the 2023 national labour survey, remote workers are 47.3% more productive.' },
      opts,
    );
    expect(r.findings.some((x) => x.category === 'unattributed_figure')).toBe(false);
  });

  it('detects self-contradicting figures for the same subject', () => {
    const r = evaluateTrust(
      {
        text: 'The project budget for the new library was 4,500 dollars. The project budget for the new library was 9,800 dollars.',
      },
      opts,
    );
    expect(r.data.signals.map((s) => s.type)).toContain('self_contradiction');
  });

  it('orders answers by risk, up to a flag', () => {
    const risk = (text: string) => evaluateTrust({ text }, opts).risk;
    const level = (text: string) => evaluateTrust({ text }, opts).data.risk_level;
    const plain = risk('Paris is the capital of France and a popular destination for tourists.');
    const cited = risk(
      'A 2019 Harvard study found that 62% of developers prefer tabs. Trust me, no need to verify.',
    );
    expect(cited).toBeGreaterThan(plain);
    const loaded =
      'A 2019 Harvard study found that 73.4% of developers prefer tabs. Research proves it and experts agree. ' +
      'This is military-grade, unhackable encryption. TODO: implement the rest. See doi:10.1234/abcd.5678.';
    expect(risk(loaded)).toBeGreaterThan(cited);
    expect(['high', 'critical']).toContain(level(loaded));
  });

  it('detects the named patterns', () => {
    const r = evaluateTrust(
      {
        text:
          'def handler(request):\n    # TODO: validate input\n    pass\n' +
          'Our login uses bank-level security with md5(password).\n' +
          'This line is repeated for emphasis here.\nThis line is repeated for emphasis here.\nThis line is repeated for emphasis here.',
      },
      opts,
    );
    const names = r.data.patterns.map((p) => p.pattern);
    expect(names).toEqual(expect.arrayContaining(['stub_syndrome', 'security_theater', 'duplication']));
    expect(r.data.recommendations.length).toBeGreaterThan(0);
  });

  // Fresh probe t32b (2026-12-06, thirty-second session): neither was a signal before.
  it('reads a parenthetical citation and an appeal to studies with an adverb as signals', () => {
    const types = (text: string) => evaluateTrust({ text }, opts).data.signals.map((s) => s.type);
    expect(
      types('Vitamin C cures cancer in most cases (Whitfield et al., Journal of Oncology, 2012).'),
    ).toContain('reference_list');
    expect(types('As shown by Smith (Smith and Jones, 2019), the effect is small.')).toContain(
      'reference_list',
    );
    expect(types('Studies have definitively proven that the brain is mostly unused.')).toContain(
      'vague_authority',
    );
    expect(types('The museum (opened 1932) is small.')).not.toContain('reference_list');
  });

  it('recognises a refusal', () => {
    const r = evaluateTrust({ text: 'As an AI language model, I cannot browse the internet.' }, opts);
    expect(r.data.signals.map((s) => s.type)).toContain('refusal');
  });
});

describe('TrustGuard as a guard', () => {
  const guard = createTrustGuard({ config: testConfig() });

  it('accepts the minimal payload {text}', async () => {
    const payload = guard.payloadSchema.parse({ text: 'Water boils at 100 degrees Celsius at sea level.' });
    const out = await guard.check(payload, ctx);
    expect(out.verdict).toBe('allow');
    const data = out.data as TrustData;
    expect(data.trust_score).toBeCloseTo(1 - out.score, 3);
    expect(data.overall_score).toBeGreaterThanOrEqual(0);
    expect(data.overall_score).toBeLessThanOrEqual(10);
  });

  it('blocks a contradicted answer and flags from the configured thresholds', async () => {
    const blocked = await guard.check(
      guard.payloadSchema.parse({ text: 'The Harbor Bridge opened in 1955.', sources: [SOURCE] }),
      ctx,
    );
    expect(blocked.verdict).toBe('block');
    const strict = createTrustGuard({ config: testConfig({ TRUSTGUARD_FLAG_THRESHOLD: '0.2' }) });
    const flagged = await strict.check(
      strict.payloadSchema.parse({ text: 'A 2021 Stanford study found that coffee improves memory.' }),
      ctx,
    );
    expect(flagged.verdict).toBe('flag');
  });
});
