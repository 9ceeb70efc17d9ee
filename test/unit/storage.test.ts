import { PgliteDatabase } from '../../src/storage/db/pglite.js';
import { MemoryKeyValueStore } from '../../src/storage/kv/memory.js';
import { dbContract } from '../contract/db.contract.js';
import { kvContract } from '../contract/kv.contract.js';

// Handler errors are part of the contract run; keep them out of the test output.
kvContract('memory', async () => new MemoryKeyValueStore(Date.now, 30_000, () => undefined));

dbContract('pglite (in memory)', async () => {
  const db = await PgliteDatabase.open();
  return { open: async () => db, dispose: () => db.close() };
});

// The gateway's embedded database runs on its own thread (PGLITE_THREAD): the same contract.
dbContract('pglite (on its own thread)', async () => {
  const db = await PgliteDatabase.open(undefined, { thread: true });
  return { open: async () => db, dispose: () => db.close() };
});
