/**
 * ContextGuard evaluation.
 * Topic drift, headline: leave one source out. Conversations (eval/lib/conversations.ts) come from
 * three sources, SummEdits documents, HaluEval QA knowledge and HaluEval answers; the drift
 * combiner and its threshold are fitted on the conversations of the other two sources (with the
 * "train" half of the user requests) and measured on the left-out source's conversations (with the
 * "test" half of the user requests), in turn. The word vectors (GloVe) come from text none of the
 * sources is in (the background corpus that sets their IDF reads BEGIN's text, unlabelled). A fourth
 * source, real user chat messages (begin_chats), is left out the same way and printed on its own
 * line: the combiner trains on it only with DRIFT_CHATS=1. The training side reads
 * trainConversations (scripts/train-contextguard.ts: eight switches per document) and refits the
 * threshold rule, nested recall target included, on the training sources alone. Reported: the share of
 * on-topic turns flagged (false drift), the share of on-topic conversations with any false alarm,
 * the false drift at the second turn (no switch conversation switches there, its switch comes after
 * 2-5 turns: a combiner that learns "the second turn never switches" lowers false drift for free,
 * and misses a real second-turn switch such as the unit test's; near 0 there is that sign, and a
 * variant whose gain is all there leaves the false drift after the second turn unchanged), and the
 * share of switches caught at the first off-topic turn (by kind). The baseline on the same
 * conversations is the TF-IDF centroid rule with an adaptive threshold (the guard without a model).
 * Multi-turn attacks: SecurityGuard's injection scorer over split prompts (below).
 */
import pino from 'pino';
import {
  ALL_SOURCES,
  batchEncoder,
  chatConversations,
  fitCombiner,
  fitVeto,
  trainConversations,
  trainingSources,
} from '../../scripts/train-contextguard.js';
import { testConfig } from '../../src/config.js';
import { emptyTopicState, type TopicState, updateTopic } from '../../src/guards/contextguard/drift.js';
import { type DriftModel, loadDriftModel } from '../../src/guards/contextguard/drift-model.js';
import { type ContextData, createContextGuard } from '../../src/guards/contextguard/index.js';
import {
  sessionSimilarity,
  type VetoPoints,
  vetoPointFor,
} from '../../src/guards/contextguard/semantic-veto.js';
import type { GuardContext } from '../../src/guards/contract.js';
import { injectionScorer } from '../../src/guards/securityguard/scanners.js';
import type { SentenceEncoder } from '../../src/semantic/encoder.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { buildConversations, type Conversation } from '../lib/conversations.js';
import { readJsonl, readProbe } from '../lib/datasets.js';
import { auc, fmt, percentile } from '../lib/metrics.js';

export const name = 'contextguard';

interface InjectionRow {
  text: string;
  label: 'attack' | 'benign';
}

interface DriftTally {
  onTopicTurns: number;
  falseTurns: number;
  onTopicConvs: number;
  convsWithFalse: number;
  /** On-topic second turns (index 1) and those flagged: no switch is placed there (turn indices 2-5). */
  secondTurns: number;
  falseSecond: number;
  switches: Record<string, { n: number; caught: number }>;
  /** Switch probabilities of the judged on-topic turns and of the switch turns (learned model only). */
  negScores: number[];
  posScores: number[];
}

/** The semantic veto as the guard runs it (index.ts): its encoder and the point it overrules at. */
interface Veto {
  encoder: SentenceEncoder;
  points: VetoPoints;
}

