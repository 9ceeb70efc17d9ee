import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { writeNextVersion } from '../storage/db/next-version.js';
import type { Database } from '../storage/db/types.js';
import type { KeyValueStore, Unsubscribe } from '../storage/kv/types.js';
import {
  changedKeys,
  emptyRuntimeConfig,
  type RuntimeConfig,
  runtimeConfigSchema,
} from './runtime-config-schema.js';

/**
 * Runtime configuration: versions live in PostgreSQL (the source of truth and the audit trail),
 * the current one is cached in Redis and announced on a pub/sub channel with its full content, so
 * every replica switches within the time a message takes. Readers call `current()`, a memory read.
 * When Redis is down the last known config stays in force; a slow poll of the database catches
 * any announcement a replica missed. When the database is down at start-up, the Redis copy is used.
 */

export interface RuntimeConfigVersion {
  version: number;
  config: RuntimeConfig;
  changed_keys: string[];
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  comment: string | null;
  created_at: string;
}

export interface RuntimeConfigState {
  scope: string;
  version: number;
  config: RuntimeConfig;
  /** Where this replica got its current config from. */
  source: 'defaults' | 'database' | 'cache' | 'pubsub';
}

export interface RuntimeConfigOptions {
  db: Database;
  kv: KeyValueStore;
  logger: Logger;
  /** 'global' for deployment-wide settings, or an organization id. */
  scope?: string;
  /** KV namespace, so tests on a shared Redis stay apart. */
  keyPrefix?: string;
  /** Safety-net poll of the database, in ms (0 disables). */
  pollMs?: number;
}

type Listener = (state: RuntimeConfigState) => void;

const toVersion = (r: Record<string, unknown>): RuntimeConfigVersion => ({
  version: Number(r.version),
  config: runtimeConfigSchema.parse(typeof r.config === 'string' ? JSON.parse(r.config) : r.config),
  changed_keys: (typeof r.changed_keys === 'string'
    ? JSON.parse(r.changed_keys)
    : r.changed_keys) as string[],
  actor_user_id: r.actor_user_id === null ? null : String(r.actor_user_id),
  actor_api_key_id: r.actor_api_key_id === null ? null : String(r.actor_api_key_id),
  comment: r.comment === null ? null : String(r.comment),
  created_at: r.created_at instanceof Date ? r.created_at.toISOString() : String(r.created_at),
});

