-- Identity and tenancy: users, organizations, members, sessions, API keys, tiers, subscriptions,
-- usage and the audit log.
CREATE TABLE IF NOT EXISTS users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  password_hash TEXT NOT NULL,
  is_superuser BOOLEAN NOT NULL DEFAULT false,
  is_active BOOLEAN NOT NULL DEFAULT true,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS tiers (
  name TEXT PRIMARY KEY,
  requests_per_minute INTEGER NOT NULL,
  requests_per_hour INTEGER NOT NULL,
  burst INTEGER NOT NULL,
  monthly_calls BIGINT,
  monthly_tokens BIGINT,
  max_payload_bytes INTEGER NOT NULL,
  guards_allowed TEXT[] NOT NULL,
  price_monthly_usd NUMERIC(10, 2) NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO tiers (name, requests_per_minute, requests_per_hour, burst, monthly_calls, monthly_tokens, max_payload_bytes, guards_allowed, price_monthly_usd)
VALUES
  ('free', 60, 1000, 20, 10000, 1000000, 1048576,
   ARRAY['tokenguard','trustguard','contextguard','biasguard','securityguard','healthguard'], 0),
  ('pro', 600, 20000, 100, 1000000, 100000000, 10485760,
   ARRAY['tokenguard','trustguard','contextguard','biasguard','securityguard','healthguard'], 49),
  ('enterprise', 6000, 200000, 1000, NULL, NULL, 10485760,
   ARRAY['tokenguard','trustguard','contextguard','biasguard','securityguard','healthguard'], 499)
ON CONFLICT (name) DO NOTHING;

CREATE TABLE IF NOT EXISTS organizations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS organization_members (
  organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX IF NOT EXISTS organization_members_user ON organization_members (user_id);

CREATE TABLE IF NOT EXISTS subscriptions (
  organization_id UUID PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
  tier TEXT NOT NULL REFERENCES tiers (name),
  status TEXT NOT NULL CHECK (status IN ('active', 'trialing', 'past_due', 'canceled', 'unpaid')),
  current_period_start TIMESTAMPTZ NOT NULL DEFAULT now(),
  current_period_end TIMESTAMPTZ,
  provider TEXT,
  provider_reference TEXT,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A session is a refresh-token family: rotating the token keeps the row, reusing an old one revokes it.
CREATE TABLE IF NOT EXISTS sessions (
  id UUID PRIMARY KEY,
  user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organization_id UUID REFERENCES organizations (id) ON DELETE CASCADE,
  refresh_hash TEXT NOT NULL,
  used_hashes TEXT[] NOT NULL DEFAULT '{}',
  ip TEXT,
  user_agent TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_used_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  expires_at TIMESTAMPTZ NOT NULL,
  revoked_at TIMESTAMPTZ,
  revoked_reason TEXT
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user_id);

CREATE TABLE IF NOT EXISTS api_keys (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  created_by UUID REFERENCES users (id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scopes TEXT[] NOT NULL,
  rate_limit_per_minute INTEGER,
  expires_at TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ,
  revoked_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS api_keys_org ON api_keys (organization_id);

-- Usage per organization, key, guard and day; written in batches from key-value counters.
CREATE TABLE IF NOT EXISTS usage_records (
  organization_id TEXT NOT NULL,
  api_key_id TEXT NOT NULL DEFAULT '',
  guard TEXT NOT NULL,
  day DATE NOT NULL,
  requests BIGINT NOT NULL DEFAULT 0,
  errors BIGINT NOT NULL DEFAULT 0,
  tokens BIGINT NOT NULL DEFAULT 0,
  total_latency_ms DOUBLE PRECISION NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, api_key_id, guard, day)
);

CREATE TABLE IF NOT EXISTS audit_logs (
  id BIGSERIAL PRIMARY KEY,
  organization_id UUID,
  actor_user_id UUID,
  actor_api_key_id UUID,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT,
  before JSONB,
  after JSONB,
  request_id TEXT,
  ip TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_logs_org_time ON audit_logs (organization_id, created_at);
