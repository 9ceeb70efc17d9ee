#!/usr/bin/env bash
# Starts the built server (dist/) once as a new user would (`cp .env.example .env`, then serve) in
# a throwaway folder, waits for /health/live, then stops it. CI runs it after `npm run build`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
port="${SMOKE_PORT:-18799}"
work="$(mktemp -d)"
log="$work/serve.log"
cp "$repo/.env.example" "$work/.env"
cd "$work"
PORT="$port" node "$repo/dist/cli.js" serve >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 90); do
  if curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; then
    echo "dist/ server is live on port $port"
    kill -TERM "$pid"
    wait "$pid" || { echo "server exited non-zero on SIGTERM:"; cat "$log"; exit 1; }
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "dist/ server exited before it was live:"; cat "$log"; exit 1; fi
  sleep 1
done
echo "dist/ server was not live after 90 s:"; cat "$log"; exit 1
