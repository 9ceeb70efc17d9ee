import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { OrganizationOf } from '../http/access.js';
import type { TextEmbedder } from '../semantic/encoder.js';
import type { Database } from '../storage/db/types.js';
import type { FileStore } from '../storage/files/types.js';
import type { KeyValueStore } from '../storage/kv/types.js';
import type { RetainedTable } from '../storage/retention.js';
import type { Capabilities, CapabilityName } from './capabilities.js';
import type { AnyGuard, GuardCallObserver } from './contract.js';

/**
 * The guard module contract: one folder declares everything about its guard, and the registry
 * (registry.ts) loops over the modules to build the config schema, migrations, guards, routes and
 * observers. Nothing outside the folder names the guard except its one line in the registry.
 */
export interface GuardModule<S extends z.ZodObject = z.ZodObject, N extends CapabilityName = CapabilityName> {
  /** The guard's name: its `service_type`, its MODE value and its folder name. */
  name: string;
  /** Its default port when it runs as its own service (MODE=<name>) and PORT is unset. */
  port: number;
  /** What the guard does; the same text as its guard's (a remote client publishes it unbuilt). */
  description: string;
  /** Its payload schema, the same value as its guard's: a gateway validates and publishes it without building the guard. */
  payloadSchema: z.ZodType;
  /**
   * Whether a check may run twice with the same effect (default true). A check that writes state
   * (ContextGuard appends the turn to the session) is retried on another instance only when the
   * first attempt never reached a service.
   */
  idempotent?: boolean;
  /**
   * The path prefixes of its own routes: in MODE=gateway the gateway forwards requests under them
   * to one of the guard's services, which authenticates and rate-limits them itself.
   */
  routePrefixes?: readonly string[];
  /** Its settings; merged into the one environment schema (config.ts). */
  config: S;
  /**
   * Whether its verdict follows flag/block thresholds on its score that a call's settings may
   * replace (`thresholdsFor`): the runtime configuration and A/B tests accept thresholds only for these.
   */
  thresholds?: boolean;
  /** A folder of `NNNN_name.sql` migrations for its tables, applied when the guard is built. */
  migrations?: string;
  /** Its tables of per-call records, pruned past RECORDS_RETENTION_DAYS (storage/retention.ts). */
  retained?: readonly RetainedTable[];
  /** Capabilities it offers the other guards (plain values, usable without building this guard). */
  provides?: Partial<Capabilities>;
  /** Capabilities it needs from other modules; composition fails when one is missing. */
  needs?: readonly N[];
  /** Builds the guard and whatever it shares with its routes. Lifecycle: guard.init/health/close. */
  create(deps: GuardModuleDeps<z.output<S>, N>): GuardParts | Promise<GuardParts>;
}

/** What a module's `create` receives from the composition root. */
export interface GuardModuleDeps<Settings = unknown, N extends CapabilityName = CapabilityName> {
  /** The whole configuration (core settings and every section). */
  config: Config;
  /** This module's own section, parsed. */
  settings: Settings;
  kv: KeyValueStore;
  db: Database;
  /** Uploaded files and exports (a local folder or S3); absent where the process has none. */
  files?: FileStore;
  logger: Logger;
  /** The process's sentence encoder (src/semantic), started on first use; its owner closes it. */
  embedder: TextEmbedder;
  capabilities: Pick<Capabilities, N>;
}

/** Everything the HTTP layer hands a guard's route plugin. */
export interface GuardRouteContext {
  /** The organization of the authenticated caller ('default' without authentication). */
  organizationOf: OrganizationOf;
}

export interface GuardParts {
  guard: AnyGuard;
  /** Mounts the guard's own endpoints; each route declares its access rule in `config.access`. */
  routes?: (app: FastifyInstance, ctx: GuardRouteContext) => void;
  /** Told about every guard call in the process (HealthGuard's monitor, for example). */
  observer?: GuardCallObserver;
}

/** Keeps each module's settings and capability types while the registry holds them side by side. */
export const defineGuardModule = <S extends z.ZodObject, N extends CapabilityName = never>(
  module: GuardModule<S, N>,
): GuardModule<S, N> => module;

/**
 * A module of any settings type, as the registry and the composition root see it (`create` is a
 * method, so its parameter is bivariant and every concrete module fits).
 */
export type AnyGuardModule = GuardModule<z.ZodObject, CapabilityName>;