async function measure(
  convs: Pick<Conversation, 'turns' | 'switchAt' | 'switchKind'>[],
  model: DriftModel | null,
  minSimilarity: number,
  veto: Veto | null = null,
): Promise<DriftTally> {
  const t: DriftTally = {
    onTopicTurns: 0,
    falseTurns: 0,
    onTopicConvs: 0,
    convsWithFalse: 0,
    secondTurns: 0,
    falseSecond: 0,
    switches: {},
    negScores: [],
    posScores: [],
  };
  for (const c of convs) {
    let state: TopicState = emptyTopicState();
    let anyFalse = false;
    for (let i = 0; i < c.turns.length; i++) {
      let r = updateTopic(state, c.turns[i] ?? '', { minSimilarity, model });
      if (veto && r.drift?.drifted && !r.drift.announced) {
        const sim = await sessionSimilarity(
          veto.encoder,
          'train',
          c.turns[i] ?? '',
          c.turns.slice(0, i),
          3_600_000,
        );
        const point = vetoPointFor(veto.points, c.turns.slice(0, i), c.turns[i] ?? '');
        if (sim !== null && point !== null && sim >= point && r.overrule) r = r.overrule();
      }
      state = r.state;
      const flagged = r.drift?.drifted ?? false;
      if (i === c.switchAt) {
        const kind = c.switchKind ?? 'switch';
        const s = t.switches[kind] ?? { n: 0, caught: 0 };
        s.n++;
        if (flagged) s.caught++;
        t.switches[kind] = s;
        if (r.drift?.probability !== undefined) t.posScores.push(r.drift.probability);
        break;
      }
      if (r.drift) {
        t.onTopicTurns++;
        if (r.drift.probability !== undefined) t.negScores.push(r.drift.probability);
        if (i === 1) t.secondTurns++;
        if (flagged) {
          t.falseTurns++;
          if (i === 1) t.falseSecond++;
          anyFalse = true;
        }
      }
    }
    if (c.switchAt === null) {
      t.onTopicConvs++;
      if (anyFalse) t.convsWithFalse++;
    }
  }
  return t;
}

function add(a: DriftTally, b: DriftTally): DriftTally {
  const switches = { ...a.switches };
  for (const [k, v] of Object.entries(b.switches)) {
    const s = switches[k] ?? { n: 0, caught: 0 };
    switches[k] = { n: s.n + v.n, caught: s.caught + v.caught };
  }
  return {
    onTopicTurns: a.onTopicTurns + b.onTopicTurns,
    falseTurns: a.falseTurns + b.falseTurns,
    onTopicConvs: a.onTopicConvs + b.onTopicConvs,
    convsWithFalse: a.convsWithFalse + b.convsWithFalse,
    secondTurns: a.secondTurns + b.secondTurns,
    falseSecond: a.falseSecond + b.falseSecond,
    switches,
    negScores: [...a.negScores, ...b.negScores],
    posScores: [...a.posScores, ...b.posScores],
  };
}

function line(label: string, t: DriftTally): string {
  const all = Object.values(t.switches).reduce((s, v) => ({ n: s.n + v.n, caught: s.caught + v.caught }), {
    n: 0,
    caught: 0,
  });
  const kinds = Object.entries(t.switches)
    .map(([k, v]) => `${k} ${fmt(v.caught / Math.max(1, v.n))} (${v.n})`)
    .join(', ');
  const ranking =
    t.posScores.length > 0 && t.negScores.length > 0 ? `; AUC ${fmt(auc(t.posScores, t.negScores))}` : '';
  return `${label.padEnd(40)} false drift ${fmt(t.falseTurns / Math.max(1, t.onTopicTurns))} of ${t.onTopicTurns} on-topic turns (conversations with a false alarm ${fmt(t.convsWithFalse / Math.max(1, t.onTopicConvs))} of ${t.onTopicConvs}; at the second turn ${fmt(t.falseSecond / Math.max(1, t.secondTurns))}, after it ${fmt((t.falseTurns - t.falseSecond) / Math.max(1, t.onTopicTurns - t.secondTurns))}) | switches caught at the first off-topic turn ${fmt(all.caught / Math.max(1, all.n))} of ${all.n}: ${kinds}${ranking}`;
}

