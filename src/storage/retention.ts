import type { Logger } from 'pino';
import type { Database } from './db/types.js';

/**
 * A table of per-call records (one or more rows per guard call) that would otherwise grow for
 * the life of the deployment. Its `id` is a BIGSERIAL, so ids rise with time: the oldest rows are
 * found through the primary key, with no index on the time column.
 */
export interface RetainedTable {
  table: string;
  /** The row's time (TIMESTAMPTZ). */
  timeColumn: string;
}

export interface RetentionOptions {
  /** Rows older than this many days are deleted (RECORDS_RETENTION_DAYS); 0 keeps them for ever. */
  days: number;
  tables: readonly RetainedTable[];
  /** How often to prune (an hour by default). */
  intervalMs?: number;
  /** When the first prune runs after start (a minute by default). */
  firstDelayMs?: number;
  /** Rows per DELETE, so no statement holds its locks or the embedded database's thread for long. */
  batchRows?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Deletes records past their retention, in id order and in bounded batches. Each batch takes the
 * next `batchRows` ids from the oldest and deletes those among them that are past the cutoff; it
 * stops at the first oldest row that is not. Replicas may run it at the same time: a row is
 * deleted once whichever gets it first.
 */
export class RecordRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly batchRows: number;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly options: RetentionOptions,
  ) {
    for (const t of options.tables) {
      if (!IDENTIFIER.test(t.table) || !IDENTIFIER.test(t.timeColumn))
        throw new Error(`retention: not a plain table or column name: ${t.table}.${t.timeColumn}`);
    }
    this.batchRows = options.batchRows ?? 5000;
  }

  /**
   * Prunes a minute after start (so a gateway restarted more often than hourly still prunes), then
   * every `intervalMs`, until closed; nothing when retention is off (0 days).
   */
  start(): void {
    if (this.options.days <= 0 || this.options.tables.length === 0 || this.timer) return;
    const run = () => {
      if (this.running) return;
      this.running = this.prune()
        .catch((err: unknown) => this.logger.warn({ err }, 'record retention: prune failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setTimeout(() => {
      run();
      this.timer = setInterval(run, this.options.intervalMs ?? 3_600_000);
      this.timer.unref();
    }, this.options.firstDelayMs ?? 60_000);
    this.timer.unref();
  }

  /** Deletes what is past retention at `now`; the rows deleted per table. */
  async prune(now: Date = new Date()): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    if (this.options.days <= 0) return deleted;
    const cutoff = new Date(now.getTime() - this.options.days * 86_400_000);
    for (const { table, timeColumn } of this.options.tables) {
      let total = 0;
      for (;;) {
        const [oldest] = await this.db.query<{ id: bigint | number | string; old: boolean }>(
          `SELECT id, ${timeColumn} < $1 AS old FROM ${table} ORDER BY id LIMIT 1`,
          [cutoff],
        );
        if (!oldest?.old) break;
        const [row] = await this.db.query<{ n: number }>(
          `WITH gone AS (DELETE FROM ${table} WHERE id < $1::bigint + $2::int AND ${timeColumn} < $3 RETURNING 1)
           SELECT count(*)::int AS n FROM gone`,
          [String(oldest.id), this.batchRows, cutoff],
        );
        total += Number(row?.n ?? 0);
      }
      deleted[table] = total;
      if (total > 0)
        this.logger.info(
          { table, deleted: total, days: this.options.days },
          'records past retention deleted',
        );
    }
    return deleted;
  }

  async close(): Promise<void> {
    // clearTimeout clears an interval too (one timer type in Node).
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
