"""Latency of the campaign progress report and the plan roll-up, sequentially (one client, as
an admin page asks), p50 and p99 over `ROUNDS` calls each; each against the database's own
primary-key read (pgbench, one client, prepared) and `GET /health/live`, measured in the same
run. Standard library only.

    python3 bench/studies.py http://127.0.0.1:18093 postgres://… [rounds] [scratch folder]
"""
import json
import statistics
import subprocess
import sys
import time
import urllib.request

base, database_url = sys.argv[1], sys.argv[2]
ROUNDS = int(sys.argv[3]) if len(sys.argv) > 3 else 30
work = sys.argv[4] if len(sys.argv) > 4 else "/tmp"
SECRETARY, PASSWORD = "79100001", "sotay demo 2025"


def call(method, path, body=None, token=None, accept=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request, timeout=120) as response:
        raw = response.read()
        return json.loads(raw) if accept is None else raw


def timed(label, path, token=None, accept=None):
    call("GET", path, token=token, accept=accept)  # warm the caches once
    samples = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        call("GET", path, token=token, accept=accept)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return label, statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def primary_key_read(member_id):
    """pgbench's mean latency (ms) for one client's prepared primary-key read."""
    script = f"{work}/pk.sql"
    with open(script, "w") as f:
        f.write(f"SELECT id, full_name, org_path FROM members WHERE id = '{member_id}';\n")
    output = subprocess.run(
        ["pgbench", "-n", "-M", "prepared", "-c", "1", "-T", "5", "-f", script, database_url],
        capture_output=True, text=True, check=True).stdout
    return float(next(line for line in output.splitlines()
                      if line.startswith("latency average")).split()[3])


secretary = call("POST", "/api/v1/auth/login", {"login": SECRETARY, "password": PASSWORD})
token, member_id = secretary["access_token"], secretary["member"]["id"]
campaign = call("GET", "/api/v1/campaigns", token=token)["items"][0]
ward, resolution = campaign["host_org_id"], campaign["document_id"]
cells = call("GET", "/api/v1/orgs?kind=cell&limit=100", token=token)["items"]
cell = cells[-1]["id"]
progress = call("GET", f"/api/v1/campaigns/{campaign['id']}/progress", token=token)
rollup = call("GET", f"/api/v1/documents/{resolution}/plan-rollup?org_id={ward}&year=2025", token=token)

pk_ms = primary_key_read(member_id)
rows = [
    timed("reference GET /health/live", "/health/live"),
    timed("campaign progress of the ward, JSON (5,000 named)", f"/api/v1/campaigns/{campaign['id']}/progress", token),
    timed("campaign progress of the ward, CSV (all missing)", f"/api/v1/campaigns/{campaign['id']}/progress", token, "text/csv"),
    timed("campaign progress of one cell", f"/api/v1/campaigns/{campaign['id']}/progress?org_id={cell}", token),
    timed("plan roll-up of the ward, 2025", f"/api/v1/documents/{resolution}/plan-rollup?org_id={ward}&year=2025", token),
]
overall = progress["overall"]
print(f"campaign: {overall['expected']} counted, {overall['attended']} attended, "
      f"{overall['studied']} studied ({overall['percent']}%), {len(progress['by_org'])} organisations below the ward")
print(f"roll-up: {sum(p['items'] for p in rollup['parts'])} items in {len(rollup['parts'])} parts, "
      f"{rollup['members_without_plan']} members without a plan")
print(f"database primary-key read (pgbench, one client): {pk_ms:.3f} ms")
print("| request | p50 ms | p99 ms | p50 / health | p50 / primary-key read |")
print("|---|---|---|---|---|")
health = rows[0][1]
for label, p50, p99 in rows:
    print(f"| {label} | {p50:.2f} | {p99:.2f} | {p50 / health:.1f} | {p50 / pk_ms:.0f} |")
