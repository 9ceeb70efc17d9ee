import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';

/**
 * Depth of a parsed JSON value (a scalar is 0, `{}` and `[]` are 1). Iterative, so a hostile
 * document cannot overflow the stack; stops as soon as `limit` is exceeded.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, level]);
  }
  return false;
}

/**
 * Parses a JSON body. Keys that could pollute prototypes are dropped (as Fastify's own parser
 * does); malformed JSON is INVALID_JSON and nesting past `maxDepth` is JSON_TOO_DEEP.
 */
export function parseJsonBody(body: string, maxDepth: number): unknown {
  if (body.length === 0) throw new AppError('INVALID_JSON', 'the request body is empty');
  let parsed: unknown;
  try {
    // A reviver slows parsing several times over, so it only runs when the body could need it.
    parsed = body.includes('__proto__')
      ? JSON.parse(body, (key, value: unknown) => (key === '__proto__' ? undefined : value))
      : JSON.parse(body);
  } catch (err) {
    throw new AppError('INVALID_JSON', `the request body is not valid JSON: ${(err as Error).message}`);
  }
  if (exceedsDepth(parsed, maxDepth)) {
    throw new AppError('JSON_TOO_DEEP', `JSON nesting is deeper than ${maxDepth} levels`, {
      max_depth: maxDepth,
    });
  }
  return parsed;
}

/**
 * Bodies at least this long are parsed on a worker thread: parsing 10 MB of JSON takes tens of
 * milliseconds (more with a collection on top), which would hold every other request and health
 * probe of the process; smaller ones cost less than the trip to the thread.
 */
export const OFF_THREAD_JSON_BYTES = 1024 * 1024;

// The worker does what parseJsonBody does, on the raw bytes, and answers the value or the error.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
function exceedsDepth(value, limit) {
  const stack = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const level = depth + 1;
    if (level > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, level]);
  }
  return false;
}
parentPort.on('message', ({ id, bytes, maxDepth }) => {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let parsed;
  try {
    parsed = body.includes('__proto__')
      ? JSON.parse(body, (key, value) => (key === '__proto__' ? undefined : value))
      : JSON.parse(body);
  } catch (err) {
    parentPort.postMessage({ id, error: 'INVALID_JSON', message: err.message });
    return;
  }
  if (exceedsDepth(parsed, maxDepth)) {
    parentPort.postMessage({ id, error: 'JSON_TOO_DEEP' });
    return;
  }
  parentPort.postMessage({ id, value: parsed });
});
`;

type Answer = { id: number; value?: unknown; error?: 'INVALID_JSON' | 'JSON_TOO_DEEP'; message?: string };

/**
 * One worker thread that parses large JSON bodies, started on the first one. Answers come back in
 * order; the value is copied into this thread by structured cloning, which costs a fraction of the
 * parse. Unreferenced, so it never keeps the process alive.
 */
export class JsonParseThread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  parse(bytes: Buffer, maxDepth: number): Promise<unknown> {
    if (bytes.length === 0) return Promise.reject(new AppError('INVALID_JSON', 'the request body is empty'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The bytes move to the thread without a copy when the buffer owns its memory.
      const owns = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const view = owns ? bytes : Buffer.from(bytes);
      worker.postMessage({ id, bytes: view, maxDepth }, [view.buffer as ArrayBuffer]);
    }).then((answer) => {
      const a = answer as Answer;
      if (a.error === 'INVALID_JSON')
        throw new AppError('INVALID_JSON', `the request body is not valid JSON: ${a.message ?? ''}`);
      if (a.error === 'JSON_TOO_DEEP')
        throw new AppError('JSON_TOO_DEEP', `JSON nesting is deeper than ${maxDepth} levels`, {
          max_depth: maxDepth,
        });
      return a.value;
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (answer: Answer) => {
      const waiter = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      waiter?.resolve(answer);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.pending.values()) waiter.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the JSON parsing thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }
}
