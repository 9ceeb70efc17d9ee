-- HealthGuard dataset jobs over stored files (issue 14): the source stays in the file store, so a
-- job a process left unfinished resumes from its last checkpoint (rows done and the report so far)
-- in whichever process next holds its lease.
CREATE TABLE IF NOT EXISTS healthguard_file_jobs (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  file_key TEXT NOT NULL,
  source_sha256 TEXT,
  format TEXT NOT NULL CHECK (format IN ('jsonl', 'csv')),
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  threshold DOUBLE PRECISION NOT NULL,
  rows_done BIGINT NOT NULL DEFAULT 0,
  bytes_total BIGINT NOT NULL DEFAULT 0,
  bytes_done BIGINT NOT NULL DEFAULT 0,
  progress_percent DOUBLE PRECISION NOT NULL DEFAULT 0,
  chunks_done INTEGER NOT NULL DEFAULT 0,
  resumed_count INTEGER NOT NULL DEFAULT 0,
  checkpoint JSONB,
  cleaned_key TEXT,
  report_key TEXT,
  error TEXT,
  lease_owner TEXT,
  lease_until TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS healthguard_file_jobs_org_time ON healthguard_file_jobs (organization_id, created_at);
CREATE INDEX IF NOT EXISTS healthguard_file_jobs_claim ON healthguard_file_jobs (status, lease_until);
