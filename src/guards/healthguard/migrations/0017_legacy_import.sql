-- Imports from the original HealthGuard SQLite database (issue 14). Rows remember their id in the
-- source, so running the import again adds nothing twice.
ALTER TABLE poisonguard_analysis_results ADD COLUMN IF NOT EXISTS legacy_id TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS poisonguard_results_legacy ON poisonguard_analysis_results (organization_id, legacy_id)
  WHERE legacy_id IS NOT NULL;

-- mitigation_audit and system_metrics rows, kept whole as JSON (their columns varied between versions).
CREATE TABLE IF NOT EXISTS healthguard_legacy_rows (
  organization_id TEXT NOT NULL,
  source_table TEXT NOT NULL CHECK (source_table IN ('mitigation_audit', 'system_metrics')),
  legacy_id TEXT NOT NULL,
  data JSONB NOT NULL,
  recorded_at TIMESTAMPTZ,
  imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, source_table, legacy_id)
);
