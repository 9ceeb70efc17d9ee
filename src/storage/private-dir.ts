import { chmod, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Data folders hold the embedded database, signing keys and tenant data: only the owner may
 * enter them (0700) or read their files (0600), whatever the umask or the library that wrote them.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Makes every folder under `dir` 0700 and every file 0600 (iteratively; links are left alone). */
export async function restrictTree(dir: string): Promise<void> {
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    await chmod(current, 0o700);
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile()) await chmod(path, 0o600);
    }
  }
}
