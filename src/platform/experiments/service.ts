import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { CallIdentity, GuardName } from '../../guards/contract.js';
import { storedString } from '../../http/stored-text.js';
import type { GuardCall } from '../../orchestrator/orchestrator.js';
import type { Database } from '../../storage/db/types.js';
import type { KeyValueStore } from '../../storage/kv/types.js';
import { THRESHOLD_GUARDS } from '../runtime-config-schema.js';
import { assignVariant } from './assign.js';
import {
  histogramQuantile,
  LATENCY_BOUNDS_MS,
  latencyBucket,
  proportionDifference,
  wilson,
} from './stats.js';

/**
 * A/B tests of guard settings. An experiment on one guard of one organization splits callers (by
 * API key, user or session id) into variants of the guard's thresholds. The orchestrator asks
 * `variantFor` before each call (through src/platform/guard-settings.ts), so the guard runs with
 * the variant's thresholds and the caller gets that verdict; the call's record names the variant,
 * and the observer counts exposures, served verdicts, errors and a latency histogram per variant in
 * the key-value store, under the organization's prefix. Results carry Wilson 95 % intervals.
 */

export const variantSchema = z.object({
  name: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'variant names are lowercase a-z, 0-9, _ and -'),
  weight: z.number().positive().max(1000).default(1),
  settings: z
    .object({ flag: z.number().min(0).max(1), block: z.number().min(0).max(1) })
    .strict()
    .refine((s) => s.flag <= s.block, 'flag must not exceed block'),
});

export const experimentInput = z.object({
  name: storedString().min(1).max(200),
  guard: z.enum(THRESHOLD_GUARDS),
  /** api_key: the credential's key (callers cannot choose it); user and session may come from the body. */
  unit: z.enum(['api_key', 'user', 'session']),
  variants: z
    .array(variantSchema)
    .min(2)
    .max(10)
    .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, 'variant names must be unique'),
  ramp_percent: z.number().min(0).max(100).default(100),
});

export type Variant = z.output<typeof variantSchema>;
export type ExperimentStatus = 'draft' | 'running' | 'stopped';
export type ExperimentUnit = 'api_key' | 'user' | 'session';

/** The unit value of a call: its API key, user or session id (undefined: not in the experiment). */
export const unitOf = (unit: ExperimentUnit, identity: CallIdentity): string | undefined =>
  unit === 'api_key' ? identity.apiKeyId : unit === 'user' ? identity.userId : identity.sessionId;

export interface Experiment {
  id: string;
  organization_id: string;
  name: string;
  guard: GuardName;
  unit: ExperimentUnit;
  variants: Variant[];
  status: ExperimentStatus;
  ramp_percent: number;
  created_at: string;
  started_at: string | null;
  stopped_at: string | null;
}

interface Row extends Experiment {
  salt: string;
}

const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);

const toRow = (r: Record<string, unknown>): Row => ({
  id: String(r.id),
  organization_id: String(r.organization_id),
  name: String(r.name),
  guard: String(r.guard) as GuardName,
  unit: r.unit === 'session' ? 'session' : r.unit === 'api_key' ? 'api_key' : 'user',
  variants: (typeof r.variants === 'string' ? JSON.parse(r.variants) : r.variants) as Variant[],
  status: String(r.status) as ExperimentStatus,
  ramp_percent: Number(r.ramp_percent),
  created_at: iso(r.created_at) ?? '',
  started_at: iso(r.started_at),
  stopped_at: iso(r.stopped_at),
  salt: String(r.salt),
});

const publicOf = ({ salt: _salt, ...e }: Row): Experiment => e;

const VERDICTS = ['allow', 'flag', 'block'] as const;
/** Counters expire a while after the last write, so a forgotten experiment does not stay forever. */
const COUNTER_TTL_SECONDS = 90 * 86_400;

export class ExperimentService {
  /**
   * An organization's running experiments (all guards: one read serves a /check of six), re-read
   * at most every `cacheMs`; concurrent misses share one read.
   */
  private readonly cache = new Map<string, { at: number; rows: Promise<Row[]> }>();

