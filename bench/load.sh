#!/usr/bin/env bash
# Load benchmark of the hot reads, each as a ratio to the database's own speed for a primary-key
# read measured in the same run: pgbench, 64 clients, one prepared `SELECT … WHERE id = $1` on
# the members table. Then wrk, 64 connections, against the release server (pool of 8) on the
# same PostgreSQL and the demo ward, as a member: `GET /me`, the document list, one document.
#
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/load.sh
#
# `BIN=path` measures another build (e.g. an older release) for a before/after. Needs wrk and
# pgbench (wrk is installed from Debian's packages when missing) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${SOTAY_BENCH_POSTGRES_URL:?set SOTAY_BENCH_POSTGRES_URL to a PostgreSQL server the bench may create a database on}"
if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p sotay-api
  BIN=./target/release/sotay
fi

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18081}
work=$(mktemp -d)
server_pid=""
pg_db="sotay_load_$$"
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  psql "$SOTAY_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

psql "$SOTAY_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
database_url="${SOTAY_BENCH_POSTGRES_URL%/*}/$pg_db"
export DATABASE_URL=$database_url SOTAY_BIND=127.0.0.1:$PORT RUST_LOG=warn SOTAY_DB_POOL_SIZE=8
export SOTAY_JWT_SECRET="bench-only signing key, thirty-two bytes or more"
"$BIN" demo >/dev/null
"$BIN" serve >"$work/server.log" 2>&1 &
server_pid=$!
python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready"
python3 bench/load.py "http://127.0.0.1:$PORT" "$database_url" "$DURATION" "$CONNECTIONS" "$work"
