import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { buildApp } from '../gateway/app.js';
import type { App } from '../gateway/types.js';
import type { AnyGuard, GuardCallObserver } from '../guards/contract.js';
import { limitsFor } from '../guards/limits.js';
import type { AnyGuardModule, GuardParts } from '../guards/module.js';
import { buildModules, capabilitiesOf, GUARD_MODULES } from '../guards/registry.js';
import { guardMetricsObserver } from '../observability/guard-metrics.js';
import { createLogger } from '../observability/logger.js';
import { Metrics } from '../observability/metrics.js';
import { operationsObserver } from '../observability/operations-observer.js';
import { LocalGuardClient } from '../orchestrator/local.js';
import { Orchestrator } from '../orchestrator/orchestrator.js';
import { GuardPool, poolSize } from '../orchestrator/pool.js';
import { Heartbeat } from '../orchestrator/remote/registry.js';
import { bootstrapFirstUser, type FirstStartCredentials } from '../platform/bootstrap.js';
import { ExperimentService } from '../platform/experiments/service.js';
import { GuardSettings } from '../platform/guard-settings.js';
import { createPlatform, type Platform } from '../platform/index.js';
import { RuntimeConfigService } from '../platform/runtime-config.js';
import { GuardPolicies } from '../policies/service.js';
import { AnthropicProxy } from '../proxy/anthropic.js';
import { ChatProxy } from '../proxy/chat.js';
import { CompletionsProxy } from '../proxy/completions.js';
import { ProxyCore, type ProxyObserver } from '../proxy/core.js';
import { SecretBox } from '../proxy/secrets.js';
import { UpstreamStore } from '../proxy/upstreams.js';
import { describeBackends } from '../seed-settings.js';
import { SentenceEncoder } from '../semantic/encoder.js';
import { openDatabase } from '../storage/db/index.js';
import { NoDatabase } from '../storage/db/none.js';
import type { Database } from '../storage/db/types.js';
import { openFileStore } from '../storage/files/index.js';
import type { FileStore } from '../storage/files/types.js';
import { openKeyValueStore } from '../storage/kv/index.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import { OperationRecorder } from '../storage/operations.js';
import { RecordRetention } from '../storage/retention.js';
import { migrationsFor } from './migrations.js';
import { buildRemoteGuards, type RemoteGuards } from './remote-guards.js';
import { VERSION } from './version.js';

/**
 * The composition root: it builds exactly what the configuration's MODE needs, by plain
 * constructors in dependency order, passes every dependency explicitly, and `close()` tears down
 * everything it built in reverse order. The server, the CLI, the benchmarks and the tests all come
 * through `compose`, so tests run the production wiring.
 */
export interface Composed {
  config: Config;
  logger: Logger;
  db: Database;
  kv: KeyValueStore;
  /** The file store; opened when the HTTP app is built. */
  files: FileStore | undefined;
  experiments: ExperimentService;
  /** Thresholds, guard timeouts, rate-limit defaults and feature flags that change without a restart. */
  runtimeConfig: RuntimeConfigService;
  metrics: Metrics;
  orchestrator: Orchestrator;
  operations: OperationRecorder;
  /** The HTTP app; present when composed with `http: true`. */
  app: App | undefined;
  platform: Platform | undefined;
  /** Set on the very first start: the admin and API key created then (secrets shown only once). */
  firstStart: FirstStartCredentials | undefined;
  /**
   * Called once the server listens: a guard service with SERVICE_ADVERTISE_URL starts registering
   * itself (heartbeats) in the shared key-value store, where gateways discover it.
   */
  listening(): Promise<void>;
  close(): Promise<void>;
}

