import type { TextEmbedder } from '../../semantic/encoder.js';
import { type DriftModel, dot } from './drift-model.js';

/**
 * The semantic veto: a second opinion on the turns the fast drift model flags. The fast model reads
 * words and word vectors; a user's follow-up question ("Should I raise the memory limit?" after a
 * talk of crashing pods) shares few of the session's words and often reads as a switch. A sentence
 * encoder (Universal Sentence Encoder Lite, trained on questions, answers and conversations) places
 * it near the session's earlier turns. A flagged turn whose cosine to the mean of the session's
 * earlier turns reaches the model's `vetoAbove` is on topic. The point is picked at training time so
 * that the veto lets go of at most VETO_LOSS of the training switches the fast model caught
 * (scripts/train-contextguard.ts); the encoder runs only on flagged turns, so it costs nothing on
 * the turns the fast model settles.
 *
 * Measured 2026-12-05 (eighteenth session, `npm run eval -- contextguard`: each document source
 * left out, its fold's combiner, threshold and veto point fitted on the others): false drift 0.060
 * -> 0.022 at switches caught 0.932 -> 0.916 (the fast model alone -> with the veto; the threshold
 * rule aims the fast model at 0.90 / (1 - VETO_LOSS), see scripts/train-contextguard.ts); BEGIN's
 * user messages left out 0.216 / 0.795 -> 0.203 / 0.795; the chat probes 0.250 -> 0.167 and 0.350
 * -> 0.250 false drift (caught 0.833 -> 0.833 and 0.917 -> 0.833). It helps least where help is
 * needed most: follow-ups of task-oriented chats sit 0.2-0.46 from their session, switches 0.14-0.19,
 * while the documents' hard switches (another film, another company) sit near 0.5, and the point
 * is set by them. Tried in scratch before this form (same judged turns): the cosine relative to the
 * session's own level (chat false drift lower, chat switches caught 0.78 -> 0.59), a logistic model
 * over the fast logit and three encoder cosines (summedits 0.052 -> 0.040, no chat gain).
 *
 * 2026-12-05 (twenty-third session): a second point for sessions in a user's chat voice
 * (chatRegister), fitted on BEGIN's user chats: 0.401. Leave-one-source-out 0.022 -> 0.020 false
 * drift at 0.916 caught; chat probes 0.167 / 0.250 / 0.305 -> 0.083 / 0.100 / 0.169 false drift
 * (caught 0.833 / 0.833 / 0.917 -> 0.833 / 0.792 / 0.917). Follow-ups at 0.2-0.4 stay flagged: real
 * chat switches reach 0.33 too (BEGIN's 98th percentile), so a lower point would cost switches.
 * Measured and not kept: the chat point at 5% of BEGIN's caught switches (0.331): headline 0.016
 * false drift at 0.907 caught (the 0.90 target with little margin), chat probes 0.033 / 0.083 /
 * 0.085 (caught 0.833 / 0.792 / 0.875); the same loss for both points keeps one rule.
 */

/**
 * A turn in a user's own voice: the first person ("my knee aches", "we're moving to Vite") or a
 * question. "us" and "me" are lower case only ("US", "ME" are places).
 */
const USER_VOICE =
  /\b(?:I|I'm|I've|I'd|I'll|I’m|[Mm]y|me|[Ww]e|[Ww]e're|[Ww]e've|[Ww]e’re|[Oo]ur|us)\b|\?\s*$/;
/** The veto's regular expressions, for the ReDoS test. */
export const VETO_REGEXES: readonly RegExp[] = [USER_VOICE];

/**
 * Whether a session reads as a user's chat: at least half of its turns (the newest VETO_HISTORY
 * and the current one) in the user's own voice. A user's follow-ups sit further from the session
 * in the encoder's space (0.2-0.46) than a document's sentences from each other, while a switch
 * to an unrelated request sits near 0.1-0.2 in both registers; so the chat register has its own
 * veto point, fitted on the chat-register switches of the training conversations.
 */
export function chatRegister(history: readonly string[], turn: string): boolean {
  const turns = [...history.slice(-VETO_HISTORY), turn];
  return turns.filter((t) => USER_VOICE.test(t)).length * 2 >= turns.length;
}

/** The veto's two points, as the drift model carries them. */
export type VetoPoints = Pick<DriftModel, 'vetoAbove' | 'vetoChatAbove'>;

/** The veto point for a session: the chat register's when the session reads as a chat and it has one. */
export function vetoPointFor(points: VetoPoints, history: readonly string[], turn: string): number | null {
  if (points.vetoAbove === null) return null;
  if (points.vetoChatAbove === null || !chatRegister(history, turn)) return points.vetoAbove;
  return Math.min(points.vetoAbove, points.vetoChatAbove);
}

/** Earlier turns the flagged turn is compared with (the newest). */
export const VETO_HISTORY = 12;
/** Share of the caught training switches the veto may overrule when its point is picked. */
export const VETO_LOSS = 0.02;

/**
 * Cosine of `turn` to the mean of `history` (each a unit vector) in the encoder's space, or null
 * when the encoder did not answer within the deadline or there is no history.
 */
export async function sessionSimilarity(
  encoder: TextEmbedder,
  keyspace: string,
  turn: string,
  history: readonly string[],
  deadlineMs: number,
): Promise<number | null> {
  const earlier = history.slice(-VETO_HISTORY);
  if (earlier.length === 0) return null;
  const v = await encoder.embed(keyspace, [...earlier, turn], deadlineMs);
  if (v === null) return null;
  const t = v[v.length - 1];
  if (!t) return null;
  const mean = new Float32Array(t.length);
  for (const h of v.slice(0, -1))
    for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] ?? 0) + (h[i] ?? 0);
  const norm = Math.sqrt(dot(mean, mean));
  return norm > 0 ? dot(t, mean) / norm : null;
}

/**
 * The veto point from the similarities of the training switches the fast model caught: the value
 * at or above which at most `loss` of them lie (they would be overruled).
 */
export function vetoPoint(caughtSwitchSimilarities: readonly number[], loss = VETO_LOSS): number | null {
  if (caughtSwitchSimilarities.length === 0) return null;
  const sorted = [...caughtSwitchSimilarities].sort((a, b) => b - a);
  const k = Math.floor(loss * sorted.length);
  // Just above the (k+1)-th highest: the k highest are overruled, no more.
  return (sorted[k] ?? 0) + 1e-6;
}
