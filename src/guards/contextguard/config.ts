import { z } from 'zod';
import { bool, int, ratio } from '../../util/env-schema.js';

/** ContextGuard's settings (merged into the one environment schema by the registry). */
export const contextguardConfig = z.object({
  CONTEXTGUARD_TTL_SECONDS: int(3600, 1),
  CONTEXTGUARD_MAX_TURNS: int(50, 1, 10_000),
  CONTEXTGUARD_MAX_BYTES: int(256 * 1024, 1024),
  CONTEXTGUARD_ATTACK_WINDOW: int(4, 1, 50),
  // How much of the earlier user turns (their last characters) is read with the current turn for
  // attacks split across turns: the pieces of a split attack sit next to each other, and the
  // window's injection analysis is this guard's main cost (linear in the window's length).
  CONTEXTGUARD_ATTACK_CONTEXT_CHARS: int(1024, 0, 1_000_000),
  CONTEXTGUARD_DRIFT_MIN_SIMILARITY: ratio(0.05),
  CONTEXTGUARD_FLAG_THRESHOLD: ratio(0.5),
  CONTEXTGUARD_BLOCK_THRESHOLD: ratio(0.85),
  // Input cap in characters (413 past it): this guard does the most work per character.
  CONTEXTGUARD_MAX_CHARS: int(262_144, 1),
  // A second opinion from a sentence encoder on turns the drift model flags (semantic-veto.ts): it
  // runs in a worker thread, only on flagged turns, and the flag stands when it has not answered
  // within the deadline (the first call also loads the model, about 1 s).
  CONTEXTGUARD_SEMANTIC_VETO: bool(true),
  CONTEXTGUARD_SEMANTIC_DEADLINE_MS: int(1500, 1, 60_000),
});
