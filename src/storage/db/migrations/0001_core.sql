-- Every guard call: what ran, what it decided, how long it took. No raw text unless STORE_RAW_TEXT=true.
CREATE TABLE IF NOT EXISTS guard_operations (
  id BIGSERIAL PRIMARY KEY,
  request_id TEXT NOT NULL,
  guard TEXT NOT NULL,
  verdict TEXT NOT NULL CHECK (verdict IN ('allow', 'flag', 'block', 'error')),
  score DOUBLE PRECISION,
  latency_ms DOUBLE PRECISION NOT NULL,
  findings_count INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  user_id TEXT,
  session_id TEXT,
  organization_id TEXT,
  input_text TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS guard_operations_guard_time ON guard_operations (guard, created_at);
CREATE INDEX IF NOT EXISTS guard_operations_request ON guard_operations (request_id);
