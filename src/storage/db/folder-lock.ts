import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError } from '../../util/user-error.js';

/**
 * PGlite is one process's database: a second process opening the same folder corrupts it. A lock
 * file holding the owner's pid refuses the second opener with a clear message; a lock left by a
 * process that no longer runs is taken over.
 */
export class FolderLock {
  private constructor(private readonly file: string) {}

  static acquire(dir: string): FolderLock {
    const file = join(dir, 'codeguardians.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new FolderLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
          throw new UserFacingError(
            `the database folder ${dir} is in use by another codeguardians process (pid ${owner}): stop it, or set DATA_DIR to another folder (or DATABASE_URL to a PostgreSQL server) for this one`,
          );
        }
        if (owner === process.pid) {
          throw new UserFacingError(`the database folder ${dir} is already open in this process`);
        }
        rmSync(file, { force: true });
      }
    }
    throw new UserFacingError(`could not lock the database folder ${dir}`);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
