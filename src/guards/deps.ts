import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';

/** What a guard factory receives from the composition root (src/app/compose.ts). No globals. */
export interface GuardDeps {
  config: Config;
  kv: KeyValueStore;
  db: Database;
  logger: Logger;
}
