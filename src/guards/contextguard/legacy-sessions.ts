import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Config } from '../../config.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { stateKey, turnsKey } from './keys.js';
import { ContextMemory } from './memory.js';
import { MAX_MEMORY_KEYS } from './routes.js';
import { type Role, SessionStore } from './session.js';

/**
 * `codeguardians migrate-data sessions PATH`: imports the original service's file-based
 * conversation sessions into ContextGuard's session store in Redis (or whichever key-value store
 * is configured), under the organization's namespace, so conversations continue after the move.
 *
 * The original's storage design does not specify the file layout; the format assumed here (and
 * documented in docs/storage.md) is one JSON file per session in a folder (`sessions/<id>.json`),
 * or one file holding an array of sessions or `{"sessions": [...]}`:
 *
 *   { "session_id": "abc", "organization_id"?: "org", "user_id"?: "u1",
 *     "conversation_history" | "messages" | "history" | "turns": [
 *        { "role": "user" | "assistant" | "system", "content" | "text" | "message": "...",
 *          "timestamp"?: ISO text or Unix seconds } ],
 *     "system_rules" | "rules"?: ["..."], "context" | "memory"?: { "key": any JSON } }
 *
 * Idempotent: a session whose turns already exist in the store is left alone (counted as
 * existing), and a memory key that exists is not overwritten. A dry run reads and counts only.
 */

export interface SessionImportReport {
  source: string;
  dry_run: boolean;
  files: number;
  sessions_read: number;
  sessions_imported: number;
  sessions_existing: number;
  turns_imported: number;
  memory_keys_imported: number;
  memory_keys_existing: number;
  invalid: { file: string; reason: string }[];
}

interface LegacyTurn {
  role: Role;
  text: string;
  at: number;
}

interface LegacySession {
  id: string;
  organizationId: string | undefined;
  turns: LegacyTurn[];
  rules: string[];
  memory: Record<string, unknown>;
}

const ROLES = new Set<Role>(['user', 'assistant', 'system']);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function timeOf(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e12 ? v : v * 1000;
  if (typeof v === 'string') {
    const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(v) ? `${v.replace(' ', 'T')}Z` : v);
    if (!Number.isNaN(t)) return t;
  }
  return fallback;
}

/** One session record, or the reason it cannot be imported. */
export function parseLegacySession(raw: unknown, fallbackId?: string): LegacySession | string {
  if (!isObject(raw)) return 'not a JSON object';
  const id = raw.session_id ?? raw.id ?? fallbackId;
  if (typeof id !== 'string' || id.length === 0 || id.length > 256) return 'no session_id';
  const list = raw.conversation_history ?? raw.messages ?? raw.history ?? raw.turns ?? [];
  if (!Array.isArray(list)) return 'the conversation history is not a list';
  const created = timeOf(raw.created_at, Date.now());
  const turns: LegacyTurn[] = [];
  for (const [i, t] of list.entries()) {
    if (!isObject(t)) return `turn ${i} is not an object`;
    const role = typeof t.role === 'string' ? (t.role.toLowerCase() as Role) : 'user';
    const text = t.content ?? t.text ?? t.message;
    if (!ROLES.has(role)) return `turn ${i} has role '${String(t.role)}'`;
    if (typeof text !== 'string') return `turn ${i} has no text`;
    turns.push({ role, text, at: timeOf(t.timestamp ?? t.at ?? t.created_at, created) });
  }
  const rulesRaw = raw.system_rules ?? raw.rules ?? [];
  const rules = Array.isArray(rulesRaw) ? rulesRaw.filter((r): r is string => typeof r === 'string') : [];
  const memoryRaw = raw.context ?? raw.memory ?? {};
  const org = raw.organization_id;
  return {
    id,
    organizationId: typeof org === 'string' && org.length > 0 ? org : undefined,
    turns,
    rules,
    memory: isObject(memoryRaw) ? memoryRaw : {},
  };
}

/** The JSON files under `path` (a folder, read one level deep and its `sessions/` folder), or the file itself. */
async function sessionFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const out: string[] = [];
  for (const dir of [path, join(path, 'sessions')]) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isFile() && /\.json$/i.test(e.name)) out.push(join(dir, e.name));
  }
  return out.sort();
}

export async function importLegacySessions(
  kv: KeyValueStore,
  config: Pick<Config, 'CONTEXTGUARD_TTL_SECONDS' | 'CONTEXTGUARD_MAX_TURNS' | 'CONTEXTGUARD_MAX_BYTES'>,
  path: string,
  options: { organizationId: string; dryRun: boolean },
): Promise<SessionImportReport> {
  const store = new SessionStore(kv, {
    ttlSeconds: config.CONTEXTGUARD_TTL_SECONDS,
    maxTurns: config.CONTEXTGUARD_MAX_TURNS,
    maxBytes: config.CONTEXTGUARD_MAX_BYTES,
  });
  const memory = new ContextMemory(kv, {
    defaultTtlSeconds: config.CONTEXTGUARD_TTL_SECONDS,
    maxValueBytes: config.CONTEXTGUARD_MAX_BYTES,
    maxKeys: MAX_MEMORY_KEYS,
  });
  const report: SessionImportReport = {
    source: path,
    dry_run: options.dryRun,
    files: 0,
    sessions_read: 0,
    sessions_imported: 0,
    sessions_existing: 0,
    turns_imported: 0,
    memory_keys_imported: 0,
    memory_keys_existing: 0,
    invalid: [],
  };
  for (const file of await sessionFiles(path)) {
    report.files++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      report.invalid.push({ file, reason: `not JSON: ${(err as Error).message}` });
      continue;
    }
    const records = Array.isArray(parsed)
      ? parsed
      : isObject(parsed) && Array.isArray(parsed.sessions)
        ? parsed.sessions
        : [parsed];
    const single = records.length === 1;
    for (const [i, raw] of records.entries()) {
      const session = parseLegacySession(raw, single ? basename(file, '.json') : undefined);
      const where = single ? file : `${file}#${i}`;
      if (typeof session === 'string') {
        report.invalid.push({ file: where, reason: session });
        continue;
      }
      report.sessions_read++;
      // Every key carries its organization: the file's own, else the one named on the command line.
      const namespace = session.organizationId ?? options.organizationId;
      const existing = await kv.listRange(turnsKey(namespace, session.id));
      if (existing.length > 0 || (await kv.get(stateKey(namespace, session.id))) !== null) {
        report.sessions_existing++;
      } else {
        report.sessions_imported++;
        // Only the newest turns fit the store's bound; the oldest are the ones dropped.
        const kept = session.turns.slice(-config.CONTEXTGUARD_MAX_TURNS);
        report.turns_imported += kept.length;
        if (!options.dryRun) {
          for (const turn of kept) await store.append(namespace, session.id, turn);
          if (session.rules.length > 0) {
            const state = await store.state(namespace, session.id);
            await store.saveState(namespace, session.id, { ...state, rules: session.rules });
          }
        }
      }
      for (const [key, value] of Object.entries(session.memory)) {
        if ((await memory.get(namespace, key)) !== null) {
          report.memory_keys_existing++;
          continue;
        }
        report.memory_keys_imported++;
        if (!options.dryRun) await memory.set(namespace, key, value);
      }
    }
  }
  return report;
}
