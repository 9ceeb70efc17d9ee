import { AppError } from '../../errors.js';
import { isUniqueViolation } from './errors.js';

/** Tries a write makes when another writer takes the version number it read (a 409 after the last). */
const MAX_WRITE_ATTEMPTS = 10;

/**
 * Writes the next version of an organization's versioned setting (runtime config, guard policy):
 * reads the latest, checks `expected` against it, and inserts version latest + 1, which the table's
 * primary key makes unique. Two writers can read the same latest; the loser's insert hits the key.
 * With `expected` that is the 409 the caller asked for; without, the caller asked to set the value,
 * so it reads again and retries.
 */
export async function writeNextVersion<L extends { version: number }, R>(o: {
  /** What is versioned, for the 409's message ("config", "policy"). */
  what: string;
  expected: number | undefined;
  latest: () => Promise<L>;
  insert: (latest: L, version: number) => Promise<R>;
}): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const latest = await o.latest();
    if (o.expected !== undefined && o.expected !== latest.version) {
      throw new AppError('CONFLICT', `the ${o.what} is at version ${latest.version}, not ${o.expected}`, {
        current_version: latest.version,
      });
    }
    try {
      return await o.insert(latest, latest.version + 1);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (o.expected !== undefined || attempt >= MAX_WRITE_ATTEMPTS) {
        throw new AppError('CONFLICT', `the ${o.what} changed meanwhile; read it again and retry`);
      }
    }
  }
}