  constructor(
    private readonly db: Database,
    private readonly kv: KeyValueStore,
    private readonly logger: Logger,
    private readonly cacheMs = 2000,
  ) {}

  private counter(e: { organization_id: string; id: string }, variant: string, name: string): string {
    return `experiments:${e.organization_id}:${e.id}:${variant}:${name}`;
  }

  async create(organizationId: string, input: z.input<typeof experimentInput>): Promise<Experiment> {
    const parsed = experimentInput.parse(input);
    const rows = await this.db.query(
      `INSERT INTO experiments (id, organization_id, name, guard, unit, variants, status, ramp_percent, salt)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'draft', $7, $8) RETURNING *`,
      [
        randomUUID(),
        organizationId,
        parsed.name,
        parsed.guard,
        parsed.unit,
        JSON.stringify(parsed.variants),
        parsed.ramp_percent,
        randomBytes(16).toString('hex'),
      ],
    );
    return publicOf(toRow(rows[0] ?? {}));
  }

  private async row(organizationId: string, id: string): Promise<Row> {
    const rows = await this.db.query('SELECT * FROM experiments WHERE id = $1 AND organization_id = $2', [
      id,
      organizationId,
    ]);
    if (!rows[0]) throw new AppError('NOT_FOUND', `no experiment ${id}`);
    return toRow(rows[0]);
  }

  async get(organizationId: string, id: string): Promise<Experiment> {
    return publicOf(await this.row(organizationId, id));
  }

  async list(organizationId: string): Promise<Experiment[]> {
    const rows = await this.db.query(
      'SELECT * FROM experiments WHERE organization_id = $1 ORDER BY created_at DESC',
      [organizationId],
    );
    return rows.map((r) => publicOf(toRow(r)));
  }

  /** start, stop, or change the ramp. One experiment per guard runs at a time in an organization. */
  async transition(
    organizationId: string,
    id: string,
    change: { status?: 'running' | 'stopped'; ramp_percent?: number },
  ): Promise<Experiment> {
    const current = await this.row(organizationId, id);
    if (change.status === 'running' && current.status !== 'running') {
      const clash = await this.db.query(
        `SELECT id FROM experiments WHERE organization_id = $1 AND guard = $2 AND status = 'running' AND id <> $3`,
        [organizationId, current.guard, id],
      );
      if (clash.length > 0) {
        throw new AppError('CONFLICT', `experiment ${String(clash[0]?.id)} already runs on ${current.guard}`);
      }
    }
    const rows = await this.db.query(
      `UPDATE experiments SET
         status = COALESCE($3, status),
         ramp_percent = COALESCE($4, ramp_percent),
         started_at = CASE WHEN $3 = 'running' THEN COALESCE(started_at, now()) ELSE started_at END,
         stopped_at = CASE WHEN $3 = 'stopped' THEN now() WHEN $3 = 'running' THEN NULL ELSE stopped_at END,
         updated_at = now()
       WHERE id = $1 AND organization_id = $2 RETURNING *`,
      [id, organizationId, change.status ?? null, change.ramp_percent ?? null],
    );
    this.cache.delete(organizationId);
    return publicOf(toRow(rows[0] ?? {}));
  }

  /** The variant a unit gets in an experiment (undefined outside the ramp). */
  async assignment(organizationId: string, id: string, unit: string): Promise<string | undefined> {
    const e = await this.row(organizationId, id);
    return assignVariant(e.salt, e.variants, e.ramp_percent, unit);
  }

  private async running(organizationId: string, guard: GuardName): Promise<Row[]> {
    let entry = this.cache.get(organizationId);
    if (!entry || Date.now() - entry.at >= this.cacheMs) {
      const read = this.db
        .query(`SELECT * FROM experiments WHERE organization_id = $1 AND status = 'running'`, [
          organizationId,
        ])
        .then((found) => found.map(toRow));
      const fresh = { at: Date.now(), rows: read };
      this.cache.set(organizationId, fresh);
      // A failed read is not kept: the next call tries again.
      read.catch(() => {
        if (this.cache.get(organizationId) === fresh) this.cache.delete(organizationId);
      });
      entry = fresh;
    }
    return (await entry.rows).filter((e) => e.guard === guard);
  }

