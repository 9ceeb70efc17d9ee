import type { Logger } from 'pino';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { DEFAULT_NAMESPACE, DiscoveryStore } from './discovery-store.js';
import { DEFAULT_WEIGHT, normalizeInstanceUrl, parseWeight } from './instance.js';
import type { InstanceRegistry } from './registry.js';

export type HeartbeatOptions = (
  | { registry: InstanceRegistry; kv?: undefined }
  | { kv: KeyValueStore; registry?: undefined; namespace?: string }
) & {
  guard: string;
  /** The URL gateways call (SERVICE_ADVERTISE_URL). */
  url: string;
  weight?: number;
  ttlSeconds: number;
  /** Default: a third of the TTL, so two beats can be lost before the registration expires. */
  intervalMs?: number;
  logger: Logger;
  now?: () => number;
};

/**
 * Keeps a guard service registered while it runs: registers at once, then again every interval
 * (each beat renews the TTL); `stop` deregisters so gateways stop calling at once instead of
 * waiting out the TTL. A failed beat is logged and retried on the next tick, never thrown.
 */
export class Heartbeat {
  private readonly beat: () => Promise<void>;
  private readonly deregister: () => Promise<unknown>;
  private readonly intervalMs: number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private failing = false;
  private stopped = false;

  constructor(private readonly options: HeartbeatOptions) {
    const url = normalizeInstanceUrl(options.url);
    const weight = parseWeight(options.weight ?? DEFAULT_WEIGHT);
    const { guard, ttlSeconds } = options;
    const now = options.now ?? Date.now;
    this.logger = options.logger;
    this.intervalMs = options.intervalMs ?? Math.max(100, Math.floor((ttlSeconds * 1000) / 3));
    if (options.registry) {
      const registry = options.registry;
      this.beat = async () => {
        await registry.register({ guard, url, weight }, ttlSeconds);
      };
      this.deregister = () => registry.remove(guard, url);
    } else {
      const store = new DiscoveryStore(options.kv, options.namespace ?? DEFAULT_NAMESPACE);
      this.beat = async () => {
        await store.heartbeat({ guard, url, weight }, ttlSeconds, new Date(now()));
      };
      this.deregister = () => store.deregister(guard, url);
    }
  }

  /** Registers at once (resolves after that first attempt, failed or not), then every interval. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops beating and deregisters (a failure is logged: the TTL then removes the instance). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    try {
      await this.deregister();
    } catch (error) {
      this.logger.warn(
        { err: error, guard: this.options.guard },
        'discovery: deregistration failed; the TTL will expire it',
      );
    }
  }

  private tick(): Promise<void> {
    // A slow store must not pile beats up.
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.beat()
      .then(
        () => {
          if (this.failing)
            this.logger.info({ guard: this.options.guard }, 'discovery: heartbeat registered again');
          this.failing = false;
        },
        (error: unknown) => {
          if (!this.failing)
            this.logger.warn(
              { err: error, guard: this.options.guard },
              'discovery: heartbeat failed; retrying next tick',
            );
          this.failing = true;
        },
      )
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
