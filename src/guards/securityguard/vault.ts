import type { KeyValueStore } from '../../storage/kv/types.js';
import {
  emptyPlaceholderState,
  type PlaceholderState,
  type RedactableEntity,
  type RedactionResult,
  redact,
  restorePlaceholders,
} from './redact.js';

/**
 * The reversible placeholder vault: per session, the placeholder -> original mapping lives in the
 * key-value store under `securityguard:vault:{session}` with a TTL (SECURITYGUARD_VAULT_TTL_SECONDS),
 * refreshed on every write, so a model's answer can be de-anonymized within that window.
 * Two concurrent redactions in one session may race on the read-modify-write; the later write wins
 * and earlier placeholders of that request are then not restorable (acceptable for one chat session).
 */
export const vaultKey = (session: string): string => `securityguard:vault:${session}`;

export interface Vault {
  /** Redacts with numbered placeholders and records them for the session. */
  redact(text: string, entities: readonly RedactableEntity[], session: string): Promise<RedactionResult>;
  /** Restores the originals of this session's placeholders in `text`. */
  deanonymize(text: string, session: string): Promise<string>;
  /** Forgets a session's mapping. */
  clear(session: string): Promise<void>;
}

async function load(kv: KeyValueStore, session: string): Promise<PlaceholderState> {
  const raw = await kv.get(vaultKey(session));
  if (!raw) return emptyPlaceholderState();
  try {
    const parsed = JSON.parse(raw) as Partial<PlaceholderState>;
    return { counters: parsed.counters ?? {}, values: parsed.values ?? {} };
  } catch {
    return emptyPlaceholderState();
  }
}

export function createVault(kv: KeyValueStore, ttlSeconds = 3600): Vault {
  return {
    async redact(text, entities, session) {
      const state = await load(kv, session);
      const result = redact(text, entities, { mode: 'placeholder', state });
      if (result.replacements.length > 0) await kv.set(vaultKey(session), JSON.stringify(state), ttlSeconds);
      return result;
    },
    async deanonymize(text, session) {
      const state = await load(kv, session);
      return restorePlaceholders(text, state);
    },
    async clear(session) {
      await kv.del(vaultKey(session));
    },
  };
}

/** One-shot form: `deanonymize(text, session, kv)` with the session's stored mapping. */
export async function deanonymize(text: string, session: string, kv: KeyValueStore): Promise<string> {
  return restorePlaceholders(text, await load(kv, session));
}
