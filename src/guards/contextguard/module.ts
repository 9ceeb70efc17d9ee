import { defineGuardModule, type GuardModule } from '../module.js';
import { contextguardConfig } from './config.js';
import { CONTEXTGUARD_DESCRIPTION, contextPayloadSchema, createContextGuard } from './index.js';
import { ContextMemory } from './memory.js';
import { MAX_MEMORY_KEYS, registerContextRoutes } from './routes.js';

/** ContextGuard: conversation memory and drift; the Memory API under /api/v1/context/memory. */
export const contextguardModule: GuardModule<typeof contextguardConfig, 'injectionScorer'> =
  defineGuardModule({
    name: 'contextguard',
    port: 8003,
    description: CONTEXTGUARD_DESCRIPTION,
    payloadSchema: contextPayloadSchema,
    thresholds: true,
    routePrefixes: ['/api/v1/context'],
    // A check appends the turn to the session's memory: not safe to run twice.
    idempotent: false,
    config: contextguardConfig,
    needs: ['injectionScorer'],
    create: (deps) => {
      const memory = new ContextMemory(deps.kv, {
        defaultTtlSeconds: deps.settings.CONTEXTGUARD_TTL_SECONDS,
        maxValueBytes: deps.settings.CONTEXTGUARD_MAX_BYTES,
        maxKeys: MAX_MEMORY_KEYS,
      });
      return {
        guard: createContextGuard(deps, {
          injectionScorer: deps.capabilities.injectionScorer,
          encoder: deps.embedder,
        }),
        routes: (app, http) =>
          registerContextRoutes(app, {
            kv: deps.kv,
            config: deps.config,
            memory,
            namespace: http.organizationOf,
          }),
      };
    },
  });
