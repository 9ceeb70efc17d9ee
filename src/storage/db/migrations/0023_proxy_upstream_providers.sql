-- An organization may have one upstream per provider (issue 16): OpenAI's API (OpenAI, Azure
-- OpenAI, vLLM, Ollama, ...) for /v1/chat/completions, /v1/completions and /v1/embeddings, and
-- Anthropic's for /v1/messages. Existing rows are the OpenAI-compatible upstreams they always were.
ALTER TABLE proxy_upstreams ADD COLUMN IF NOT EXISTS provider TEXT NOT NULL DEFAULT 'openai';
ALTER TABLE proxy_upstreams DROP CONSTRAINT IF EXISTS proxy_upstreams_provider_check;
ALTER TABLE proxy_upstreams ADD CONSTRAINT proxy_upstreams_provider_check CHECK (provider IN ('openai', 'anthropic'));
ALTER TABLE proxy_upstreams DROP CONSTRAINT IF EXISTS proxy_upstreams_pkey;
ALTER TABLE proxy_upstreams ADD PRIMARY KEY (organization_id, provider);
