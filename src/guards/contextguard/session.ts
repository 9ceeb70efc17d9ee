import type { KeyValueStore } from '../../storage/kv/types.js';
import { emptyTopicState, type TopicState } from './drift.js';
import { stateKey, turnsKey } from './keys.js';

export type Role = 'user' | 'assistant' | 'system';

export interface Turn {
  role: Role;
  text: string;
  at: number;
}

/** Per-session state besides the turns: topic centroid, rules set by system turns, the last code. */
export interface SessionState {
  topic: TopicState;
  rules: string[];
  lastCode: string | null;
}

export interface SessionLimits {
  ttlSeconds: number;
  maxTurns: number;
  maxBytes: number;
}

const MAX_RULES = 10;

export const emptySessionState = (): SessionState => ({
  topic: emptyTopicState(),
  rules: [],
  lastCode: null,
});

/**
 * A conversation session in the shared key-value store. Turns are appended with `listPush`
 * (atomic, bounded, TTL refreshed), so replicas sharing Redis see one ordered history. Each turn
 * is cut to maxBytes / maxTurns, which keeps the whole list under maxBytes. The derived state is
 * one JSON value (last writer wins; it is a summary that tolerates a lost update).
 */
export class SessionStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly limits: SessionLimits,
  ) {}

  private get turnBytes(): number {
    return Math.max(256, Math.floor(this.limits.maxBytes / this.limits.maxTurns));
  }

  async append(namespace: string, session: string, turn: Turn): Promise<number> {
    const text = truncateBytes(turn.text, this.turnBytes - 64);
    return this.kv.listPush(
      turnsKey(namespace, session),
      JSON.stringify({ ...turn, text }),
      this.limits.maxTurns,
      this.limits.ttlSeconds,
    );
  }

  /** The session's turns, oldest first; with `last`, only the newest `last`. */
  async turns(namespace: string, session: string, last?: number): Promise<Turn[]> {
    const out: Turn[] = [];
    for (const raw of await this.kv.listRange(turnsKey(namespace, session), last)) {
      try {
        out.push(JSON.parse(raw) as Turn);
      } catch {
        // A corrupt entry is skipped rather than failing the whole session.
      }
    }
    return out;
  }

  /**
   * The newest `count` turns of `role`, oldest first. Reads the list's tail (twice `count` turns,
   * enough when users and the assistant alternate) and the whole list only when the tail holds too
   * few: a 50-turn session of 1 KB turns is 50 KB to fetch and parse for the 4 turns the
   * multi-turn window reads.
   */
  async recentTurns(namespace: string, session: string, role: Role, count: number): Promise<Turn[]> {
    const tail = 2 * count;
    const recent = await this.turns(namespace, session, tail);
    let mine = recent.filter((t) => t.role === role);
    if (mine.length < count && recent.length === tail)
      mine = (await this.turns(namespace, session)).filter((t) => t.role === role);
    return mine.slice(-count);
  }

  async state(namespace: string, session: string): Promise<SessionState> {
    const raw = await this.kv.get(stateKey(namespace, session));
    if (raw) {
      try {
        return JSON.parse(raw) as SessionState;
      } catch {
        // Fall through to a fresh state.
      }
    }
    return emptySessionState();
  }

  async saveState(namespace: string, session: string, state: SessionState): Promise<void> {
    const bounded: SessionState = {
      ...state,
      rules: state.rules.slice(-MAX_RULES).map((r) => truncateBytes(r, 2000)),
      lastCode:
        state.lastCode === null ? null : truncateBytes(state.lastCode, Math.floor(this.limits.maxBytes / 4)),
    };
    await this.kv.set(stateKey(namespace, session), JSON.stringify(bounded), this.limits.ttlSeconds);
  }
}

export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let cut = text.slice(0, maxBytes);
  while (Buffer.byteLength(cut) > maxBytes) cut = cut.slice(0, -1);
  return cut;
}
