import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSize } from './keys.js';

/**
 * Streams a body into a temporary file while counting and hashing it, and stops as soon as the
 * size limit is passed. Both stores use it: the local store renames the file into place, the S3
 * store uploads it with a known length (S3 needs one, and so the checksum goes in its metadata).
 */
export interface Spooled {
  path: string;
  size: number;
  sha256: string;
  discard(): Promise<void>;
}

export async function spool(body: Readable, folder: string, maxBytes: number): Promise<Spooled> {
  await mkdir(folder, { recursive: true });
  const path = join(folder, `upload-${randomUUID()}`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > maxBytes) {
        try {
          assertSize(size, maxBytes);
        } catch (err) {
          callback(err as Error);
          return;
        }
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const discard = () => rm(path, { force: true });
  try {
    await pipeline(body, meter, createWriteStream(path));
  } catch (err) {
    // Drain what the client still sends so the connection can answer with the 413.
    body.resume();
    await discard();
    throw err;
  }
  return { path, size, sha256: hash.digest('hex'), discard };
}
