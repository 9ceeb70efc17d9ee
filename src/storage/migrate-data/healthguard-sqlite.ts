import { readFile } from 'node:fs/promises';
import initSqlJs from 'sql.js';
import type { Database } from '../db/types.js';

/**
 * `codeguardians migrate-data healthguard-sqlite FILE`: copies the original HealthGuard SQLite
 * database into PostgreSQL. analysis_audit rows become poisonguard_analysis_results (what the
 * HealthGuard history reads); mitigation_audit and system_metrics rows are kept whole as JSON in
 * healthguard_legacy_rows. Every row keeps its source id, so a second run inserts nothing, and a
 * dry run reads and counts without writing. Columns are matched by name, tolerating versions.
 */

export const LEGACY_TABLES = ['analysis_audit', 'mitigation_audit', 'system_metrics'] as const;
type LegacyTable = (typeof LEGACY_TABLES)[number];

export interface TableReport {
  table: LegacyTable;
  present: boolean;
  read: number;
  inserted: number;
  skipped_existing: number;
  invalid: number;
}

export interface ImportReport {
  source: string;
  organization_id: string;
  dry_run: boolean;
  tables: TableReport[];
}

type Value = string | number | null | Uint8Array;
type Rec = Record<string, Value>;

const first = (row: Rec, names: string[]): Value | undefined => {
  for (const n of names) if (row[n] !== undefined && row[n] !== null) return row[n];
  return undefined;
};

/** SQLite stores times as ISO text, as 'YYYY-MM-DD HH:MM:SS' (UTC) or as Unix seconds. */
export function legacyTime(v: Value | undefined): string | null {
  if (v === undefined || v === null || v instanceof Uint8Array) return null;
  if (typeof v === 'number') return new Date(v > 1e12 ? v : v * 1000).toISOString();
  const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

const json = (v: Value | undefined, fallback: unknown): unknown => {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v);
  } catch {
    return fallback;
  }
};

const MITIGATIONS = new Set(['flag', 'sanitize', 'redact', 'drop']);

export async function importHealthguardSqlite(
  db: Database,
  file: string,
  options: { organizationId: string; dryRun: boolean },
): Promise<ImportReport> {
  const SQL = await initSqlJs();
  const source = new SQL.Database(await readFile(file));
  const report: ImportReport = {
    source: file,
    organization_id: options.organizationId,
    dry_run: options.dryRun,
    tables: [],
  };
  try {
    const existing = new Set(
      (source.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0]?.values ?? []).map((r) =>
        String(r[0]),
      ),
    );
    for (const table of LEGACY_TABLES) {
      const t: TableReport = {
        table,
        present: existing.has(table),
        read: 0,
        inserted: 0,
        skipped_existing: 0,
        invalid: 0,
      };
      report.tables.push(t);
      if (!t.present) continue;
      // Streams row by row (sql.js steps a prepared statement), so a big file is not one array.
      const stmt = source.prepare(`SELECT rowid AS _rowid_, * FROM ${table}`);
      try {
        while (stmt.step()) {
          const row = stmt.getAsObject() as Rec;
          t.read++;
          const legacyId = String(first(row, ['id', '_rowid_']));
          const outcome =
            table === 'analysis_audit'
              ? await importAnalysis(db, row, legacyId, options)
              : await importWhole(db, table, row, legacyId, options);
          if (outcome === 'inserted') t.inserted++;
          else if (outcome === 'exists') t.skipped_existing++;
          else t.invalid++;
        }
      } finally {
        stmt.free();
      }
    }
  } finally {
    source.close();
  }
  return report;
}

type Outcome = 'inserted' | 'exists' | 'invalid';

async function exists(db: Database, sql: string, params: unknown[]): Promise<boolean> {
  return (await db.query(sql, params)).length > 0;
}

async function importAnalysis(
  db: Database,
  row: Rec,
  legacyId: string,
  o: { organizationId: string; dryRun: boolean },
): Promise<Outcome> {
  const sample = first(row, ['sample_id', 'data_id', 'item_id']);
  const confidence = Number(first(row, ['confidence', 'score', 'poison_score']) ?? Number.NaN);
  if (sample === undefined || !Number.isFinite(confidence)) return 'invalid';
  const poisoned = first(row, ['is_poisoned', 'poisoned']);
  const mitigation = String(first(row, ['mitigation', 'mitigation_strategy', 'action']) ?? 'flag');
  const params = [
    o.organizationId,
    String(first(row, ['request_id']) ?? `legacy-${legacyId}`),
    String(sample),
    poisoned === 1 || poisoned === '1' || poisoned === 'true',
    Math.min(1, Math.max(0, confidence)),
    JSON.stringify(json(first(row, ['reasons', 'detection_reasons']), [])),
    JSON.stringify(json(first(row, ['plugin_results', 'details']), {})),
    MITIGATIONS.has(mitigation) ? mitigation : 'flag',
    legacyTime(first(row, ['timestamp', 'created_at', 'analyzed_at'])) ?? new Date(0).toISOString(),
    legacyId,
  ];
  if (o.dryRun) {
    return (await exists(
      db,
      'SELECT 1 FROM poisonguard_analysis_results WHERE organization_id = $1 AND legacy_id = $2',
      [o.organizationId, legacyId],
    ))
      ? 'exists'
      : 'inserted';
  }
  const inserted = await db.query(
    `INSERT INTO poisonguard_analysis_results
       (organization_id, request_id, sample_id, is_poisoned, confidence, reasons, plugin_results, mitigation, created_at, legacy_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10)
     ON CONFLICT (organization_id, legacy_id) WHERE legacy_id IS NOT NULL DO NOTHING RETURNING id`,
    params,
  );
  return inserted.length > 0 ? 'inserted' : 'exists';
}

async function importWhole(
  db: Database,
  table: 'mitigation_audit' | 'system_metrics',
  row: Rec,
  legacyId: string,
  o: { organizationId: string; dryRun: boolean },
): Promise<Outcome> {
  const { _rowid_: _ignored, ...rest } = row;
  const data = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
    ]),
  );
  if (o.dryRun) {
    return (await exists(
      db,
      'SELECT 1 FROM healthguard_legacy_rows WHERE organization_id = $1 AND source_table = $2 AND legacy_id = $3',
      [o.organizationId, table, legacyId],
    ))
      ? 'exists'
      : 'inserted';
  }
  const inserted = await db.query(
    `INSERT INTO healthguard_legacy_rows (organization_id, source_table, legacy_id, data, recorded_at)
     VALUES ($1, $2, $3, $4::jsonb, $5) ON CONFLICT DO NOTHING RETURNING legacy_id`,
    [
      o.organizationId,
      table,
      legacyId,
      JSON.stringify(data),
      legacyTime(first(row, ['timestamp', 'created_at', 'recorded_at'])),
    ],
  );
  return inserted.length > 0 ? 'inserted' : 'exists';
}
