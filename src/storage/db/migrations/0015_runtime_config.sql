-- Runtime configuration (issue 14): every change is a new version, kept with who made it and
-- which keys changed, so the table is both the history and the audit trail. `organization_id` is
-- the scope: 'global' for deployment-wide settings.
CREATE TABLE IF NOT EXISTS runtime_config_versions (
  organization_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  config JSONB NOT NULL,
  changed_keys JSONB NOT NULL DEFAULT '[]'::jsonb,
  actor_user_id TEXT,
  actor_api_key_id TEXT,
  comment TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, version)
);
