#!/usr/bin/env bash
# Check-in throughput, as a ratio to the database's own primary-key read measured in the same
# run (pgbench on PostgreSQL; Python's sqlite3 on the SQLite file). The release server on the
# demo ward, the ward secretary opens many sessions of the whole ward; then wrk, each request a
# new check-in of a distinct (member, session): single `POST /sessions/{id}/check-ins` with 64
# connections, then offline syncs of 100 (`POST /check-ins/batch`) with 16.
#
#   bash bench/check_ins.sh                                                        # SQLite
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/check_ins.sh
#
# `BIN=path` measures another build. Needs wrk and pgbench (wrk is installed from Debian's
# packages when missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p sotay-api
  BIN=./target/release/sotay
fi

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18082}
work=$(mktemp -d)
server_pid=""
pg_db=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if [ -n "$pg_db" ]; then psql "$SOTAY_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

bench_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url SOTAY_BIND=127.0.0.1:$PORT RUST_LOG=warn SOTAY_DB_POOL_SIZE=8
  export SOTAY_JWT_SECRET="bench-only signing key, thirty-two bytes or more"
  "$BIN" demo >/dev/null
  "$BIN" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready"
  echo "== $name"
  python3 bench/check_ins.py "http://127.0.0.1:$PORT" "$url" "$DURATION" "$CONNECTIONS" "$work"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
}

bench_backend sqlite "sqlite://$work/bench.db"
if [ -n "${SOTAY_BENCH_POSTGRES_URL:-}" ]; then
  pg_db="sotay_check_ins_$$"
  psql "$SOTAY_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
  bench_backend postgresql "${SOTAY_BENCH_POSTGRES_URL%/*}/$pg_db"
fi
