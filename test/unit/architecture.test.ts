import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUARD_MODULES } from '../../src/guards/registry.js';

/**
 * The layering rules of docs/architecture.md, checked on every import (tests included) of src/:
 * guards never import the gateway, a guard folder never imports a sibling guard folder, and
 * src/storage, src/text and src/semantic import nothing above themselves.
 */

const SRC = resolve(import.meta.dirname, '../../src');
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of every source file, resolved to a path relative to src/. */
function imports(): { from: string; to: string }[] {
  return filesUnder(SRC).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? '')
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => ({ from: relative(SRC, file), to: relative(SRC, resolve(dirname(file), spec)) }));
  });
}

/** The guard folder a path under src/ lies in ('biasguard'), if any; files such as guards/contract.ts are shared. */
const guardFolderOf = (path: string): string | undefined => {
  const [top, second] = path.split('/');
  return top === 'guards' && second && !second.includes('.') ? second : undefined;
};

function violations(edges: { from: string; to: string }[]): string[] {
  const found: string[] = [];
  for (const { from, to } of edges) {
    // Test helpers live in test/; a test may use them.
    if (to.startsWith('../test/')) continue;
    const fromGuard = guardFolderOf(from);
    const toGuard = guardFolderOf(to);
    if (from.startsWith('guards/') && to.startsWith('gateway/'))
      found.push(`${from} imports the gateway (${to})`);
    if (fromGuard && toGuard && fromGuard !== toGuard)
      found.push(`${from} imports sibling guard ${toGuard} (${to})`);
    for (const low of ['storage/', 'text/', 'semantic/']) {
      // errors.ts (the closed error catalogue) imports nothing, so every layer may use it.
      if (from.startsWith(low) && !to.startsWith(low) && !to.startsWith('util/') && to !== 'errors.js') {
        found.push(`${from} imports upward (${to})`);
      }
    }
  }
  return found;
}

describe('architecture', () => {
  it('has no import from the gateway in guards, between sibling guards, or upward from storage and text', () => {
    const edges = imports();
    expect(edges.length).toBeGreaterThan(200);
    expect(violations(edges)).toEqual([]);
  });

  it('the walk catches each kind of violation (so a passing walk means something)', () => {
    expect(
      violations([
        { from: 'guards/biasguard/routes.ts', to: 'gateway/auth.ts' },
        { from: 'guards/healthguard/worker.ts', to: 'guards/securityguard/scanners.ts' },
        { from: 'storage/db/index.ts', to: 'config.ts' },
        { from: 'text/sentences.ts', to: 'guards/contract.ts' },
        { from: 'guards/biasguard/index.ts', to: 'guards/contract.ts' },
        { from: 'storage/db/pglite.ts', to: 'util/user-error.ts' },
      ]),
    ).toHaveLength(4);
  });

  it('names no guard outside its folder and the registry (the gateway mounts routes in a loop)', () => {
    const names = GUARD_MODULES.map((m) => m.name);
    const wiring = ['gateway/app.ts', 'gateway/auth.ts', 'app/compose.ts', 'config.ts', 'guards/contract.ts'];
    for (const file of wiring) {
      const text = readFileSync(join(SRC, file), 'utf8');
      for (const name of names) {
        // Only imports matter here: a guard's name in a comment or an OpenAPI tag is not wiring.
        expect(text, `${file} imports ${name}`).not.toMatch(new RegExp(`from '[^']*/${name}/`));
      }
    }
  });
});
