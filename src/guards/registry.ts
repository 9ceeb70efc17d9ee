import { createBiasGuard } from './biasguard/index.js';
import { createContextGuard } from './contextguard/index.js';
import type { AnyGuard, GuardName } from './contract.js';
import type { GuardDeps } from './deps.js';
import { createHealthGuard } from './healthguard/index.js';
import { createSecurityGuard } from './securityguard/index.js';
import { injectionScorer, threatScanner } from './securityguard/scanners.js';
import { createTokenGuard } from './tokenguard/index.js';
import { createTrustGuard } from './trustguard/index.js';

/**
 * The one typed registry of guards: a factory per guard name. Adding a guard is one line here and
 * one folder under src/guards/; test/unit/registry.test.ts checks the two agree.
 */
export const GUARD_FACTORIES: Partial<Record<GuardName, (deps: GuardDeps) => AnyGuard>> = {
  tokenguard: createTokenGuard,
  trustguard: createTrustGuard,
  // ContextGuard and HealthGuard reuse SecurityGuard's detectors instead of their own fallbacks.
  contextguard: (deps) => createContextGuard(deps, { injectionScorer }),
  biasguard: createBiasGuard,
  healthguard: (deps) => createHealthGuard(deps, { scanner: threatScanner }),
  securityguard: createSecurityGuard,
};

export function createGuards(deps: GuardDeps): Map<GuardName, AnyGuard> {
  const guards = new Map<GuardName, AnyGuard>();
  for (const [name, factory] of Object.entries(GUARD_FACTORIES) as [
    GuardName,
    (d: GuardDeps) => AnyGuard,
  ][]) {
    const guard = factory(deps);
    if (guard.name !== name) throw new Error(`guard factory '${name}' built a guard named '${guard.name}'`);
    guards.set(name, guard);
  }
  return guards;
}
