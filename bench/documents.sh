#!/usr/bin/env bash
# Document endpoints at scale on PostgreSQL: the demo ward plus 100,000 documents and a new
# area of 100,000 members (bench/documents_seed.sql), then latencies of list, search, unread,
# required, read, the readership report and a 20 MiB attachment download, each against
# `GET /health/live` measured in the same run.
#
#   SOTAY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres bash bench/documents.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${SOTAY_BENCH_POSTGRES_URL:?set SOTAY_BENCH_POSTGRES_URL to a server the bench may create a database on}"

cargo build --release -q -p sotay-api
PORT=${PORT:-18090}
pg_db="sotay_bench_documents_$$"
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
  psql "$DATABASE_URL" -q -f bench/documents_seed.sql
  echo "seeded 100,000 documents and 100,000 members in $(( $(date +%s) - started )) s"
  # The seed writes rows as an older release did, without list keys: `migrate` fills them,
  # as a rolling upgrade would, before the server is timed.
  started=$(date +%s)
  ./target/release/sotay migrate >/dev/null
  echo "list keys filled in $(( $(date +%s) - started )) s"
else
  echo "the demo ward only (SEED=0): the ward-scale reference for the same requests"
fi
./target/release/sotay serve >"$work/server.log" 2>&1 &
server_pid=$!
python3 scripts/wait_ready.py "http://127.0.0.1:$PORT/health/ready" || { cat "$work/server.log"; exit 1; }
python3 bench/documents.py "http://127.0.0.1:$PORT" "${ROUNDS:-50}"
