import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Span } from '../text/span.js';
import type { CallVerdict, Verdict } from '../util/verdict.js';

/**
 * The guard contract (DESIGN.md section 3). A guard is a value with a name, a payload schema and a
 * `check` function; the orchestrator validates the payload, times the call and wraps the outcome
 * in the standard envelope, so guards never build envelopes themselves.
 */

/**
 * A guard's name. The registry (registry.ts) is the one list of guards; everything else takes the
 * names from it, so adding a guard never means editing a list of names here.
 */
export type GuardName = string;

export type { CallVerdict, Verdict } from '../util/verdict.js';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** Verdicts ordered by severity, so an aggregate is simply the maximum. */
export const VERDICT_RANK: Record<Verdict, number> = { allow: 0, flag: 1, block: 2 };
export const mostSevere = (verdicts: Iterable<Verdict>): Verdict => {
  let worst: Verdict = 'allow';
  for (const v of verdicts) if (VERDICT_RANK[v] > VERDICT_RANK[worst]) worst = v;
  return worst;
};

export type { Span } from '../text/span.js';

export interface Finding {
  type: string;
  category?: string;
  severity: Severity;
  confidence: number;
  message: string;
  span?: Span;
  evidence?: string;
  /** Anything else a finding wants to say (for example a suggested replacement). */
  data?: Record<string, unknown>;
}

/** What a guard's `check` returns; the orchestrator adds `guard` and `timing_ms`. */
export interface GuardOutcome<D extends object = Record<string, unknown>> {
  verdict: Verdict;
  /** The risk, 0..1. */
  score: number;
  findings: Finding[];
  transformed?: { text: string };
  data: D;
  /**
   * Which service answered, set by a remote client (`securityguard@3f2a9c1e`, or the in-process
   * guard when the call fell back to it); absent for an in-process guard.
   */
  service?: { used: string; fallback: boolean };
}

export interface GuardResult<D extends object = Record<string, unknown>> extends GuardOutcome<D> {
  guard: GuardName;
  timing_ms: number;
}

/** Who a guard call is for; the gateway fills it from the request and its credentials. */
export interface CallIdentity {
  requestId: string;
  userId?: string;
  sessionId?: string;
  organizationId?: string;
  /** The authenticated caller (`user:<id>` or `key:<id>`), never from the body: binds per-caller data such as vault sessions. */
  callerId?: string;
  /** The API key the call came with, if any (never from the body): an A/B test unit. */
  apiKeyId?: string;
}

/** Flag and block points on a guard's 0..1 risk scale. */
export interface Thresholds {
  flag: number;
  block: number;
}

/**
 * Settings that may differ from call to call without a restart: the runtime configuration's
 * thresholds and feature flags, or the thresholds of the A/B variant the caller is assigned to.
 * The orchestrator resolves them per call; guards read them through `thresholdsFor` and
 * `featureFlag`, never from module-level state.
 */
export interface CallSettings {
  /** Replaces the guard's configured thresholds (either point may be absent). */
  thresholds?: { flag?: number; block?: number };
  /** The runtime configuration's feature flags (absent name: the guard's default). */
  featureFlags?: Readonly<Record<string, boolean>>;
  /** The A/B variant whose settings this call runs with. */
  variant?: { experimentId: string; name: string };
}

/** Who is asking and under which deadline; built per request by the gateway. */
export interface GuardContext extends CallIdentity {
  /** Aborted when the request's deadline passes; long-running guards should check it. */
  signal: AbortSignal;
  /** The request's child logger (it carries the request id). */
  logger: Logger;
  /** Settings in force for this call (runtime configuration, A/B variant); absent: start-up settings. */
  settings?: CallSettings;
}

/**
 * The thresholds of one call: the request's own (`explicit`), else the call's settings (A/B
 * variant or runtime configuration), else the guard's configured `defaults`. Block never falls
 * below flag.
 */
export function thresholdsFor(
  ctx: Pick<GuardContext, 'settings'>,
  defaults: Thresholds,
  explicit?: { flag?: number | undefined; block?: number | undefined },
): Thresholds {
  const flag = explicit?.flag ?? ctx.settings?.thresholds?.flag ?? defaults.flag;
  const block = explicit?.block ?? ctx.settings?.thresholds?.block ?? defaults.block;
  return { flag, block: Math.max(flag, block) };
}

/** A feature flag of the runtime configuration, or `fallback` when it is not set. */
export const featureFlag = (ctx: Pick<GuardContext, 'settings'>, name: string, fallback: boolean): boolean =>
  ctx.settings?.featureFlags?.[name] ?? fallback;

/**
 * The one record of a guard call: the orchestrator emits it once per call, with one latency, and
 * metrics, guard_operations, the health monitor and tests observe it.
 */
export interface GuardCall extends CallIdentity {
  guard: GuardName;
  verdict: CallVerdict;
  /** 0..1 risk; null when the guard did not answer. */
  score: number | null;
  latencyMs: number;
  /** The payload's size in estimated tokens (about four characters a token), for usage. */
  tokens: number;
  findingsCount: number;
  /**
   * The guard's findings as it returned them (a reference, nothing copied on the call): the
   * operations recorder reads their types when it writes its batch, off the request path.
   */
  findings?: readonly { type: string }[];
  errorCode?: string;
  /** The text the guard saw, when the payload had one; observers decide whether to keep it. */
  inputText?: string;
  /** The A/B variant the call ran with, when its caller is in a running experiment. */
  variant?: { experimentId: string; name: string };
}

export type GuardCallObserver = (call: GuardCall) => void;

export interface GuardHealth {
  status: 'healthy' | 'degraded' | 'unhealthy';
  detail?: string;
  /** A remote guard's instances: health and breaker by label (the URL for superusers only). */
  instances?: {
    label: string;
    url?: string;
    healthy: boolean;
    draining: boolean;
    breaker: 'closed' | 'half-open' | 'open';
  }[];
}

export interface Guard<S extends z.ZodType = z.ZodType, D extends object = Record<string, unknown>> {
  name: GuardName;
  description: string;
  /** Validates the payload; every guard accepts at least `{text}`. */
  payloadSchema: S;
  check(payload: z.output<S>, ctx: GuardContext): Promise<GuardOutcome<D>> | GuardOutcome<D>;
  health?(): Promise<GuardHealth>;
  /** Loads what the first call would otherwise pay for (tokenizers, models); awaited before listening. */
  init?(): Promise<void>;
  /** Releases timers, pools or workers the guard holds. */
  close?(): Promise<void>;
}

/** Keeps the payload type of each guard while letting registries hold them side by side. */
export const defineGuard = <S extends z.ZodType, D extends object>(guard: Guard<S, D>): Guard<S, D> => guard;

/**
 * A guard of any payload type, as the registry and the clients see it. `check` is declared with
 * method syntax, so its parameter is bivariant and every concrete guard fits here; the payload is
 * validated by the guard's own schema before `check` runs.
 */
export type AnyGuard = Guard<z.ZodType, object>;

export const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
