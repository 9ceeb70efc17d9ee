-- BiasGuard: organization policies, an audit row per evaluation under a policy, a violation row per breach,
-- and compliance reports over a period. Organization ids are text until the identity issue lands.
CREATE TABLE IF NOT EXISTS biasguard_policies (
  id TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  name TEXT NOT NULL,
  description TEXT,
  categories JSONB NOT NULL DEFAULT '[]'::jsonb,
  threshold DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (threshold >= 0 AND threshold <= 1),
  enforcement TEXT NOT NULL DEFAULT 'flag' CHECK (enforcement IN ('block', 'review', 'flag')),
  priority INTEGER NOT NULL DEFAULT 0,
  enabled BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS biasguard_policies_org ON biasguard_policies (organization_id, enabled, priority);

CREATE TABLE IF NOT EXISTS biasguard_audit_logs (
  id BIGSERIAL PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  request_id TEXT NOT NULL,
  user_id TEXT,
  decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny', 'review_required')),
  policy_ids JSONB NOT NULL DEFAULT '[]'::jsonb,
  violations JSONB NOT NULL DEFAULT '[]'::jsonb,
  metrics JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS biasguard_audit_logs_org_time ON biasguard_audit_logs (organization_id, created_at);

CREATE TABLE IF NOT EXISTS biasguard_policy_violations (
  id BIGSERIAL PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  policy_id TEXT NOT NULL,
  audit_log_id BIGINT REFERENCES biasguard_audit_logs (id) ON DELETE SET NULL,
  request_id TEXT NOT NULL,
  violation_type TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  impact_score DOUBLE PRECISION NOT NULL,
  details JSONB NOT NULL DEFAULT '{}'::jsonb,
  resolved BOOLEAN NOT NULL DEFAULT false,
  resolved_at TIMESTAMPTZ,
  resolved_by TEXT,
  resolution_notes TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS biasguard_violations_org_time ON biasguard_policy_violations (organization_id, created_at);
CREATE INDEX IF NOT EXISTS biasguard_violations_open ON biasguard_policy_violations (organization_id, resolved);

CREATE TABLE IF NOT EXISTS biasguard_compliance_reports (
  id BIGSERIAL PRIMARY KEY,
  organization_id TEXT NOT NULL DEFAULT 'default',
  period_start TIMESTAMPTZ NOT NULL,
  period_end TIMESTAMPTZ NOT NULL,
  total_events INTEGER NOT NULL,
  total_violations INTEGER NOT NULL,
  open_violations INTEGER NOT NULL,
  compliance_score DOUBLE PRECISION NOT NULL,
  fairness_score DOUBLE PRECISION NOT NULL,
  details JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS biasguard_reports_org ON biasguard_compliance_reports (organization_id, created_at);
