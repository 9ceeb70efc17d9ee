import { describe, expect, it } from 'vitest';
import { evaluateTrust } from './index.js';
import { roleTriples, swappedRole, tripleKeys } from './roles.js';

const opts = { flagThreshold: 0.5, blockThreshold: 0.9, supportThreshold: 0.6 };
const claim = (text: string, source: string) => evaluateTrust({ text, sources: [source] }, opts);

describe('role triples', () => {
  it('reads an active and a passive sentence as the same triple', () => {
    const active = roleTriples('Acme acquired Beta Corp in 2019.');
    const passive = roleTriples('Beta Corp was acquired by Acme in 2019.');
    expect(active).toHaveLength(1);
    expect(passive).toEqual(active);
    expect(active[0]?.agent).toBe('acme');
    expect(active[0]?.patient).toBe('corp');
  });

  it('folds synonym verbs and reads "the <word>" phrases', () => {
    expect(roleTriples('Acme bought Beta Corp.')).toEqual(roleTriples('Acme acquired Beta Corp.'));
    expect(roleTriples('The dog bit the man.')).toEqual([{ agent: 'dog', relation: 'bit', patient: 'man' }]);
  });

  it('pairs nothing across a clause break, a bare preposition or a symmetric verb', () => {
    expect(roleTriples('Acme, a rival of Beta Corp, grew.')).toEqual([]);
    expect(roleTriples('Acme and Beta Corp in Ohio.')).toEqual([]);
    expect(roleTriples('Anna married Tom in 2010.')).toEqual([]);
  });

  it('finds the swapped triple only when the evidence never states it the right way round', () => {
    const ev = [tripleKeys('Acme acquired Beta Corp.')];
    expect(swappedRole(roleTriples('Beta Corp acquired Acme.'), ev)?.agent).toBe('corp');
    expect(swappedRole(roleTriples('Acme acquired Beta Corp.'), ev)).toBeUndefined();
    const both = [tripleKeys('Acme acquired Beta Corp.'), tripleKeys('Later Beta Corp acquired Acme.')];
    expect(swappedRole(roleTriples('Beta Corp acquired Acme.'), both)).toBeUndefined();
  });

  it('stays linear on a long run of names', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `Name${i} acquired`).join(' ');
    const t0 = performance.now();
    const out = roleTriples(text);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(out.length).toBeLessThan(20_000);
  });
});

describe('TrustGuard on swapped roles', () => {
  const SOURCE = 'Acme acquired Beta Corp in 2019.';

  it('contradicts an answer that swaps who acquired whom, active or passive', () => {
    for (const text of ['Beta Corp acquired Acme in 2019.', 'Acme was acquired by Beta Corp in 2019.']) {
      const r = claim(text, SOURCE);
      expect(r.data.claims[0]?.label, text).toBe('contradicted');
      expect(r.data.claims[0]?.issues.join(' '), text).toMatch(/swap roles/);
      expect(r.risk, text).toBeGreaterThanOrEqual(0.5);
    }
  });

  it('supports the same roles in either voice and a symmetric verb either way round', () => {
    for (const text of ['Acme acquired Beta Corp in 2019.', 'Beta Corp was acquired by Acme in 2019.'])
      expect(claim(text, SOURCE).data.claims[0]?.label, text).toBe('supported');
    // The passive paraphrase is low risk, as the source's own words are (the name-order test made
    // it a swap); those, copied, are capped as an extractive answer (extractive.ts).
    const passive = claim('Beta Corp was acquired by Acme in 2019.', SOURCE).risk;
    expect(passive).toBeLessThan(0.3);
    expect(passive).toBeLessThan(claim('Acme acquired Beta Corp in 2019.', SOURCE).risk + 0.05);
    expect(claim('Tom married Anna in 2010.', 'Anna married Tom in 2010.').data.claims[0]?.label).toBe(
      'supported',
    );
  });
});
