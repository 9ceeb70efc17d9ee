-- Guard policies per organization (issue 16): which guards run on input and on output, their
-- settings, the action per finding type, shadow mode and fail mode. Every change is a new version
-- with who made it; the newest version is the one in force.
CREATE TABLE IF NOT EXISTS guard_policies (
  organization_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  policy JSONB NOT NULL,
  actor_user_id TEXT,
  actor_api_key_id TEXT,
  comment TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, version)
);
