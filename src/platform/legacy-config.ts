import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { RuntimeConfigService } from './runtime-config.js';
import {
  changedKeys,
  type RuntimeConfig,
  runtimeConfigSchema,
  THRESHOLD_GUARDS,
} from './runtime-config-schema.js';

/**
 * `codeguardians migrate-data config FILE`: imports the original service's file-based
 * configuration into the runtime configuration (a new version in PostgreSQL, cached in Redis and
 * announced to every replica). The original's storage design does not specify the file; the
 * format assumed here (documented in docs/storage.md) is JSON:
 *
 *   { "services" | "guards": { "<guard>": { "flag_threshold", "block_threshold", "threshold",
 *                                            "timeout" (seconds) | "timeout_ms" } },
 *     "rate_limiting" | "rate_limits": { "requests_per_minute", "requests_per_hour", "burst_size" | "burst" },
 *     "features" | "feature_flags": { "<name>": true | false } }
 *
 * The imported values are merged over the current runtime configuration. Idempotent: when the
 * merge changes nothing, no version is written. Keys that have no runtime equivalent are listed
 * in the report as skipped, never silently dropped. A dry run shows the result without writing.
 */

export interface ConfigImportReport {
  source: string;
  dry_run: boolean;
  /** 'written' (a new version), 'unchanged' (already in force) or 'would_write' (dry run). */
  outcome: 'written' | 'unchanged' | 'would_write';
  version_before: number;
  version_after: number;
  changed_keys: string[];
  skipped: { key: string; reason: string }[];
  config: RuntimeConfig;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The runtime-config fragment a legacy file describes, plus what it could not map. */
export function mapLegacyConfig(raw: unknown): {
  fragment: Record<string, Record<string, unknown>>;
  skipped: { key: string; reason: string }[];
} {
  if (!isObject(raw)) throw new AppError('INVALID_FILE', 'the configuration file is not a JSON object');
  const skipped: { key: string; reason: string }[] = [];
  const thresholds: Record<string, { flag?: number; block?: number }> = {};
  const timeouts: Record<string, number> = {};
  const rateLimits: Record<string, number> = {};
  const flags: Record<string, boolean> = {};
  const known = new Set(THRESHOLD_GUARDS);

  for (const [section, value] of Object.entries(raw)) {
    if ((section === 'services' || section === 'guards') && isObject(value)) {
      for (const [guard, settings] of Object.entries(value)) {
        if (!isObject(settings)) {
          skipped.push({ key: `${section}.${guard}`, reason: 'not an object' });
          continue;
        }
        for (const [k, v] of Object.entries(settings)) {
          const key = `${section}.${guard}.${k}`;
          const n = num(v);
          if (k === 'timeout' || k === 'timeout_ms') {
            if (n === undefined) skipped.push({ key, reason: 'not a number' });
            else timeouts[guard] = Math.round(k === 'timeout' ? n * 1000 : n);
          } else if (k === 'flag_threshold' || k === 'threshold' || k === 'block_threshold') {
            if (!known.has(guard)) skipped.push({ key, reason: `${guard} takes no thresholds` });
            else if (n === undefined) skipped.push({ key, reason: 'not a number' });
            else
              thresholds[guard] = { ...thresholds[guard], [k === 'block_threshold' ? 'block' : 'flag']: n };
          } else skipped.push({ key, reason: 'no runtime equivalent' });
        }
      }
    } else if ((section === 'rate_limiting' || section === 'rate_limits') && isObject(value)) {
      const names: Record<string, string> = {
        requests_per_minute: 'per_minute',
        per_minute: 'per_minute',
        requests_per_hour: 'per_hour',
        per_hour: 'per_hour',
        burst_size: 'burst',
        burst: 'burst',
      };
      for (const [k, v] of Object.entries(value)) {
        const target = names[k];
        const n = num(v);
        if (!target) skipped.push({ key: `${section}.${k}`, reason: 'no runtime equivalent' });
        else if (n === undefined) skipped.push({ key: `${section}.${k}`, reason: 'not a number' });
        else rateLimits[target] = n;
      }
    } else if ((section === 'features' || section === 'feature_flags') && isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        const name = k.toLowerCase();
        if (typeof v !== 'boolean') skipped.push({ key: `${section}.${k}`, reason: 'not true or false' });
        else if (!/^[a-z0-9_.-]{1,64}$/.test(name))
          skipped.push({ key: `${section}.${k}`, reason: 'not a valid flag name' });
        else flags[name] = v;
      }
    } else skipped.push({ key: section, reason: 'no runtime equivalent' });
  }
  return {
    fragment: {
      thresholds,
      guard_timeouts_ms: timeouts,
      rate_limits: rateLimits,
      feature_flags: flags,
    },
    skipped,
  };
}

/** `base` with each section's entries of `fragment` laid over it (one level deep per section, two for thresholds). */
function merge(base: RuntimeConfig, fragment: Record<string, Record<string, unknown>>): unknown {
  const thresholds: Record<string, unknown> = { ...base.thresholds };
  for (const [g, t] of Object.entries(fragment.thresholds ?? {})) {
    thresholds[g] = { ...(base.thresholds[g] ?? {}), ...(t as object) };
  }
  return {
    thresholds,
    guard_timeouts_ms: { ...base.guard_timeouts_ms, ...fragment.guard_timeouts_ms },
    rate_limits: { ...base.rate_limits, ...fragment.rate_limits },
    feature_flags: { ...base.feature_flags, ...fragment.feature_flags },
  };
}

export async function importLegacyConfig(
  service: RuntimeConfigService,
  file: string,
  options: { dryRun: boolean },
): Promise<ConfigImportReport> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new AppError('INVALID_FILE', `${file}: ${(err as Error).message}`);
  }
  const { fragment, skipped } = mapLegacyConfig(raw);
  await service.refresh();
  const before = service.current();
  const merged = runtimeConfigSchema.safeParse(merge(before.config, fragment));
  if (!merged.success) {
    const first = merged.error.issues[0];
    throw new AppError(
      'VALIDATION_ERROR',
      `${file}: ${first?.path.join('.') || 'config'}: ${first?.message ?? 'invalid'}`,
    );
  }
  const changed = changedKeys(before.config, merged.data);
  const base = {
    source: file,
    dry_run: options.dryRun,
    version_before: before.version,
    changed_keys: changed,
    skipped,
    config: merged.data,
  };
  if (changed.length === 0) return { ...base, outcome: 'unchanged', version_after: before.version };
  if (options.dryRun) return { ...base, outcome: 'would_write', version_after: before.version };
  const saved = await service.update(
    merged.data,
    { userId: null, apiKeyId: null },
    { expectedVersion: before.version, comment: `migrate-data config ${file}` },
  );
  return { ...base, outcome: 'written', version_after: saved.version };
}
