#!/usr/bin/env bash
# A campaign's progress report and a resolution's plan roll-up at province scale on
# PostgreSQL: the demo ward plus an area of 100,000 members who study its congress resolution
# and plan for it (bench/studies_seed.sql). Latencies of the reports, sequentially, each
# against the database's own primary-key read (pgbench, one client) and `GET /health/live`,
# both measured in the same run.
#
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/studies.sh
#
# `SEED=0` measures the demo ward alone (the ward-scale figures); `ROUNDS` (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SOTAY_BENCH_POSTGRES_URL:?set SOTAY_BENCH_POSTGRES_URL to a server the bench may create a database on}"

cargo build --release -q -p sotay-api
PORT=${PORT:-18093}
pg_db="sotay_bench_studies_$$"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  psql "$SOTAY_BENCH_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

psql "$SOTAY_BENCH_POSTGRES_URL" -qc "CREATE DATABASE $pg_db" >/dev/null
export DATABASE_URL="${SOTAY_BENCH_POSTGRES_URL%/*}/$pg_db" SOTAY_BIND=127.0.0.1:$PORT RUST_LOG=warn
export SOTAY_JWT_SECRET="bench-only signing key, thirty-two bytes or more"
./target/release/sotay demo >/dev/null
if [ "${SEED:-1}" != 0 ]; then
  started=$(date +%s)
  psql "$DATABASE_URL" -q -f bench/studies_seed.sql
  echo "seeded 100,000 members, their attendance, reflections and plans in $(( $(date +%s) - started )) s"
fi
./target/release/sotay serve >"$work/server.log" 2>&1 &
server_pid=$!
python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready" || { cat "$work/server.log"; exit 1; }
python3 bench/studies.py "http://127.0.0.1:$PORT" "$DATABASE_URL" "${ROUNDS:-30}" "$work"
