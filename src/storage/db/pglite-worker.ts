import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Results } from '@electric-sql/pglite';
import {
  type FromDbThread,
  type PgliteWorkerData,
  type ToDbThread,
  toWireError,
  type WireResults,
} from './pglite-protocol.js';

/**
 * The thread that owns the embedded database (see PgliteThread in pglite-thread.ts). PostgreSQL's
 * WebAssembly runs here, so a batch of writes or a slow query never holds the gateway's event loop.
 * Messages are served one at a time in arrival order, as one connection would serve them.
 */

// See useBaselineWasmCompiler in pglite.ts: the same trade of speed for memory, set before compiling.
setFlagsFromString('--liftoff-only');

const port = parentPort;
if (!port) throw new Error('pglite-worker.ts runs in a worker thread');
const { dataDir, settings } = workerData as PgliteWorkerData;
const send = (message: FromDbThread) => port.postMessage(message);

const raw = (value: string) => value;
const wire = (r: Results<unknown>): WireResults => ({
  rows: r.rows,
  affectedRows: r.affectedRows,
  fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
});

async function serve(db: PGlite, m: ToDbThread): Promise<FromDbThread> {
  try {
    switch (m.op) {
      case 'query': {
        const parsers = Object.fromEntries(m.rawTypes.map((oid) => [oid, raw]));
        const r = await db.query(m.sql, m.params, { ...(m.rowMode ? { rowMode: m.rowMode } : {}), parsers });
        return { type: 'done', id: m.id, results: [wire(r)] };
      }
      case 'exec':
        return { type: 'done', id: m.id, results: (await db.exec(m.sql)).map(wire) };
      case 'close':
        if (!db.closed) await db.close();
        return { type: 'done', id: m.id, results: [] };
    }
  } catch (err) {
    return { type: 'failed', id: m.id, error: toWireError(err) };
  }
}

/**
 * One full collection once the open has settled. Opening leaves the first start's initdb instance
 * (hundreds of megabytes of WebAssembly memory) and the module's file bytes for the collector; a
 * thread that then allocates almost nothing never triggers a collection and would keep them
 * resident (`npm run bench -- memory`, first start: idle RSS 620-720 MB without, 370 MB with; a
 * collection right at the open, before the references drop, frees nothing).
 */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

try {
  const db = await PGlite.create(dataDir ?? 'memory://', { postgresqlconf: settings });
  // One at a time, in order: a chain of promises, so a transaction's statements are never reordered.
  let tail: Promise<void> = Promise.resolve();
  port.on('message', (m: ToDbThread) => {
    tail = tail.then(async () => send(await serve(db, m)));
  });
  send({ type: 'ready' });
  setTimeout(collectGarbage, 100).unref();
} catch (err) {
  send({ type: 'open-failed', error: toWireError(err) });
}