async function topicDrift(proseOnly: boolean): Promise<void> {
  const shipped = loadDriftModel();
  if (!shipped) {
    console.log('no drift.weights.json: run npm run train:contextguard');
    return;
  }
  const floor = testConfig().CONTEXTGUARD_DRIFT_MIN_SIMILARITY;
  const training = trainingSources();
  let learned: DriftTally | null = null;
  let fast: DriftTally | null = null;
  let baseline: DriftTally | null = null;
  const encoder = batchEncoder();
  const perSource: string[] = [];
  // Ranking free of the threshold rule: per left-out source, the threshold catching 0.90 of its own
  // switches, and the on-topic turns scored at or above it (pooled).
  let rankedFalse = 0;
  let rankedTurns = 0;
  let chats: {
    a: DriftTally;
    f: DriftTally;
    b: DriftTally;
    threshold: number;
    point: number | null;
    chatPoint: number | null;
  } | null = null;
  // CONTEXTGUARD_PROBES_ONLY=1: the chat probes alone (seconds, not minutes), for a quick read.
  const sources = process.env.CONTEXTGUARD_PROBES_ONLY === '1' ? [] : ALL_SOURCES;
  for (const held of sources) {
    const train = trainConversations(
      training.filter((s) => s !== held),
      { proseOnly },
    );
    const test = buildConversations([held], 'test', { proseOnly });
    const fold = fitCombiner(shipped, train);
    // The chat register's point reads the user chats unless they are the source left out.
    const { point, chatPoint } = await fitVeto(
      fold,
      train,
      encoder,
      chatConversations(ALL_SOURCES.filter((s) => s !== held)),
    );
    const a = await measure(
      test,
      fold,
      floor,
      point === null ? null : { encoder, points: { vetoAbove: point, vetoChatAbove: chatPoint } },
    );
    const f = await measure(test, fold, floor);
    const b = await measure(test, null, floor);
    if (held === 'begin_chats') {
      chats = { a, f, b, threshold: fold.threshold, point, chatPoint };
      continue;
    }
    perSource.push(
      line(
        `  left out ${held} (threshold ${fmt(fold.threshold)}, veto ${fmt(point ?? 1)}, chat register ${fmt(chatPoint ?? point ?? 1)})`,
        a,
      ),
    );
    perSource.push(line(`  fast model alone on ${held}`, f));
    perSource.push(line(`  baseline on ${held}`, b));
    const pos = [...a.posScores].sort((x, y) => y - x);
    const cut = pos[Math.max(0, Math.ceil(0.9 * pos.length) - 1)] ?? 1;
    rankedFalse += a.negScores.filter((p) => p >= cut).length;
    rankedTurns += a.negScores.length;
    learned = learned ? add(learned, a) : a;
    fast = fast ? add(fast, f) : f;
    baseline = baseline ? add(baseline, b) : b;
  }
  console.log(
    `topic drift, leave one source out (SummEdits | HaluEval QA | HaluEval answers; training sources ${training.join(', ')}), held-out half of the user requests, ${proseOnly ? 'prose documents' : 'FIRST VERSION: every document, markup and verse fragments included'}:`,
  );
  if (learned) console.log(line('ContextGuard (learned + veto, left-out)', learned));
  if (fast) console.log(line('fast model alone (no semantic veto)', fast));
  if (baseline) console.log(line('baseline: TF-IDF centroid rule', baseline));
  for (const l of perSource) console.log(l);
  console.log(
    `ranked on the left-out sources' own switches (a threshold per source at 0.90 caught, not deployable): false drift ${fmt(rankedFalse / Math.max(1, rankedTurns))} of ${rankedTurns}`,
  );
  if (chats) {
    console.log(
      `user chat messages (BEGIN dialogues grouped by knowledge passage) left out, combiner fitted on the document sources${training.includes('begin_chats') ? ' (the shipped model also trains on them)' : ''}:`,
    );
    console.log(
      line(
        `  ContextGuard (threshold ${fmt(chats.threshold)}, veto ${fmt(chats.point ?? 1)}, chat register ${fmt(chats.chatPoint ?? chats.point ?? 1)})`,
        chats.a,
      ),
    );
    console.log(line('  fast model alone', chats.f));
    console.log(line('  baseline: TF-IDF centroid rule', chats.b));
  }
  const shippedVeto = shipped.vetoAbove === null ? null : { encoder, points: shipped };
  if (sources.length > 0) {
    const all = buildConversations(training, 'test', { proseOnly });
    console.log(
      line(
        'second line: shipped model, its training sources',
        await measure(all, shipped, floor, shippedVeto),
      ),
    );
  }
  if (proseOnly)
    for (const file of [
      'drift_chats.jsonl',
      'drift_chats_fresh.jsonl',
      'drift_chats_tasks.jsonl',
      'drift_chats_voice.jsonl',
      'drift_chats_short.jsonl',
    ])
      await chatProbe(shipped, floor, file, shippedVeto);
  await encoder.close();
}

