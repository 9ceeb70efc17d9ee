-- HealthGuard (PoisonGuard): one row per analysed sample, periodic health samples, and dataset jobs whose
-- progress and result survive a restart.
CREATE TABLE IF NOT EXISTS poisonguard_analysis_results (
  id BIGSERIAL PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  request_id TEXT NOT NULL,
  sample_id TEXT NOT NULL,
  is_poisoned BOOLEAN NOT NULL,
  confidence DOUBLE PRECISION NOT NULL,
  reasons JSONB NOT NULL DEFAULT '[]'::jsonb,
  plugin_results JSONB NOT NULL DEFAULT '{}'::jsonb,
  mitigation TEXT NOT NULL CHECK (mitigation IN ('flag', 'sanitize', 'redact', 'drop')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS poisonguard_results_org_time ON poisonguard_analysis_results (organization_id, created_at);
CREATE INDEX IF NOT EXISTS poisonguard_results_request ON poisonguard_analysis_results (request_id);

CREATE TABLE IF NOT EXISTS poisonguard_health_metrics (
  id BIGSERIAL PRIMARY KEY,
  sampled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  rss_bytes BIGINT NOT NULL,
  heap_used_bytes BIGINT NOT NULL,
  cpu_percent DOUBLE PRECISION NOT NULL,
  event_loop_lag_p50_ms DOUBLE PRECISION NOT NULL,
  event_loop_lag_p99_ms DOUBLE PRECISION NOT NULL,
  guards JSONB NOT NULL DEFAULT '{}'::jsonb,
  alerts JSONB NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX IF NOT EXISTS poisonguard_health_time ON poisonguard_health_metrics (sampled_at);

CREATE TABLE IF NOT EXISTS healthguard_jobs (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  phase TEXT,
  progress_percent DOUBLE PRECISION NOT NULL DEFAULT 0,
  rows_done INTEGER NOT NULL DEFAULT 0,
  rows_total INTEGER NOT NULL DEFAULT 0,
  source TEXT NOT NULL DEFAULT 'inline',
  result JSONB,
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS healthguard_jobs_org_time ON healthguard_jobs (organization_id, created_at);
