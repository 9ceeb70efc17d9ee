import { biasguardModule } from './biasguard/module.js';
import type { Capabilities, CapabilityName } from './capabilities.js';
import { contextguardModule } from './contextguard/module.js';
import { healthguardModule } from './healthguard/module.js';
import type { AnyGuardModule, GuardModuleDeps, GuardParts } from './module.js';
import { securityguardModule } from './securityguard/module.js';
import { tokenguardModule } from './tokenguard/module.js';
import { trustguardModule } from './trustguard/module.js';

/**
 * The one list of guards. Adding a guard is one folder under src/guards/ with a module.ts, plus
 * one line here; config, migrations, routes and the composition root loop over this list, and
 * test/unit/registry.test.ts checks the list and the folders agree.
 */
export const GUARD_MODULES = [
  tokenguardModule,
  trustguardModule,
  contextguardModule,
  biasguardModule,
  securityguardModule,
  healthguardModule,
] as const;

/** The capabilities every module of `modules` offers, merged. */
export function capabilitiesOf(modules: readonly AnyGuardModule[]): Partial<Capabilities> {
  const all: Partial<Capabilities> = {};
  for (const m of modules) Object.assign(all, m.provides ?? {});
  return all;
}

/** The capabilities `module` declared it needs, or an error naming the missing one. */
function injectedFor(module: AnyGuardModule, offered: Partial<Capabilities>): Capabilities {
  const picked: Partial<Capabilities> = {};
  for (const name of module.needs ?? []) {
    const value = offered[name];
    if (value === undefined) {
      throw new Error(
        `guard module '${module.name}' needs the capability '${name}', which no module provides`,
      );
    }
    (picked as Record<CapabilityName, unknown>)[name] = value;
  }
  // Only the declared needs are present; the type of `create` lets the module read nothing else.
  return picked as Capabilities;
}

/**
 * Builds the parts of each module in `selected`, in registry order; capabilities come from every
 * module in `modules` (a plain value needs no building). Used by the composition root only.
 */
export async function buildModules(
  modules: readonly AnyGuardModule[],
  selected: readonly AnyGuardModule[],
  deps: Omit<GuardModuleDeps, 'settings' | 'capabilities'>,
): Promise<GuardParts[]> {
  const offered = capabilitiesOf(modules);
  const parts: GuardParts[] = [];
  for (const module of selected) {
    // The section is already parsed as part of the one config; the module gets its own keys.
    const settings = Object.fromEntries(
      Object.keys(module.config.shape).map((key) => [key, (deps.config as Record<string, unknown>)[key]]),
    );
    const built = await module.create({ ...deps, settings, capabilities: injectedFor(module, offered) });
    if (built.guard.name !== module.name) {
      throw new Error(`guard module '${module.name}' built a guard named '${built.guard.name}'`);
    }
    // A remote client publishes the module's schema: the built guard must use that very value.
    if (
      built.guard.payloadSchema !== module.payloadSchema ||
      built.guard.description !== module.description
    ) {
      throw new Error(
        `guard module '${module.name}' built a guard with another payload schema or description`,
      );
    }
    parts.push(built);
  }
  return parts;
}
