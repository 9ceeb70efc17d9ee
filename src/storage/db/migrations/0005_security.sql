-- Revocations and other cache invalidations, with their organization: PostgreSQL is the truth, so a
-- cached key-value entry older than its key's last invalidation is refused even when the deletion
-- never reached Redis (an outage) and Redis comes back with the old entry.
CREATE TABLE IF NOT EXISTS kv_invalidations (
  key TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  invalidated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS kv_invalidations_time ON kv_invalidations (invalidated_at);
