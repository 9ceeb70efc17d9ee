/**
 * The rows the injection model is trained and evaluated on, read from ../shared/datasets at run
 * time: attacks and benign prompts (injection/dev.jsonl), more attack families
 * (injection/extra.jsonl), harmful requests as hard negatives (injection/harmful_requests.jsonl:
 * a dangerous topic is not an attack) and our synthetic families (scripts/injection-synthetic.ts).
 *
 * INJECTION_PERSUASION=1 adds the persuasion jailbreak family and its benign counterparts
 * (scripts/injection-persuasion.ts; off by default, see there).
 *
 * INJECTION_PASTED=1 adds benign tasks over a pasted message (scripts/injection-pasted.ts; off by
 * default, figures in scripts/train-injection.ts).
 *
 * INJECTION_COMPOSE=1 composes half of the extraction requests and their harmless counterparts from
 * setup nouns and relations, INJECTION_YOU=1 adds benign prompts with "you" and "your"
 * and INJECTION_APP=1 application prompts with a constraint on the answer ("Do not include your own
 * opinions.") as benign imperatives (scripts/injection-extraction.ts; all off by default, figures
 * in scripts/train-injection.ts).
 *
 * INJECTION_WRAP=share (off by default; see wrapRequest in injection-persuasion.ts for the figures)
 * adds that share of the harmful requests' `train` rows, wrapped in persona and pressure levers, as
 * the attack source `own-wrapped`. Each keeps its harmful source as `origin`, so the fold that
 * leaves that source out leaves its wrapped copies out too.
 *
 * Negative rows get a fixed role by a hash of their id: `train` (60%), `tune` (20%: thresholds are
 * picked here and nowhere else) and `test` (20%: false positives are measured here). Attack rows are
 * grouped by source and left out whole. INJECTION_ROLE_SALT=x draws another split of the same rows
 * (the default split's benign figures depend on it, see scripts/train-injection.ts).
 */
import { readJsonl } from '../eval/lib/datasets.js';
import { mulberry32 } from '../src/util/prng.js';
import { wrapRequest } from './injection-persuasion.js';
import { hashId, type InjectionRow } from './injection-split.js';
import { syntheticInjectionRows } from './injection-synthetic.js';

export type Kind = 'attack' | 'benign' | 'harmful';
export type Role = 'train' | 'tune' | 'test';

export interface LabelledRow {
  id: string;
  text: string;
  kind: Kind;
  source: string;
  role: Role;
  /** The negative source a synthetic row was made from (left out with it). */
  origin?: string;
}

interface HarmfulRow {
  id: string;
  text: string;
  source: string;
}

/** INJECTION_ROLE_SALT (empty by default): another train/tune/test split of the same rows. */
const ROLE_SALT = process.env.INJECTION_ROLE_SALT ?? '';
export const roleOf = (id: string): Role => {
  const r = hashId(`role${ROLE_SALT}:${id}`) % 5;
  return r === 0 ? 'tune' : r === 1 ? 'test' : 'train';
};

export function injectionRows(): LabelledRow[] {
  const out: LabelledRow[] = [];
  const add = (r: InjectionRow): void => {
    out.push({ id: r.id, text: r.text, kind: r.label, source: r.source, role: roleOf(r.id) });
  };
  for (const r of readJsonl<InjectionRow>('injection/dev.jsonl')) add(r);
  for (const r of readJsonl<InjectionRow>('injection/extra.jsonl')) add(r);
  for (const r of syntheticInjectionRows({
    persuasion: process.env.INJECTION_PERSUASION === '1',
    pasted: process.env.INJECTION_PASTED === '1',
    compose: process.env.INJECTION_COMPOSE === '1',
    you: process.env.INJECTION_YOU === '1',
    app: process.env.INJECTION_APP === '1',
    secret: process.env.INJECTION_SECRET === '1',
    personas: process.env.INJECTION_PERSONAS === '1',
  })) {
    if (r.category === 'harmful') {
      out.push({ id: r.id, text: r.text, kind: 'harmful', source: r.source, role: roleOf(r.id) });
    } else add(r);
  }
  const wrapShare = Number(process.env.INJECTION_WRAP ?? 0);
  const rand = mulberry32(4242);
  for (const r of readJsonl<HarmfulRow>('injection/harmful_requests.jsonl')) {
    const role = roleOf(r.id);
    out.push({ id: r.id, text: r.text, kind: 'harmful', source: `harmful-${r.source}`, role });
    if (role === 'train' && rand() < wrapShare) {
      const id = `own-wrapped-${r.id}`;
      out.push({
        id,
        text: wrapRequest(rand, r.text),
        kind: 'attack',
        source: 'own-wrapped',
        role: roleOf(id),
        origin: `harmful-${r.source}`,
      });
    }
  }
  return out;
}

/** Sources of the shared data, as opposed to our own synthetic ones. */
export const isOwnSource = (source: string): boolean => source.startsWith('own-');