export interface ComposeOverrides {
  logger?: Logger;
  metrics?: Metrics;
  /** The guard modules to choose from (the registry by default; tests add a throwaway one). */
  modules?: readonly AnyGuardModule[];
  /** Build only this guard (the CLI's scan), whatever MODE says. */
  only?: string;
  /** Stand-in guards instead of the modules' (tests of the HTTP layer itself). */
  guards?: AnyGuard[];
  /** An open database or key-value store to use (and leave open); 'none' runs without a database. */
  db?: Database | 'none';
  kv?: KeyValueStore;
  /** More guard-call observers (tests collect the calls). */
  observers?: GuardCallObserver[];
  /** Told about every proxied call (tests check what was recorded). */
  proxyObservers?: ProxyObserver[];
  /** Build the HTTP app (and, with AUTH_ENABLED, the platform and the first user). */
  http?: boolean;
}

export type Server = Composed & { app: App };

/**
 * The modules this process builds: all of them, the one MODE (or `only`) names, or in MODE=gateway
 * only those it may fall back to (GUARD_FALLBACK_LOCAL); the others run as services.
 */
function selectModules(config: Config, modules: readonly AnyGuardModule[], only?: string): AnyGuardModule[] {
  if (only === undefined && config.MODE === 'gateway') {
    const fallback = config.GUARD_FALLBACK_LOCAL;
    return modules.filter((m) => fallback.includes('all') || fallback.includes(m.name));
  }
  const wanted = only ?? (config.MODE === 'all' ? undefined : config.MODE);
  if (wanted === undefined) return [...modules];
  const module = modules.find((m) => m.name === wanted);
  // loadConfig already refused an unknown MODE; `only` comes from the CLI, which checked it too.
  if (!module) throw new Error(`no guard module named '${wanted}'`);
  return [module];
}

