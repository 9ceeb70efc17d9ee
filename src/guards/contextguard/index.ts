import { z } from 'zod';
import { SentenceEncoder, type TextEmbedder } from '../../semantic/encoder.js';
import {
  type AnyGuard,
  clamp01,
  defineGuard,
  type Finding,
  type GuardContext,
  thresholdsFor,
  type Verdict,
} from '../contract.js';
import type { GuardDeps } from '../deps.js';
import { type CodeDrift, codeDrift } from './code-drift.js';
import { type TopicDrift, updateTopic } from './drift.js';
import { loadDriftModel } from './drift-model.js';
import type { InjectionScorer } from './injection.js';
import { ruleOverride } from './rules.js';
import { sessionSimilarity, VETO_HISTORY, type VetoPoints, vetoPointFor } from './semantic-veto.js';
import { emptySessionState, SessionStore } from './session.js';

/** What the guard does, as /api/v1/guards/services lists it (also for a remote instance). */
export const CONTEXTGUARD_DESCRIPTION =
  'Conversation memory with topic drift, code drift, multi-turn attack and rule-persistence checks.';

export type { InjectionScorer } from './injection.js';

export const contextPayloadSchema = z.object({
  session_id: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'The conversation this turn belongs to (else the call session_id, else the signed-in user); without one the turn is checked on its own and nothing is stored',
    ),
  text: z.string(),
  role: z.enum(['user', 'assistant', 'system']).default('user'),
  context: z.string().optional(),
  current_code: z.string().optional(),
  previous_code: z.string().optional(),
});
export type ContextPayload = z.output<typeof contextPayloadSchema>;

export interface ContextData {
  /** null when the call named no session: the turn was checked on its own and not stored. */
  session_id: string | null;
  turn_count: number;
  topic_drift: TopicDrift | null;
  code_drift: CodeDrift | null;
  multi_turn: { score: number; window_turns: number; split_attack: boolean };
  rule_override: boolean;
}

export interface ContextGuardOptions {
  /** Scores a window of user turns (SecurityGuard's injection model, injected by the registry). */
  injectionScorer: InjectionScorer;
  /**
   * The semantic veto's encoder: the process's one (GuardModuleDeps.embedder). Absent, the guard
   * starts and closes its own (evaluations, benchmarks, tests); with the veto off, none is used.
   */
  encoder?: TextEmbedder;
}

/** Risk weights of each check, combined by noisy-OR. */
const DRIFT_RISK = { medium: 0.3, high: 0.5 } as const;
const CODE_DRIFT_RISK = 0.5;
const ATTACK_THRESHOLD = 0.5;