export class RuntimeConfigService {
  readonly scope: string;
  private state: RuntimeConfigState;
  private readonly key: string;
  private readonly listeners = new Set<Listener>();
  private unsubscribe: Unsubscribe | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: RuntimeConfigOptions) {
    this.scope = o.scope ?? 'global';
    this.key = `${o.keyPrefix ?? ''}runtime-config:${this.scope}`;
    this.state = { scope: this.scope, version: 0, config: emptyRuntimeConfig(), source: 'defaults' };
  }

  /** The config in force on this replica: a memory read, for hot paths. */
  current(): RuntimeConfigState {
    return this.state;
  }

  /** Called after every switch to a newer version (on this replica). */
  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private adopt(version: number, config: RuntimeConfig, source: RuntimeConfigState['source']): boolean {
    if (version <= this.state.version) return false;
    this.state = { scope: this.scope, version, config, source };
    for (const listener of this.listeners) {
      try {
        listener(this.state);
      } catch (err) {
        this.o.logger.error({ err }, 'runtime config listener failed');
      }
    }
    return true;
  }

  /** A message or cache entry: `{version, config}`; anything else is ignored. */
  private parseAnnouncement(raw: string | null): { version: number; config: RuntimeConfig } | undefined {
    if (!raw) return undefined;
    try {
      const msg = JSON.parse(raw) as { version?: unknown; config?: unknown };
      const parsed = runtimeConfigSchema.safeParse(msg.config);
      if (typeof msg.version !== 'number' || !Number.isInteger(msg.version) || !parsed.success)
        return undefined;
      return { version: msg.version, config: parsed.data };
    } catch {
      return undefined;
    }
  }

  async start(): Promise<void> {
    this.unsubscribe = await this.o.kv
      .subscribe(this.key, (raw) => {
        const msg = this.parseAnnouncement(raw);
        if (msg && this.adopt(msg.version, msg.config, 'pubsub')) {
          this.o.logger.info({ version: msg.version, scope: this.scope }, 'runtime config updated');
        }
      })
      .catch((err: unknown) => {
        this.o.logger.warn({ err }, 'runtime config: cannot subscribe; changes arrive by polling');
        return undefined;
      });
    await this.refresh();
    if ((this.o.pollMs ?? 10_000) > 0) {
      this.timer = setInterval(() => void this.refresh(), this.o.pollMs ?? 10_000);
      this.timer.unref();
    }
  }

  /** Loads the newest version: from the database, else from the Redis copy; keeps the last known on failure. */
  async refresh(): Promise<void> {
    try {
      const latest = await this.latest();
      if (latest) this.adopt(latest.version, latest.config, 'database');
      return;
    } catch (err) {
      this.o.logger.warn({ err }, 'runtime config: database unavailable; trying the cache');
    }
    try {
      const cached = this.parseAnnouncement(await this.o.kv.get(this.key));
      if (cached) this.adopt(cached.version, cached.config, 'cache');
    } catch (err) {
      this.o.logger.warn({ err }, 'runtime config: cache unavailable; keeping the last known config');
    }
  }

  private async latest(): Promise<RuntimeConfigVersion | undefined> {
    const rows = await this.o.db.query(
      'SELECT * FROM runtime_config_versions WHERE organization_id = $1 ORDER BY version DESC LIMIT 1',
      [this.scope],
    );
    return rows[0] ? toVersion(rows[0]) : undefined;
  }

  async history(limit = 50): Promise<RuntimeConfigVersion[]> {
    const rows = await this.o.db.query(
      'SELECT * FROM runtime_config_versions WHERE organization_id = $1 ORDER BY version DESC LIMIT $2',
      [this.scope, limit],
    );
    return rows.map(toVersion);
  }

  /**
   * Stores a new version (validated), caches and announces it. With `expectedVersion`, a change
   * made meanwhile by someone else is a 409 instead of being overwritten.
   */
  async update(
    input: unknown,
    actor: { userId: string | null; apiKeyId: string | null },
    options: { expectedVersion?: number; comment?: string } = {},
  ): Promise<RuntimeConfigVersion> {
    const parsed = runtimeConfigSchema.safeParse(input);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      throw new AppError(
        'VALIDATION_ERROR',
        `${first?.path.join('.') || 'config'}: ${first?.message ?? 'invalid'}`,
        {
          errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      );
    }
    const rows = await writeNextVersion({
      what: 'config',
      expected: options.expectedVersion,
      latest: async () => (await this.latest()) ?? { version: 0, config: emptyRuntimeConfig() },
      insert: (before, version) =>
        this.o.db.query(
          `INSERT INTO runtime_config_versions (organization_id, version, config, changed_keys, actor_user_id, actor_api_key_id, comment)
           VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7) RETURNING *`,
          [
            this.scope,
            version,
            JSON.stringify(parsed.data),
            JSON.stringify(changedKeys(before.config, parsed.data)),
            actor.userId,
            actor.apiKeyId,
            options.comment ?? null,
          ],
        ),
    });
    const saved = toVersion(rows[0] ?? {});
    this.adopt(saved.version, saved.config, 'database');
    const announcement = JSON.stringify({ version: saved.version, config: saved.config });
    // The database holds the change; cache and announcement failing only delays other replicas
    // until their next poll.
    await this.o.kv
      .set(this.key, announcement)
      .catch((err: unknown) => this.o.logger.warn({ err }, 'runtime config cache write failed'));
    await this.o.kv
      .publish(this.key, announcement)
      .catch((err: unknown) => this.o.logger.warn({ err }, 'runtime config announcement failed'));
    return saved;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.().catch(() => undefined);
    this.listeners.clear();
  }
}
