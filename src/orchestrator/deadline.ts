import { performance } from 'node:perf_hooks';
import type { GuardContext } from '../guards/contract.js';

/**
 * A request's deadline. Its timer is cleared as soon as the call ends (unlike
 * AbortSignal.timeout()), so a busy gateway does not keep thousands of pending timers alive for
 * the whole timeout. The AbortSignal guards see is made only when something reads it: the
 * orchestrator itself waits through `onExpire`, a plain callback list, because an AbortController
 * and an abort listener per call cost more than most guard checks on short texts.
 */
export class Deadline {
  private controller: AbortController | undefined;
  private passed = false;
  private readonly timer: NodeJS.Timeout;
  private readonly waiters = new Set<() => void>();
  private readonly endsAt: number;

  constructor(private readonly ms: number) {
    this.endsAt = performance.now() + ms;
    this.timer = setTimeout(() => this.expire(), ms);
  }

  /** Milliseconds left (0 once passed): what a remote call may still spend. */
  get remainingMs(): number {
    return this.passed ? 0 : Math.max(0, this.endsAt - performance.now());
  }

  /** What passed, for error messages: "deadline of 900 ms passed". */
  get description(): string {
    return `deadline of ${this.ms} ms passed`;
  }

  private reason(): Error {
    return new Error(this.description);
  }

  private expire(): void {
    this.passed = true;
    this.controller?.abort(this.reason());
    for (const waiter of this.waiters) waiter();
    this.waiters.clear();
  }

  /** True once the deadline has passed. */
  get expired(): boolean {
    return this.passed;
  }

  /** Aborted when the deadline passes (already aborted if it has). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.passed) this.controller.abort(this.reason());
    }
    return this.controller.signal;
  }

  /** Calls `fn` once when the deadline passes; returns the function that cancels it. */
  onExpire(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** Where a guard context keeps its deadline: a symbol key, so JSON and Object.keys never see it. */
export const DEADLINE = Symbol('deadline');

/** Attaches `deadline` to a context, which then exposes it as `signal` on first read. */
export function withDeadline<T extends object>(ctx: T, deadline: Deadline): T {
  Object.defineProperty(ctx, DEADLINE, { value: deadline, enumerable: false });
  return ctx;
}

/** The deadline behind a context the orchestrator built; undefined for other contexts (tests). */
export const deadlineOf = (ctx: GuardContext): Deadline | undefined =>
  (ctx as GuardContext & { [DEADLINE]?: Deadline })[DEADLINE];
