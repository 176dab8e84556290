"""Check-in throughput of one running server against the database's primary-key read.

Arguments: server base URL, database URL, duration (e.g. 10s), connections, a scratch folder.
Every request is a new check-in (a distinct member and session), so each one writes: the
receipt, the entry, its history and the audit event, durably (PostgreSQL commits with
`synchronous_commit = on`; SQLite runs WAL with `synchronous = NORMAL`). Standard library only.
"""
import datetime
import glob
import json
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request

base, database_url, duration, connections, work = sys.argv[1:6]
SECRETARY, PASSWORD = "79100001", "sotay demo 2025"
SINGLE_SESSIONS, BATCH_SESSIONS, BATCH, BATCH_CLIENTS = 200, 300, 100, 16
TARGETS = {"single": (8000.0, 50.0), "batch": (80.0, None)}


def call(method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def seconds(text):
    return float(text.rstrip("s"))


def pgbench_reference(member_id):
    script = f"{work}/pk.sql"
    with open(script, "w") as f:
        f.write(f"SELECT id, full_name, org_path FROM members WHERE id = '{member_id}';\n")
    command = ["pgbench", "-n", "-M", "prepared", "-c", connections, "-j", "2",
               "-T", str(int(seconds(duration))), "-f", script, database_url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return float(next(line for line in output.splitlines() if line.startswith("tps")).split()[2])


def sqlite_reference(member_id):
    """Primary-key reads per second on one connection to the same file (SQLite's only mode)."""
    path = urllib.parse.urlparse(database_url).path
    connection = sqlite3.connect(path)
    end, count = time.monotonic() + seconds(duration), 0
    while time.monotonic() < end:
        for _ in range(1000):
            connection.execute("SELECT id, full_name, org_path FROM members WHERE id = ?",
                               (member_id,)).fetchone()
        count += 1000
    return count / seconds(duration)


def wrk(script, path, clients=None):
    command = ["wrk", "-t2", f"-c{clients or connections}", f"-d{duration}", "--latency",
               "--timeout", "10s", "-s", script, base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(next(line for line in output.splitlines() if line.startswith("Requests/sec")).split()[1])
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99 = float("nan")
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "99%":
            number = parts[1].rstrip("mus")
            p99 = float(number) * units[parts[1][len(number):]]
    errors = " ".join(line.strip() for line in output.splitlines()
                      if "Non-2xx" in line or "Socket errors" in line)
    return rps, p99, errors


def lua_array(values):
    return "{" + ",".join(json.dumps(value) for value in values) + "}"


secretary = call("POST", "/api/v1/auth/login", {"login": SECRETARY, "password": PASSWORD})
admin_token = secretary["access_token"]
cells = call("GET", "/api/v1/orgs?kind=cell&limit=100", token=admin_token)["items"]
ward = cells[0]["parent_id"]

# Every active member of the ward, logged in.
cards, cursor = [], None
while True:
    page = call("GET", "/api/v1/members?status=active&limit=100" + (f"&cursor={cursor}" if cursor else ""),
                token=admin_token)
    cards += [member["card_number"] for member in page["items"]]
    cursor = page["next_cursor"]
    if not cursor:
        break
tokens = [call("POST", "/api/v1/auth/login", {"login": card, "password": PASSWORD})["access_token"]
          for card in cards]
member_id = secretary["member"]["id"]

now = datetime.datetime.now(datetime.timezone.utc)
def open_session(n):
    body = {"kind": "study_conference", "title": f"Phiên đo {n}", "host_org_id": ward,
            "invited_org_ids": [ward], "mode": "in_person",
            "starts_at": (now - datetime.timedelta(minutes=5)).isoformat(),
            "ends_at": (now + datetime.timedelta(hours=2)).isoformat()}
    session = call("POST", "/api/v1/sessions", body, admin_token)
    call("PATCH", f"/api/v1/sessions/{session['id']}", {"state": "open"}, admin_token)
    return session["id"]

single = [open_session(n) for n in range(SINGLE_SESSIONS)]
batch = [open_session(SINGLE_SESSIONS + n) for n in range(BATCH_SESSIONS)]

reference = pgbench_reference(member_id) if database_url.startswith("postgres") \
    else sqlite_reference(member_id)
print(f"reference  primary-key read              {reference:9.0f} /s   ({len(tokens)} members)")

# Codes are fetched last: a live QR token is accepted for up to 90 s.
codes = [call("GET", f"/api/v1/sessions/{s}/check-in-code", token=admin_token)["qr_token"] for s in single]
script = f"{work}/single.lua"
with open(script, "w") as f:
    f.write(f"""
local members = {lua_array(tokens)}
local sessions = {lua_array(single)}
local codes = {lua_array(codes)}
local counter, id = 0, 0
function setup(thread) thread:set("id", #setups) table.insert(setups, thread) end
setups = {{}}
function init(args) id = tonumber(wrk.thread:get("id")) or 0 end
function request()
  local pair = counter * 2 + id
  counter = counter + 1
  local m = pair % #members + 1
  local s = math.floor(pair / #members) % #sessions + 1
  local body = '{{"qr_token":"' .. codes[s] .. '","client_id":"bench-' .. pair .. '"}}'
  return wrk.format("POST", "/api/v1/sessions/" .. sessions[s] .. "/check-ins",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. members[m]}}, body)
end
""")
rps, p99, errors = wrk(script, "/")
target_rps, target_p99 = TARGETS["single"]
verdict = "meets" if rps >= target_rps and p99 <= target_p99 else "misses"
print(f"single     POST /sessions/{{id}}/check-ins  {rps:9.0f} /s   p99 {p99:7.2f} ms  "
      f"ratio {rps / reference:.3f}  ({verdict} {target_rps:.0f}/s, p99 {target_p99:.0f} ms) {errors}")

# Offline syncs: each request one member's scans of 100 sessions.
codes = [call("GET", f"/api/v1/sessions/{s}/check-in-code", token=admin_token)["qr_token"] for s in batch]
groups = len(batch) // BATCH
script = f"{work}/batch.lua"
with open(script, "w") as f:
    f.write(f"""
local members = {lua_array(tokens)}
local sessions = {lua_array(batch)}
local codes = {lua_array(codes)}
local counter, id = 0, 0
function setup(thread) thread:set("id", #setups) table.insert(setups, thread) end
setups = {{}}
function init(args) id = tonumber(wrk.thread:get("id")) or 0 end
function request()
  local pair = counter * 2 + id
  counter = counter + 1
  local m = pair % #members + 1
  local g = math.floor(pair / #members) % {groups}
  local items = {{}}
  for k = 1, {BATCH} do
    local s = g * {BATCH} + k
    items[k] = '{{"session_id":"' .. sessions[s] .. '","qr_token":"' .. codes[s] ..
      '","scanned_at":"2025-09-09T00:41:12Z","client_id":"sync-' .. pair .. '-' .. k .. '"}}'
  end
  return wrk.format("POST", "/api/v1/check-ins/batch",
    {{["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. members[m]}},
    "[" .. table.concat(items, ",") .. "]")
end
""")
# Syncs are big requests from phones that were offline, not a crowd of taps: 16 at once.
rps, p99, errors = wrk(script, "/", clients=BATCH_CLIENTS)
target_rps, _ = TARGETS["batch"]
verdict = "meets" if rps >= target_rps else "misses"
print(f"batch      POST /check-ins/batch (x{BATCH}, {BATCH_CLIENTS} clients) {rps:7.1f} /s   p99 {p99:7.2f} ms  "
      f"items {rps * BATCH:7.0f}/s  ratio {rps * BATCH / reference:.3f}  ({verdict} {target_rps:.0f}/s) {errors}")
