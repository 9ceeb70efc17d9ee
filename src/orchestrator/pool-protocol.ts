import type { Config } from '../config.js';
import type { CallSettings, GuardName, GuardOutcome } from '../guards/contract.js';
import type { Database } from '../storage/db/types.js';
import type { CallIdentity } from './orchestrator.js';

/** Messages between the guard pool (pool.ts) and its worker threads (pool-worker.ts). */

export interface PoolWorkerData {
  config: Config;
  /** The guard modules this process runs (by name); the worker builds the same ones. */
  guards: string[];
  kvKind: 'memory' | 'redis';
  dbKind: Database['kind'];
}

/** An error as it crosses the thread boundary: AppErrors keep their code, others become INTERNAL. */
export interface WireError {
  code?: string;
  message: string;
  extra?: Record<string, unknown>;
}

/** Storage calls a guard makes in a worker, run by the main thread on the real stores. */
export const KV_METHODS = ['get', 'set', 'del', 'ttl', 'keys', 'incrBy', 'listPush', 'listRange'] as const;
export type KvMethod = (typeof KV_METHODS)[number];

export type ToWorker =
  | {
      type: 'task';
      id: number;
      guard: GuardName;
      payload: unknown;
      identity: CallIdentity;
      /** The call's runtime settings (thresholds, flags, A/B variant), as the main thread resolved them. */
      settings?: CallSettings;
    }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'result'; id: number; outcome: GuardOutcome<object> }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'call'; id: number; target: 'kv'; method: KvMethod; args: unknown[] }
  | { type: 'call'; id: number; target: 'db'; method: 'query'; args: [string, unknown[] | undefined] }
  /** The process's sentence encoder, served by the main thread (one model per process). */
  | { type: 'call'; id: number; target: 'embedder'; method: 'embed'; args: [string, string[], number] };