  /**
   * The variant whose settings a call of `guard` by `identity` runs with: from the organization's
   * running experiment on the guard, if the caller's unit is enrolled. Running experiments are
   * cached for `cacheMs`, so a start, stop or ramp reaches other replicas within that time.
   */
  async variantFor(
    organizationId: string,
    guard: GuardName,
    identity: CallIdentity,
  ): Promise<{ experimentId: string; name: string; settings: Variant['settings'] } | undefined> {
    for (const e of await this.running(organizationId, guard)) {
      const unit = unitOf(e.unit, identity);
      if (!unit) continue;
      const name = assignVariant(e.salt, e.variants, e.ramp_percent, unit);
      const variant = e.variants.find((v) => v.name === name);
      if (variant) return { experimentId: e.id, name: variant.name, settings: variant.settings };
    }
    return undefined;
  }

  /** Counts one finished guard call under the variant it ran with (the verdict the caller got). */
  async record(call: GuardCall): Promise<void> {
    const org = call.organizationId;
    const assigned = call.variant;
    if (!org || !assigned) return;
    const e = { organization_id: org, id: assigned.experimentId };
    const bump = (counter: string) =>
      this.kv.incrBy(this.counter(e, assigned.name, counter), 1, COUNTER_TTL_SECONDS);
    await bump('exposures');
    if (call.verdict === 'error') await bump('errors');
    else await bump(`verdict:${call.verdict}`);
    await bump(`latency:${latencyBucket(call.latencyMs)}`);
  }

  /** An orchestrator observer: records off the hot path, logging (never throwing) failures. */
  observer(): (call: GuardCall) => void {
    return (call) => {
      void this.record(call).catch((err: unknown) =>
        this.logger.warn({ err }, 'experiment counter update failed'),
      );
    };
  }

  async results(organizationId: string, id: string) {
    const e = await this.row(organizationId, id);
    const read = async (variant: string, name: string) =>
      Number((await this.kv.get(this.counter(e, variant, name))) ?? 0);
    const perVariant = await Promise.all(
      e.variants.map(async (v) => {
        const exposures = await read(v.name, 'exposures');
        const errors = await read(v.name, 'errors');
        const verdicts = Object.fromEntries(
          await Promise.all(VERDICTS.map(async (k) => [k, await read(v.name, `verdict:${k}`)] as const)),
        );
        const judged = VERDICTS.reduce((s, k) => s + (verdicts[k] ?? 0), 0);
        const latency = await Promise.all(
          Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => read(v.name, `latency:${i}`)),
        );
        return {
          name: v.name,
          settings: v.settings,
          exposures,
          errors,
          error_rate: { value: exposures ? errors / exposures : 0, ci95: wilson(errors, exposures) },
          verdict_rates: Object.fromEntries(
            VERDICTS.map((k) => [
              k,
              {
                count: verdicts[k] ?? 0,
                rate: judged ? (verdicts[k] ?? 0) / judged : 0,
                ci95: wilson(verdicts[k] ?? 0, judged),
              },
            ]),
          ),
          latency_ms: {
            p50: histogramQuantile(latency, 0.5),
            p95: histogramQuantile(latency, 0.95),
            p99: histogramQuantile(latency, 0.99),
          },
        };
      }),
    );
    const control = perVariant[0];
    const comparisons = perVariant.slice(1).map((v) => ({
      variant: v.name,
      against: control?.name,
      block_rate: proportionDifference(
        control?.verdict_rates.block?.count ?? 0,
        (control?.exposures ?? 0) - (control?.errors ?? 0),
        v.verdict_rates.block?.count ?? 0,
        v.exposures - v.errors,
      ),
    }));
    return { experiment: publicOf(e), variants: perVariant, comparisons };
  }
}
