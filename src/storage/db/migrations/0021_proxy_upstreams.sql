-- The upstream model server of each organization for the OpenAI-compatible proxy (issue 16). The
-- API key is stored encrypted (AES-256-GCM, the organization id as associated data), never in clear.
CREATE TABLE IF NOT EXISTS proxy_upstreams (
  organization_id TEXT PRIMARY KEY,
  base_url TEXT NOT NULL,
  api_key_encrypted TEXT,
  updated_by TEXT,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
