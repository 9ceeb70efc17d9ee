import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from './db/types.js';
import type { FileStore } from './files/types.js';
import type { KeyValueStore } from './kv/types.js';

/**
 * `codeguardians storage check`: for each storage tier, connect, write, read back, delete and time
 * each step, so an operator sees at once which backend is unreachable, read-only or slow.
 */
export interface StepResult {
  step: 'connect' | 'write' | 'read' | 'delete';
  ok: boolean;
  ms: number;
  error?: string;
}

export interface TierCheck {
  tier: 'database' | 'cache' | 'files';
  backend: string;
  ok: boolean;
  steps: StepResult[];
}

async function steps(run: [StepResult['step'], () => Promise<void>][]): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const [step, fn] of run) {
    const t = performance.now();
    try {
      await fn();
      out.push({ step, ok: true, ms: Math.round((performance.now() - t) * 100) / 100 });
    } catch (err) {
      out.push({
        step,
        ok: false,
        ms: Math.round((performance.now() - t) * 100) / 100,
        error: (err as Error).message,
      });
      break;
    }
  }
  return out;
}

const expect = (ok: boolean, what: string) => {
  if (!ok) throw new Error(what);
};

export async function checkStorage(deps: {
  db: Database;
  kv: KeyValueStore;
  files: FileStore;
}): Promise<TierCheck[]> {
  const id = randomUUID();
  const value = `check-${id}`;
  const db = await steps([
    ['connect', () => deps.db.ping()],
    [
      'write',
      async () =>
        void (await deps.db.query('INSERT INTO storage_check (key, value) VALUES ($1, $2)', [id, value])),
    ],
    [
      'read',
      async () =>
        expect(
          (await deps.db.query('SELECT value FROM storage_check WHERE key = $1', [id]))[0]?.value === value,
          'read back a different value',
        ),
    ],
    [
      'delete',
      async () =>
        expect(
          (await deps.db.query('DELETE FROM storage_check WHERE key = $1 RETURNING key', [id])).length === 1,
          'nothing deleted',
        ),
    ],
  ]);
  const kvKey = `storage-check:_system:${id}`;
  const kv = await steps([
    ['connect', () => deps.kv.ping()],
    ['write', () => deps.kv.set(kvKey, value, 60)],
    ['read', async () => expect((await deps.kv.get(kvKey)) === value, 'read back a different value')],
    ['delete', async () => expect(await deps.kv.del(kvKey), 'nothing deleted')],
  ]);
  const fileKey = `storage-check/${id}.txt`;
  const files = await steps([
    ['connect', () => deps.files.ping()],
    [
      'write',
      async () =>
        void (await deps.files.put('_system', fileKey, Readable.from([value]), {
          contentType: 'text/plain',
        })),
    ],
    [
      'read',
      async () => {
        const chunks: Buffer[] = [];
        for await (const c of (await deps.files.get('_system', fileKey)).body) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).toString('utf8') === value, 'read back different bytes');
      },
    ],
    ['delete', async () => expect(await deps.files.delete('_system', fileKey), 'nothing deleted')],
  ]);
  const tier = (name: TierCheck['tier'], backend: string, s: StepResult[]): TierCheck => ({
    tier: name,
    backend,
    ok: s.length === 4 && s.every((x) => x.ok),
    steps: s,
  });
  const label = (s: { kind: string; mode: string; detail?: string }) =>
    `${s.kind} (${s.mode})${s.detail ? ` ${s.detail}` : ''}`;
  return [
    tier('database', label(deps.db.status()), db),
    tier('cache', label(deps.kv.status()), kv),
    tier('files', label(deps.files.status()), files),
  ];
}

/** The human-readable report, one line per tier, like the original's validation script. */
export function formatCheck(results: TierCheck[]): string {
  return results
    .map((r) => {
      const detail = r.steps
        .map((s) => `${s.step} ${s.ok ? `${s.ms} ms` : `FAILED (${s.error})`}`)
        .join(', ');
      return `${r.ok ? 'OK  ' : 'FAIL'} ${r.tier.padEnd(8)} ${r.backend}: ${detail}`;
    })
    .join('\n');
}
