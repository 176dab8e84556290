#!/usr/bin/env bash
# Contract conformance: schemathesis fuzzes the live release server against its own OpenAPI
# document, authenticated as a ward secretary, with two peer members of another ward for the
# object-level authorization check. One command, locally or on CI:
#
#   bash scripts/conformance.sh                 # SQLite
#   DATABASE_URL=postgres://… bash scripts/conformance.sh
#
# Installs its Python tools into a virtual environment of its own (target/conformance-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/conformance-venv
if [ ! -x "$venv/bin/st" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "schemathesis>=4.32,<5" "openapi-spec-validator>=0.7,<1"
fi

# The committed document must be a valid OpenAPI 3.1 document (every $ref resolves).
"$venv/bin/openapi-spec-validator" openapi/openapi.json

cargo build --release -q -p sotay-api
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=${CONFORMANCE_PORT:-18280}
export DATABASE_URL=${DATABASE_URL:-sqlite://$work/conformance.db}
export SOTAY_BIND=127.0.0.1:$port RUST_LOG=${RUST_LOG:-warn}
export SOTAY_JWT_SECRET=${SOTAY_JWT_SECRET:-"conformance-only signing key, 32 bytes or more"}
export SOTAY_ADMIN_PASSWORD="conformance administrator password"
# The fuzzer sends thousands of wrong logins from one address; the lock they would cause is
# tested by the black-box suite, here it would only lock the fuzzer's own users out.
export SOTAY_LOGIN_FAILURES_PER_CLIENT=1000000 SOTAY_LOGIN_FAILURES_PER_ACCOUNT=1000000
./target/release/sotay demo >/dev/null
./target/release/sotay admin create --card-number 79900000 --full-name "Quản Trị Kiểm Thử" \
  --org-code CONFORMANCE --org-name "Ban kiểm thử" >/dev/null
./target/release/sotay serve >"$work/server.log" 2>&1 &
server_pid=$!
python3 scripts/wait_ready.py "http://127.0.0.1:$port/health/ready"

python3 conformance/setup_peers.py "http://127.0.0.1:$port" > conformance/auth.json
status=0
"$venv/bin/st" --config-file conformance/schemathesis.toml run "http://127.0.0.1:$port/api-docs/openapi.json" \
  --report junit --report-dir "$work/report" || status=$?
cp "$work/server.log" /tmp/conformance-server.log 2>/dev/null || true
rm -f conformance/auth.json
if [ "$status" -ne 0 ]; then
  echo "--- server log (last 40 lines)"; tail -n 40 "$work/server.log"
fi
exit "$status"