export function createContextGuard(
  deps: Pick<GuardDeps, 'config' | 'kv'>,
  options: ContextGuardOptions,
): AnyGuard {
  const { config } = deps;
  const store = new SessionStore(deps.kv, {
    ttlSeconds: config.CONTEXTGUARD_TTL_SECONDS,
    maxTurns: config.CONTEXTGUARD_MAX_TURNS,
    maxBytes: config.CONTEXTGUARD_MAX_BYTES,
  });
  const scorer = options.injectionScorer;
  const drift = loadDriftModel();
  const points: VetoPoints = {
    vetoAbove: drift?.vetoAbove ?? null,
    vetoChatAbove: drift?.vetoChatAbove ?? null,
  };
  const vetoOn = config.CONTEXTGUARD_SEMANTIC_VETO && points.vetoAbove !== null;
  const own = vetoOn && !options.encoder ? new SentenceEncoder() : null;
  const encoder: TextEmbedder | null = vetoOn ? (options.encoder ?? own) : null;

  return defineGuard({
    name: 'contextguard',
    description: CONTEXTGUARD_DESCRIPTION,
    payloadSchema: contextPayloadSchema,
    async check(payload: ContextPayload, ctx: GuardContext) {
      const namespace = ctx.organizationId ?? 'default';
      // No session named (no session_id, no signed-in user): the call is not part of a
      // conversation. Joining every such call of an organization into one shared session would read
      // unrelated end users' messages as one conversation (false drift, "split attacks" across
      // users), so the turn is checked on its own and nothing is stored.
      const session = payload.session_id ?? ctx.sessionId ?? ctx.userId ?? null;
      const findings: Finding[] = [];
      let keep = 1;
      const turn = { role: payload.role, text: payload.text, at: Date.now() };
      const state = session === null ? emptySessionState() : await store.state(namespace, session);
      const turnCount = session === null ? 1 : await store.append(namespace, session, turn);

      // Topic drift (system turns set rules and do not move the topic). A turn checked on its own
      // has no earlier turn to drift from and its topic is not kept, so there is nothing to work out.
      let topic: TopicDrift | null = null;
      if (payload.role !== 'system' && session !== null) {
        const topicText =
          payload.context && state.topic.n === 0 ? `${payload.context}\n${payload.text}` : payload.text;
        let r = updateTopic(state.topic, topicText, {
          minSimilarity: config.CONTEXTGUARD_DRIFT_MIN_SIMILARITY,
        });
        if (r.drift?.drifted && !r.drift.announced && encoder && points.vetoAbove !== null) {
          // The current turn is already stored: its predecessors are the history.
          const earlier = (await store.turns(namespace, session, VETO_HISTORY + 1))
            .slice(0, -1)
            .filter((t) => t.role !== 'system')
            .map((t) => t.text);
          const similarity = await sessionSimilarity(
            encoder,
            namespace,
            topicText,
            earlier,
            config.CONTEXTGUARD_SEMANTIC_DEADLINE_MS,
          );
          const point = vetoPointFor(points, earlier, topicText);
          if (similarity !== null && point !== null && similarity >= point && r.overrule) r = r.overrule();
          if (similarity !== null && r.drift) r.drift.semantic_similarity = round(similarity);
        }
        topic = r.drift;
        state.topic = r.state;
        if (topic?.drifted) {
          const risk = topic.severity === 'high' ? DRIFT_RISK.high : DRIFT_RISK.medium;
          keep *= 1 - risk;
          findings.push({
            type: 'topic_drift',
            category: 'drift',
            severity: topic.severity,
            confidence: topic.probability ?? clamp01(1 - topic.similarity / Math.max(topic.threshold, 1e-6)),
            message:
              topic.probability !== undefined
                ? `topic changed (switch probability ${topic.probability}, threshold ${topic.threshold}); gained: ${topic.terms_gained.join(', ')}`
                : `topic changed (similarity ${topic.similarity} < ${topic.threshold}); gained: ${topic.terms_gained.join(', ')}`,
            data: {
              terms_lost: topic.terms_lost,
              terms_gained: topic.terms_gained,
              recommendation: topic.recommendation,
            },
          });
        }
      } else if (payload.role === 'system') {
        state.rules.push(payload.text);
      }

      // Code drift against previous_code, else the session's last code.
      let code: CodeDrift | null = null;
      if (payload.current_code !== undefined) {
        const baseline = payload.previous_code ?? state.lastCode;
        if (baseline !== null) {
          code = codeDrift(
            baseline,
            payload.current_code,
            payload.previous_code !== undefined ? 'previous_code' : 'session',
          );
          if (code.severity === 'high') keep *= 1 - CODE_DRIFT_RISK;
          if (code.severity === 'high' || code.severity === 'medium') {
            findings.push({
              type: 'code_drift',
              category: 'drift',
              severity: code.severity,
              confidence: code.drift_ratio,
              message: `${code.added.length} lines added, ${code.removed.length} removed, ${code.common} kept`,
              data: { drift_ratio: code.drift_ratio },
            });
          }
        }
        state.lastCode = payload.current_code;
      }

      // Multi-turn attacks: the injection scorer over the recent user turns joined together.
      let multi = { score: 0, window_turns: 0, split_attack: false };
      if (payload.role === 'user') {
        const window =
          session === null
            ? [turn]
            : await store.recentTurns(namespace, session, 'user', config.CONTEXTGUARD_ATTACK_WINDOW);
        const joined = joinWindow(
          window.map((t) => t.text),
          config.CONTEXTGUARD_ATTACK_CONTEXT_CHARS,
        );
        const whole = scorer(joined);
        const alone = scorer(payload.text);
        const split = whole.score >= ATTACK_THRESHOLD && alone.score < ATTACK_THRESHOLD && window.length > 1;
        multi = {
          score: round(Math.max(whole.score, alone.score)),
          window_turns: window.length,
          split_attack: split,
        };
        if (multi.score >= ATTACK_THRESHOLD) {
          keep *= 1 - multi.score;
          const offset = joined.length - payload.text.length;
          const source = split ? whole.findings : alone.findings;
          for (const f of source) {
            const span = split ? mapSpan(f.span, offset, payload.text.length) : f.span;
            findings.push({
              ...f,
              type: split ? 'multi_turn_injection' : f.type,
              message: split ? `${f.message} (spread over ${window.length} user turns)` : f.message,
              span,
              data: { ...f.data, window_turns: window.length },
            });
          }
        }
      }

      // Rule persistence: a later turn redefining rules a system turn set.
      const override = payload.role === 'system' ? null : ruleOverride(payload.text, state.rules);
      if (override) {
        keep *= 1 - override.confidence;
        findings.push(override);
      }

      if (session !== null) await store.saveState(namespace, session, state);
      const risk = clamp01(1 - keep);
      const limits = thresholdsFor(ctx, {
        flag: config.CONTEXTGUARD_FLAG_THRESHOLD,
        block: config.CONTEXTGUARD_BLOCK_THRESHOLD,
      });
      const verdict: Verdict = risk >= limits.block ? 'block' : risk >= limits.flag ? 'flag' : 'allow';
      const data: ContextData = {
        session_id: session,
        turn_count: turnCount,
        topic_drift: topic,
        code_drift: code,
        multi_turn: multi,
        rule_override: override !== null,
      };
      return { verdict, score: round(risk), findings, data };
    },
    async health() {
      // Without its encoder the guard still answers (the fast model's flags stand), so degraded.
      const failure = encoder?.failure ?? null;
      return failure === null
        ? { status: 'healthy' }
        : { status: 'degraded', detail: `semantic veto unavailable: ${failure}` };
    },
    async close() {
      await own?.close();
    },
  });
}

/** The window's turns joined by newlines, the earlier ones cut to their last `contextChars` characters. */
export function joinWindow(texts: readonly string[], contextChars: number): string {
  const current = texts[texts.length - 1] ?? '';
  const earlier = texts.slice(0, -1).join('\n');
  if (earlier.length === 0) return current;
  const lead = earlier.length > contextChars ? earlier.slice(earlier.length - contextChars) : earlier;
  return lead.length > 0 ? `${lead}\n${current}` : current;
}

/** Maps a span in the joined window onto the current turn; undefined when it lies in earlier turns only. */
function mapSpan(span: Finding['span'], offset: number, length: number): Finding['span'] {
  if (!span || span.end <= offset) return undefined;
  return { start: Math.max(0, span.start - offset), end: Math.min(length, span.end - offset) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