/**
 * Chat probe: eval/data/drift_chats.jsonl holds 12 short user conversations of 4 turns, each turn a
 * natural follow-up of the ones before ("What role does chlorophyll play in it?"), and 6 stand-alone
 * requests, written for this probe and in no training set; drift_chats_fresh.jsonl is a second one
 * of the same shape (12 and 6), written on 2026-12-04 before the chat-message training source;
 * drift_chats_tasks.jsonl a third (12 and 6), task-oriented help requests (the pods, a trip,
 * a car, a spreadsheet, ...), written on 2026-12-05: its first five chats before the semantic veto
 * was measured, the other seven after it and before their scores were read; drift_chats_voice.jsonl
 * a fourth (12 and 6), written on 2026-12-05 (twenty-third session): its first six chats and their
 * requests before the chat-register veto point, whose idea their cosines gave, the other six after
 * it and before their scores were read. On-topic: each conversation as it is.
 * Switches: each conversation's first two turns, then the opening turn of the conversation six
 * places on (another_chat) or a stand-alone request (user_request). The document-built conversations
 * above cannot show this: their on-topic turns are a document's statements, while a user's
 * follow-ups are questions, as the switch requests are. Too small to tune on; it is a warning light.
 */
async function chatProbe(shipped: DriftModel, floor: number, file: string, veto: Veto | null): Promise<void> {
  const rows = readProbe<{ topic: string; turns: string[] }>(file);
  const chats = rows.filter((r) => r.topic !== 'request').map((r) => r.turns);
  const requests = rows.filter((r) => r.topic === 'request').map((r) => r.turns[0] ?? '');
  const probe: Pick<Conversation, 'turns' | 'switchAt' | 'switchKind'>[] = chats.map((turns) => ({
    turns,
    switchAt: null,
  }));
  chats.forEach((turns, i) => {
    const other = chats[(i + 6) % chats.length]?.[0] ?? '';
    probe.push({ turns: [...turns.slice(0, 2), other], switchAt: 2, switchKind: 'other_document' });
    const request = requests[i % requests.length] ?? '';
    probe.push({ turns: [...turns.slice(0, 2), request], switchAt: 2, switchKind: 'user_request' });
  });
  console.log(
    `chat probe (eval/data/${file}: ${chats.length} user conversations, written for it; other_document = another chat's opening turn):`,
  );
  console.log(line('  ContextGuard (shipped model and veto)', await measure(probe, shipped, floor, veto)));
  console.log(line('  fast model alone', await measure(probe, shipped, floor)));
  console.log(line('  baseline: TF-IDF centroid rule', await measure(probe, null, floor)));
  // The same switches one turn earlier: a user asks one thing, then something else.
  const early = probe
    .filter((c) => c.switchAt !== null)
    .map((c) => ({ ...c, turns: [c.turns[0] ?? '', c.turns[2] ?? ''], switchAt: 1 }));
  for (const [label, model, v] of [
    ['  switch at the second turn: ContextGuard', shipped, veto],
    ['  switch at the second turn: baseline', null, null],
  ] as const) {
    const t = await measure(early, model, floor, v);
    const kinds = Object.entries(t.switches).map(
      ([k, s]) => `${k} ${fmt(s.caught / Math.max(1, s.n))} (${s.n})`,
    );
    console.log(`${label.padEnd(40)} caught ${kinds.join(', ')}`);
  }
}

