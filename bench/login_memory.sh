#!/usr/bin/env bash
# Memory of the server around bursts of concurrent logins (issue 10, item 7: RSS at most 100 MB
# after a burst of 200 and once settled, login throughput unchanged). Release build, loopback,
# the demo ward on SQLite (and on PostgreSQL when SOTAY_BENCH_POSTGRES_URL names a server).
#
#   bash bench/login_memory.sh
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/login_memory.sh
#   BIN=/path/to/an/older/sotay bash bench/login_memory.sh    # the same bench, another build
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p sotay-api
  BIN=./target/release/sotay
fi
PORT=${PORT:-18081}
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ -n "${pg_db:-}" ]; then psql "$SOTAY_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

bench_backend() {
  local name=$1 url=$2
  # Generous login limits: the bench logs the same members in many times on purpose.
  export DATABASE_URL=$url SOTAY_BIND=127.0.0.1:$PORT RUST_LOG=warn \
    SOTAY_LOGIN_FAILURES_PER_CLIENT=1000000 SOTAY_DB_TIMEOUT_SECS=30
  export SOTAY_JWT_SECRET="bench-only signing key, thirty-two bytes or more"
  "$BIN" demo >/dev/null
  "$BIN" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready"
  echo "== $name ($BIN)"
  python3 bench/login_memory.py "http://127.0.0.1:$PORT" "$server_pid"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

bench_backend sqlite "sqlite://$work/bench.db"
if [ -n "${SOTAY_BENCH_POSTGRES_URL:-}" ]; then
  pg_db="sotay_bench_memory_$$"
  psql "$SOTAY_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
  bench_backend postgresql "${SOTAY_BENCH_POSTGRES_URL%/*}/$pg_db"
fi
