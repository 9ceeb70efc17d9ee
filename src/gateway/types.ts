import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { GuardParts } from '../guards/module.js';
import type { Metrics } from '../observability/metrics.js';
import type { Orchestrator } from '../orchestrator/orchestrator.js';
import type { InstanceRegistry } from '../orchestrator/remote/registry.js';
import type { ExperimentService } from '../platform/experiments/service.js';
import type { Platform } from '../platform/index.js';
import type { RuntimeConfigService } from '../platform/runtime-config.js';
import type { GuardPolicies } from '../policies/service.js';
import type { AnthropicProxy } from '../proxy/anthropic.js';
import type { ChatProxy } from '../proxy/chat.js';
import type { CompletionsProxy } from '../proxy/completions.js';
import type { UpstreamStore } from '../proxy/upstreams.js';
import type { Database } from '../storage/db/types.js';
import type { FileStore } from '../storage/files/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { GuardForward } from './routes/guard-forward.js';

/** The Fastify instance with zod schemas as the type provider. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Everything the HTTP layer needs, built by the composition root (src/app/compose.ts). */
export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Database;
  kv: KeyValueStore;
  /** Uploaded files and exports; the /api/v1/files routes are served when given. */
  files?: FileStore;
  /** A/B tests of guard settings; the /api/v1/experiments routes are served when given. */
  experiments?: ExperimentService;
  /** The runtime configuration (built and started by compose); its admin routes are served when given. */
  runtimeConfig?: RuntimeConfigService;
  orchestrator: Orchestrator;
  metrics: Metrics;
  /** Identity and tenancy; authentication is on when this is given and AUTH_ENABLED is true. */
  platform?: Platform;
  /** Guard policies per organization (built with the platform); /api/v1/guard-policy is served when given. */
  policies?: GuardPolicies;
  /** The OpenAI-compatible proxy and the upstreams it forwards to (built with the policies). */
  proxy?: {
    proxy: ChatProxy;
    completions: CompletionsProxy;
    anthropic: AnthropicProxy;
    upstreams: UpstreamStore;
  };
  /**
   * Distributed mode (MODE=gateway): the guard service instances, and each one's health, breaker
   * and calls in flight by id; the /api/v1/discovery routes are served when given.
   */
  discovery?: { registry: InstanceRegistry; status: (id: string) => Record<string, unknown> };
  /** The route plugins of the guard modules this process built (compose.ts). */
  guardRoutes?: NonNullable<GuardParts['routes']>[];
  /** MODE=gateway: the guards' own routes, forwarded to their services. */
  guardForwards?: GuardForward[];
  /** MODE=<guard>: the shared secret of the internal check endpoint (not mounted without it). */
  serviceToken?: string;
  /** The web console's built files; `console/dist` of the package when not given. */
  consoleDir?: string;
  version: string;
  startedAt: number;
}
