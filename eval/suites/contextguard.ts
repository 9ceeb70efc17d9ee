/**
 * ContextGuard topic-drift evaluation, built from the knowledge paragraphs of HaluEval QA
 * (each row joins two Wikipedia paragraphs). A session is fed the first sentences of one
 * paragraph; the probe turn is either the next sentence of the same paragraph (a continuation,
 * which must not drift) or a sentence from another row's paragraph (a switch, which must).
 * Reports the false-drift rate on continuations and the detection rate on switches.
 */
import pino from 'pino';
import { testConfig } from '../../src/config.js';
import { type ContextData, createContextGuard } from '../../src/guards/contextguard/index.js';
import type { GuardContext } from '../../src/guards/contract.js';
import { injectionScorer } from '../../src/guards/securityguard/scanners.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { splitSentences } from '../../src/text/sentences.js';
import { readJsonl } from '../lib/datasets.js';
import { fmt, percentile } from '../lib/metrics.js';

export const name = 'contextguard';

interface QaRow {
  knowledge: string;
}
interface InjectionRow {
  text: string;
  label: 'attack' | 'benign';
}

/** Paragraphs are joined without a space ("...century.First for Women..."). */
const paragraphs = (knowledge: string): string[] =>
  knowledge.split(/(?<=[a-z0-9)"'][.!?])(?=[A-Z])/).filter((p) => p.trim().length > 0);

export async function run(): Promise<void> {
  const kv = new MemoryKeyValueStore();
  // The same wiring as the registry: SecurityGuard's injection detector scores the turn window.
  const guard = createContextGuard({ config: testConfig(), kv }, { injectionScorer });
  const ctx: GuardContext = {
    requestId: 'eval',
    signal: new AbortController().signal,
    logger: pino({ level: 'silent' }),
  };
  const rows = readJsonl<QaRow>('hallucination/halueval_qa_dev.jsonl');
  const sessions = rows
    .flatMap((r) => paragraphs(r.knowledge).map((p) => splitSentences(p).map((s) => s.text)))
    .filter((s) => s.length >= 2);
  const times: number[] = [];
  const probe = async (id: string, history: string[], turn: string): Promise<boolean> => {
    for (const h of history) await guard.check({ session_id: id, text: h, role: 'user' }, ctx);
    const t0 = performance.now();
    const out = await guard.check({ session_id: id, text: turn, role: 'user' }, ctx);
    times.push(performance.now() - t0);
    return (out.data as ContextData).topic_drift?.drifted ?? false;
  };
  let falseDrift = 0;
  let detected = 0;
  let detectedLater = 0;
  let continuations = 0;
  let switches = 0;
  for (let i = 0; i < sessions.length; i++) {
    const s = sessions[i] ?? [];
    const other = sessions[(i + 7) % sessions.length] ?? [];
    const history = s.slice(0, Math.min(3, s.length - 1));

    const next = s[history.length] ?? '';
    if (await probe(`c${i}`, history, next)) falseDrift++;
    continuations++;
    // A switch usually names its new subject, as a paragraph's lead sentence does; a later sentence
    // of another paragraph (often opening with a pronoun) is reported too, as the harder case.
    if (await probe(`s${i}`, history, other[0] ?? '')) detected++;
    if (await probe(`l${i}`, history, other[1] ?? '')) detectedLater++;
    switches++;
  }
  console.log(
    `halueval_qa knowledge paragraphs: ${continuations} continuations, ${switches} switches; ` +
      `false-drift rate ${fmt(falseDrift / continuations)}  switch detection rate ${fmt(detected / switches)} ` +
      `(lead sentence of another paragraph), ${fmt(detectedLater / switches)} (its second sentence)`,
  );
  console.log(
    `  latency per turn: p50 ${fmt(percentile(times, 50))} ms  p95 ${fmt(percentile(times, 95))} ms`,
  );
  await multiTurnAttacks(guard, ctx);
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