export async function run(): Promise<void> {
  await topicDrift(true);
  // The first version's conversations (every document), for comparison: CONTEXTGUARD_ALL_DOCUMENTS=1.
  if (process.env.CONTEXTGUARD_ALL_DOCUMENTS === '1') await topicDrift(false);
  const kv = new MemoryKeyValueStore();
  // The same wiring as the registry: SecurityGuard's injection detector scores the turn window.
  const guard = createContextGuard({ config: testConfig(), kv }, { injectionScorer });
  const ctx: GuardContext = {
    requestId: 'eval',
    signal: new AbortController().signal,
    logger: pino({ level: 'silent' }),
  };
  // Latency through the guard (session store included), on the conversations above.
  const times: number[] = [];
  for (const [i, c] of buildConversations(['summedits', 'halueval_qa', 'halueval_answers'], 'test')
    .slice(0, 200)
    .entries()) {
    for (const turn of c.turns) {
      const t0 = performance.now();
      const out = await guard.check({ session_id: `lat${i}`, text: turn, role: 'user' }, ctx);
      times.push(performance.now() - t0);
      void (out.data as ContextData);
    }
  }
  console.log(
    `  latency per turn (the semantic veto on flagged turns included; the first also loads the encoder): p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms  p99 ${fmt(percentile(times, 99))} ms`,
  );
  await multiTurnAttacks(guard, ctx);
  await guard.close?.();
  await kv.close();
}

/**
 * Multi-turn attacks: each attack prompt of injection/dev.jsonl is cut into three turns at word
 * boundaries and sent as three user turns; detection = the last turn is flagged or blocked.
 * The same prompts sent whole give the single-turn figure of the same scorer, the ceiling.
 * Benign prompts sent three in a row give the false-alarm rate.
 */
async function multiTurnAttacks(
  guard: ReturnType<typeof createContextGuard>,
  ctx: GuardContext,
): Promise<void> {
  const rows = readJsonl<InjectionRow>('injection/dev.jsonl');
  const attacks = rows.filter((r) => r.label === 'attack');
  const benign = rows.filter((r) => r.label === 'benign').slice(0, 900);
  // Topic drift is not an attack alarm: count injection and rule-override findings only.
  const alarm = (findings: { type: string }[]) =>
    findings.some((f) => f.type !== 'topic_drift' && f.type !== 'code_drift');
  let split = 0;
  let whole = 0;
  for (let i = 0; i < attacks.length; i++) {
    const words = (attacks[i]?.text ?? '').split(/\s+/);
    const third = Math.ceil(words.length / 3);
    let last: { type: string }[] = [];
    for (let k = 0; k < 3; k++) {
      const part = words.slice(k * third, (k + 1) * third).join(' ');
      last = (await guard.check({ session_id: `ma${i}`, text: part || '.', role: 'user' }, ctx)).findings;
    }
    if (alarm(last)) split++;
    if (
      alarm(
        (await guard.check({ session_id: `mw${i}`, text: attacks[i]?.text ?? '', role: 'user' }, ctx))
          .findings,
      )
    ) {
      whole++;
    }
  }
  let falseAlarms = 0;
  let sequences = 0;
  for (let i = 0; i + 2 < benign.length; i += 3) {
    let any = false;
    for (let k = 0; k < 3; k++) {
      const out = await guard.check(
        { session_id: `mb${i}`, text: benign[i + k]?.text ?? '', role: 'user' },
        ctx,
      );
      if (alarm(out.findings)) any = true;
    }
    if (any) falseAlarms++;
    sequences++;
  }
  console.log(
    `injection/dev.jsonl with SecurityGuard's injection scorer: ${attacks.length} attacks split over 3 turns, ` +
      `detected ${fmt(split / attacks.length)} (same prompts in one turn: ${fmt(whole / attacks.length)}); ` +
      `benign 3-turn sequences with an injection/rule finding: ${fmt(falseAlarms / sequences)} of ${sequences}`,
  );
}
