import type { AnyGuardModule } from '../guards/module.js';
import { GUARD_MODULES } from '../guards/registry.js';
import { loadMigrations, type Migration } from '../storage/db/migrate.js';

/**
 * The core migrations (storage/db/migrations) plus those of each given guard module, in version
 * order. Versions are global (NNNN_name), so a guard's tables can be added to any deployment.
 */
export async function migrationsFor(
  modules: readonly AnyGuardModule[] = GUARD_MODULES,
): Promise<Migration[]> {
  const sets = await Promise.all([
    loadMigrations(),
    ...modules.flatMap((m) => (m.migrations ? [loadMigrations(m.migrations)] : [])),
  ]);
  const all = sets.flat().sort((a, b) => a.version.localeCompare(b.version));
  for (let i = 1; i < all.length; i++) {
    if (all[i]?.version === all[i - 1]?.version) {
      throw new Error(`two migration files are named ${all[i]?.version}: give each a unique NNNN_name`);
    }
  }
  return all;
}
