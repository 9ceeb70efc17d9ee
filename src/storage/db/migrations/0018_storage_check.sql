-- Scratch rows of `codeguardians storage check` (written, read back and deleted at once).
CREATE TABLE IF NOT EXISTS storage_check (
  organization_id TEXT NOT NULL DEFAULT '_system',
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
