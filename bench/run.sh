#!/usr/bin/env bash
# Benchmarks of the identity endpoints, with a reference measured in the same run:
# every throughput is also given as a ratio to `GET /health/live` (bare actix, no database), so
# numbers from different machines and loads compare. Runs the release build on loopback only.
#
#   bash bench/run.sh                      # SQLite
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/run.sh
#
# Needs wrk (installed from Debian's packages when missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release -q -p sotay-api

DURATION=${DURATION:-8s}
PORT=${PORT:-18080}
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
  export DATABASE_URL=$url SOTAY_BIND=127.0.0.1:$PORT RUST_LOG=warn
  export SOTAY_JWT_SECRET="bench-only signing key, thirty-two bytes or more"
  ./target/release/sotay demo >/dev/null
  ./target/release/sotay serve >"$work/server.log" 2>&1 &
  server_pid=$!
  python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready"

  echo "== $name"
  python3 bench/measure.py "http://127.0.0.1:$PORT" "$DURATION" "$work"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

bench_backend sqlite "sqlite://$work/bench.db"
if [ -n "${SOTAY_BENCH_POSTGRES_URL:-}" ]; then
  pg_db="sotay_bench_$$"
  psql "$SOTAY_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
  bench_backend postgresql "${SOTAY_BENCH_POSTGRES_URL%/*}/$pg_db"
fi
