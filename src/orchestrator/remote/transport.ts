import { Pool } from 'undici';
import { AppError, isErrorCode } from '../../errors.js';
import type { CallIdentity, CallSettings, GuardName, GuardOutcome } from '../../guards/contract.js';
import { checkPath, DEADLINE_HEADER, serviceCheckResponse, serviceProblem } from './protocol.js';

/**
 * Why a call to one instance failed in a way that says nothing about the caller's input: the
 * breaker counts it, and the remote client may try another instance.
 * - `connect`: the request never reached a service (refused, unreachable, connect timeout), so
 *   any guard may be retried elsewhere.
 * - `sent`: the service may have run the check (reset mid-call, 5xx, an answer that breaks the
 *   contract), so only an idempotent guard is retried.
 */
export class InstanceFailure extends Error {
  constructor(
    readonly kind: 'connect' | 'sent',
    readonly instanceUrl: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InstanceFailure';
  }
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const codeOf = (err: unknown): string | undefined => {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
};

export interface TransportOptions {
  /** Keep-alive connections per instance. */
  connections: number;
  /** The shared secret every guard service checks. */
  token: string;
}

export interface InstanceCall {
  guard: GuardName;
  payload: unknown;
  identity: CallIdentity;
  settings: CallSettings | undefined;
  /** What is left of the deadline; sent along so the service stops when the caller gives up. */
  remainingMs: number;
  signal: AbortSignal;
}

/**
 * HTTP calls to guard service instances: one undici keep-alive pool per instance URL, the deadline
 * as a header and as the request's own timeouts, and every answer validated against the contract.
 */
export class GuardServiceTransport {
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: TransportOptions) {}

  private poolFor(url: string): Pool {
    let pool = this.pools.get(url);
    if (!pool) {
      pool = new Pool(url, {
        connections: this.options.connections,
        keepAliveTimeout: 30_000,
        connectTimeout: 2_000,
      });
      this.pools.set(url, pool);
    }
    return pool;
  }

  /**
   * Runs one check on the instance at `url`. Throws AppError for the caller's own mistakes
   * (4xx: bad payload, input too large) and for the deadline (GUARD_TIMEOUT); InstanceFailure for
   * everything that is the instance's fault.
   */
  async check(url: string, call: InstanceCall): Promise<GuardOutcome> {
    const timeout = Math.max(1, Math.ceil(call.remainingMs));
    let status: number;
    let body: string;
    try {
      const response = await this.poolFor(url).request({
        path: checkPath(call.guard),
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/json',
          'x-request-id': call.identity.requestId,
          [DEADLINE_HEADER]: String(timeout),
        },
        body: JSON.stringify({
          payload: call.payload,
          identity: call.identity,
          ...(call.settings ? { settings: call.settings } : {}),
        }),
        signal: call.signal,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = response.statusCode;
      body = await response.body.text();
    } catch (err) {
      if (call.signal.aborted) {
        throw new AppError('GUARD_TIMEOUT', `${call.guard} did not answer before the deadline`);
      }
      const code = codeOf(err);
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
        throw new AppError('GUARD_TIMEOUT', `${call.guard} did not answer before the deadline`);
      }
      const kind = code && CONNECT_CODES.has(code) ? 'connect' : 'sent';
      throw new InstanceFailure(kind, url, `${call.guard} at ${url}: ${code ?? (err as Error).message}`, {
        cause: err,
      });
    }
    return this.read(url, call.guard, status, body);
  }

  private read(url: string, guard: GuardName, status: number, body: string): GuardOutcome {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new InstanceFailure('sent', url, `${guard} at ${url} answered ${status} without JSON`);
    }
    if (status === 200) {
      const parsed = serviceCheckResponse.safeParse(json);
      if (!parsed.success || parsed.data.guard !== guard) {
        throw new InstanceFailure('sent', url, `${guard} at ${url} answered outside the guard contract`);
      }
      const { guard: _name, ...outcome } = parsed.data;
      return outcome as GuardOutcome;
    }
    const problem = serviceProblem.safeParse(json);
    const code = problem.success && isErrorCode(problem.data.code) ? problem.data.code : undefined;
    // The caller's own mistakes and the deadline travel back as they are; the rest (a service
    // that refuses our token, crashes or is not ready) is the instance's fault.
    if (code && status >= 400 && status < 500 && code !== 'UNAUTHENTICATED' && code !== 'FORBIDDEN') {
      const fields = problem.success ? problem.data.fields : undefined;
      throw new AppError(code, problem.success ? problem.data.detail : undefined, fields ? { fields } : {});
    }
    if (code === 'GUARD_TIMEOUT')
      throw new AppError('GUARD_TIMEOUT', `${guard} did not answer before the deadline`);
    throw new InstanceFailure('sent', url, `${guard} at ${url} answered ${status} ${code ?? ''}`.trim());
  }

  /** Forgets the pool of an instance that left the registry. */
  async forget(url: string): Promise<void> {
    const pool = this.pools.get(url);
    this.pools.delete(url);
    await pool?.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}