export async function compose(config: Config, overrides: ComposeOverrides = {}): Promise<Composed> {
  const logger = overrides.logger ?? createLogger(config);
  const modules = overrides.modules ?? GUARD_MODULES;
  const selected = overrides.guards ? [] : selectModules(config, modules, overrides.only);
  // Everything built here, closed in reverse order by close() (or at once when a step fails).
  const closers: { name: string; close: () => Promise<void> }[] = [];
  const close = async () => {
    for (const { name, close: fn } of closers.splice(0).reverse()) {
      await fn().catch((err: unknown) => logger.error({ err, component: name }, 'close failed'));
    }
  };

  for (const b of describeBackends(config)) logger.info(b, `storage ${b.tier}: ${b.backend} (${b.reason})`);
  try {
    let db: Database;
    if (overrides.db === 'none') db = new NoDatabase();
    else if (overrides.db) db = overrides.db;
    else {
      db = await openDatabase(config);
      closers.push({ name: 'database', close: () => db.close() });
    }
    if (db.kind !== 'none') {
      const applied = await db.migrate(await migrationsFor(selected));
      if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
    }

    let kv: KeyValueStore;
    if (overrides.kv) kv = overrides.kv;
    else {
      const opened = await openKeyValueStore(config, logger);
      kv = opened;
      closers.push({ name: 'kv', close: () => opened.close() });
    }

    const metrics = overrides.metrics ?? new Metrics();
    const operations = OperationRecorder.fromConfig(db, logger, config);
    closers.push({ name: 'operations', close: () => operations.close() });

    // Files serve the HTTP routes (uploads, file jobs); a one-off scan opens none.
    let files: FileStore | undefined;
    if (overrides.http) {
      const opened = await openFileStore(config);
      files = opened;
      closers.push({ name: 'files', close: () => opened.close() });
    }
    const experiments = new ExperimentService(db, kv, logger);
    // The runtime configuration is read by the orchestrator (thresholds, flags, timeouts) and the
    // rate limiter on every call, from memory; pub/sub keeps it current. Without a database (a
    // one-shot scan) the start-up settings apply.
    const runtimeConfig = new RuntimeConfigService({ db, kv, logger });
    if (db.kind !== 'none') {
      await runtimeConfig.start();
      closers.push({ name: 'runtime-config', close: () => runtimeConfig.close() });
    }

    // A server deletes per-call records past their retention (hourly); a one-off scan does not.
    if (db.kind !== 'none' && overrides.http && config.RECORDS_RETENTION_DAYS > 0) {
      const retention = new RecordRetention(db, logger, {
        days: config.RECORDS_RETENTION_DAYS,
        tables: [
          { table: 'guard_operations', timeColumn: 'created_at' },
          ...selected.flatMap((m) => m.retained ?? []),
        ],
      });
      retention.start();
      closers.push({ name: 'retention', close: () => retention.close() });
    }

    // One sentence encoder per process (ContextGuard's semantic veto), shared with the pool's
    // threads; its thread and model load on the first request. Closed after the guards.
    const embedder = new SentenceEncoder();
    closers.push({ name: 'sentence-encoder', close: () => embedder.close() });
    const parts: GuardParts[] = overrides.guards
      ? overrides.guards.map((guard) => ({ guard }))
      : await buildModules(modules, selected, {
          config,
          kv,
          db,
          ...(files ? { files } : {}),
          logger,
          embedder,
        });
    const size = poolSize(config);
    const pool =
      size > 0
        ? new GuardPool({
            size,
            guards: parts.map((p) => p.guard.name),
            config,
            kv,
            db,
            logger,
            embedder,
            registry: metrics.registry,
          })
        : undefined;
    const locals = parts.map(
      (p) =>
        new LocalGuardClient(p.guard, {
          limits: limitsFor(p.guard.name, config),
          ...(pool ? { pool } : {}),
          inlineMaxChars: config.GUARD_INLINE_MAX_CHARS,
        }),
    );
    // MODE=gateway: every guard is remote; the in-process ones built above are only fallbacks.
    const gatewayMode = config.MODE === 'gateway' && !overrides.guards && overrides.only === undefined;
    let remote: RemoteGuards | undefined;
    if (gatewayMode) {
      remote = await buildRemoteGuards({
        config,
        modules,
        kv,
        logger,
        metrics,
        fallbacks: new Map(locals.map((c) => [c.name, c])),
      });
      const built = remote;
      closers.push({ name: 'remote-guards', close: () => built.close() });
    }
    const moduleObservers = parts.flatMap((p) => (p.observer ? [p.observer] : []));
    const orchestrator = new Orchestrator({
      clients: remote ? remote.clients : locals,
      logger,
      defaultTimeoutMs: config.GUARD_TIMEOUT_MS,
      failMode: config.GUARD_FAIL_MODE,
      settings: new GuardSettings(runtimeConfig, db.kind === 'none' ? undefined : experiments, logger),
      observers: [
        guardMetricsObserver(metrics),
        operationsObserver(operations),
        ...moduleObservers,
        ...(overrides.observers ?? []),
        experiments.observer(),
      ],
      // A guard service's calls for gateways: the gateway records usage and operations itself.
      gatewayCallObservers: [guardMetricsObserver(metrics), ...moduleObservers],
    });
    // Guards are closed (timers, pools, workers) even when one of them fails to initialize.
    closers.push({ name: 'guards', close: () => orchestrator.close() });
    await orchestrator.init();

    // A guard service (MODE=<guard>) answers gateways on its internal endpoint, with the token.
    const serviceMode = modules.some((m) => m.name === config.MODE) && overrides.only === undefined;
    const serviceToken = serviceMode ? config.SERVICE_TOKEN : undefined;
    if (serviceMode && !serviceToken && overrides.http) {
      logger.warn(
        `${config.MODE}: SERVICE_TOKEN is not set, so gateways cannot call this service (its internal check endpoint is off)`,
      );
    }
    let app: App | undefined;
    let platform: Platform | undefined;
    let firstStart: FirstStartCredentials | undefined;
    let policies: GuardPolicies | undefined;
    let proxy:
      | {
          proxy: ChatProxy;
          completions: CompletionsProxy;
          anthropic: AnthropicProxy;
          upstreams: UpstreamStore;
        }
      | undefined;
    if (overrides.http) {
      if (config.AUTH_ENABLED) {
        const built = await createPlatform({ config, logger, db, kv, runtimeConfig });
        platform = built;
        closers.push({ name: 'platform', close: () => built.close() });
        // Usage per guard and key is one more observer of the guard calls.
        orchestrator.addObserver(built.usage.observer());
        firstStart = await bootstrapFirstUser(built, config, logger);
        // Guard policies are per organization: they exist where identities do.
        if (db.kind !== 'none') {
          policies = new GuardPolicies({ db, kv, invalidations: built.invalidations, orchestrator });
          const upstreams = new UpstreamStore(
            db,
            await SecretBox.fromConfig(config),
            kv,
            built.invalidations,
          );
          // De-anonymization of answers goes through SecurityGuard's capability, not its folder.
          const restorer = capabilitiesOf(modules).placeholderRestorer?.(kv);
          const core = new ProxyCore({
            config,
            logger,
            orchestrator,
            policies,
            upstreams,
            ...(restorer ? { restorePlaceholders: restorer } : {}),
            observers: overrides.proxyObservers ?? [],
          });
          proxy = {
            upstreams,
            proxy: new ChatProxy(core),
            completions: new CompletionsProxy(core),
            anthropic: new AnthropicProxy(core),
          };
        }
      }
      const httpApp = await buildApp({
        config,
        logger,
        db,
        kv,
        orchestrator,
        metrics,
        ...(files ? { files } : {}),
        experiments,
        runtimeConfig,
        ...(platform ? { platform } : {}),
        ...(policies ? { policies } : {}),
        ...(proxy ? { proxy } : {}),
        // In MODE=gateway a guard's own routes live in its services: the gateway forwards them.
        guardRoutes: remote ? [] : parts.flatMap((p) => (p.routes ? [p.routes] : [])),
        ...(remote
          ? {
              guardForwards: remote.clients.flatMap((client) => {
                const prefixes = modules.find((m) => m.name === client.name)?.routePrefixes ?? [];
                return prefixes.length > 0
                  ? [{ guard: client.name, prefixes, target: () => client.forwardTarget() }]
                  : [];
              }),
              discovery: { registry: remote.registry, status: (id: string) => remote.status(id) },
            }
          : {}),
        ...(serviceToken ? { serviceToken } : {}),
        version: VERSION,
        startedAt: Date.now(),
      });
      app = httpApp;
      closers.push({ name: 'http', close: () => httpApp.close() });
    }

    return {
      config,
      logger,
      db,
      kv,
      files,
      experiments,
      runtimeConfig,
      metrics,
      orchestrator,
      operations,
      app,
      platform,
      firstStart,
      async listening() {
        const url = config.SERVICE_ADVERTISE_URL;
        if (!serviceToken || !url) return;
        const heartbeat = new Heartbeat({
          kv,
          logger,
          guard: config.MODE,
          url,
          weight: 1,
          ttlSeconds: config.DISCOVERY_TTL_SECONDS,
        });
        await heartbeat.start();
        // Closed first (closers run in reverse): the service leaves the registry before it stops.
        closers.push({ name: 'heartbeat', close: () => heartbeat.stop() });
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The gateway as `codeguardians serve` runs it: compose with the HTTP app. */
export async function composeServer(
  config: Config,
  overrides: Omit<ComposeOverrides, 'http'> = {},
): Promise<Server> {
  const composed = await compose(config, { ...overrides, http: true });
  if (!composed.app) throw new Error('compose built no HTTP app');
  return { ...composed, app: composed.app };
}

/** Guards, storage and observers without HTTP (the CLI's migrate and scan). */
export const composeCore = (
  config: Config,
  overrides: Omit<ComposeOverrides, 'http'> = {},
): Promise<Composed> => compose(config, { ...overrides, http: false });
