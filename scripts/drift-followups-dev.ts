/**
 * Development check of the follow-up training conversations (reverted with them): the leave-one-source-out
 * loop of eval/suites/contextguard.ts (threshold out of fold, pooled and per source, FD@0.90 = false
 * drift at the threshold catching 0.90 of each left-out source) with the training half built with
 * DRIFT_FOLLOW_UPS=1 or without, then the chat probe on a combiner fitted on all three sources.
 */
import { readFileSync } from 'node:fs';
import { buildConversations, type Conversation, type ConvSource } from '../eval/lib/conversations.js';
import { auc } from '../eval/lib/metrics.js';
import { emptyTopicState, type TopicState, updateTopic } from '../src/guards/contextguard/drift.js';
import { type DriftModel, loadDriftModel } from '../src/guards/contextguard/drift-model.js';
import { fitCombiner } from './train-contextguard.js';

type C = Pick<Conversation, 'turns' | 'switchAt' | 'switchKind'>;
function scores(convs: C[], model: DriftModel | null) {
  const neg: number[] = [];
  const pos: number[] = [];
  const negF: boolean[] = [];
  const posF: boolean[] = [];
  for (const c of convs) {
    let state: TopicState = emptyTopicState();
    for (let i = 0; i < c.turns.length; i++) {
      const r = updateTopic(state, c.turns[i] ?? '', { minSimilarity: 0.05, model });
      state = r.state;
      if (i === c.switchAt) {
        pos.push(r.drift?.probability ?? 0);
        posF.push(r.drift?.drifted ?? false);
        break;
      }
      if (r.drift) {
        neg.push(r.drift.probability ?? 0);
        negF.push(r.drift.drifted);
      }
    }
  }
  return { neg, pos, negF, posF };
}
const mean = (b: boolean[]) => b.filter(Boolean).length / Math.max(1, b.length);
function fdAt(neg: number[], pos: number[], recall: number) {
  const p = [...pos].sort((a, b) => b - a);
  const th = p[Math.min(p.length - 1, Math.ceil(recall * p.length) - 1)] ?? 0.5;
  return neg.filter((v) => v >= th).length / neg.length;
}
const f = (x: number) => x.toFixed(3);
const shipped = loadDriftModel();
if (!shipped) throw new Error('no model');
const followUps = process.env.DRIFT_FOLLOW_UPS === '1';
const sources: ConvSource[] = ['summedits', 'halueval_qa', 'halueval_answers'];
const all = { neg: [] as number[], pos: [] as number[], negF: [] as boolean[], posF: [] as boolean[] };
let fd90 = 0;
let fd90n = 0;
for (const held of sources) {
  const train = buildConversations(
    sources.filter((s) => s !== held),
    'train',
    { followUps },
  );
  const test = buildConversations([held], 'test');
  const fold = fitCombiner(shipped, train);
  const s = scores(test, fold);
  const fd9 = fdAt(s.neg, s.pos, 0.9);
  fd90 += fd9 * s.neg.length;
  fd90n += s.neg.length;
  console.log(
    `${held.padEnd(18)} th ${f(fold.threshold)} FD ${f(mean(s.negF))} caught ${f(mean(s.posF))} AUC ${f(auc(s.pos, s.neg))} FD@0.90 ${f(fd9)}`,
  );
  for (const k of Object.keys(all) as (keyof typeof all)[])
    (all[k] as unknown[]).push(...(s[k] as unknown[]));
}
console.log(
  `${'pooled'.padEnd(18)} FD ${f(mean(all.negF))} caught ${f(mean(all.posF))} AUC ${f(auc(all.pos, all.neg))} FD@0.90 ${f(fd90 / fd90n)}`,
);
// chat probe with a model trained on all three sources
const full = fitCombiner(shipped, buildConversations(sources, 'train', { followUps }));
const rows = readFileSync('eval/data/drift_chats.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { topic: string; turns: string[] });
const chats = rows.filter((r) => r.topic !== 'request').map((r) => r.turns);
const reqs = rows.filter((r) => r.topic === 'request').map((r) => r.turns[0] ?? '');
const probe: C[] = chats.map((turns) => ({ turns, switchAt: null }));
chats.forEach((turns, i) => {
  probe.push({ turns: [...turns.slice(0, 2), chats[(i + 6) % chats.length]?.[0] ?? ''], switchAt: 2 });
  probe.push({ turns: [...turns.slice(0, 2), reqs[i % reqs.length] ?? ''], switchAt: 2 });
});
const p = scores(probe, full);
console.log(
  `chat probe (full fit, th ${f(full.threshold)}): FD ${f(mean(p.negF))} of ${p.neg.length} caught ${f(mean(p.posF))} of ${p.pos.length} AUC ${f(auc(p.pos, p.neg))}`,
);
const k8s = scores(
  [
    {
      turns: [
        "Our Kubernetes pods restart with CrashLoopBackOff after every deploy of the payments service. How do I read the previous container's logs? Should I raise the memory limit?",
        'Give me a lemon drizzle cake recipe for ten guests.',
      ],
      switchAt: 1,
    },
  ],
  full,
);
console.log(`k8s->cake p ${f(k8s.pos[0] ?? 0)} flagged ${k8s.posF[0]}`);
if (process.env.DUMP)
  for (const [i, c] of probe.entries()) console.log(i, c.turns.map((t) => t.slice(0, 30)).join(' | '));
