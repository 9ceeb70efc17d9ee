-- A/B tests of guard settings (issue 14). Counters live in the key-value store; this table holds
-- the definitions and their lifecycle (draft -> running <-> stopped, with a ramp percentage).
CREATE TABLE IF NOT EXISTS experiments (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  name TEXT NOT NULL,
  guard TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('user', 'session')),
  variants JSONB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'running', 'stopped')),
  ramp_percent DOUBLE PRECISION NOT NULL DEFAULT 100,
  salt TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  started_at TIMESTAMPTZ,
  stopped_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS experiments_org_guard ON experiments (organization_id, guard, status);
