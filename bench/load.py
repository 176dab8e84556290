"""Measures the hot reads of one running server against pgbench's primary-key read, in one run.

Arguments: server base URL, database URL, duration (wrk/pgbench syntax, e.g. 10s), connections,
a scratch folder. Standard library only.
"""
import json
import subprocess
import sys
import urllib.request

base, database_url, duration, connections, work = sys.argv[1:6]
MEMBER, PASSWORD = "79100005", "sotay demo 2025"
TARGET_RATIO, TARGET_P99_MS = 0.70, 25.0


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
    """Transactions per second and p99 latency (ms) of a prepared primary-key read."""
    script = f"{work}/pk.sql"
    with open(script, "w") as f:
        f.write(f"SELECT id, full_name, org_path FROM members WHERE id = '{member_id}';\n")
    command = ["pgbench", "-n", "-M", "prepared", "-c", connections, "-j", "2",
               "-T", str(int(seconds(duration))), "-f", script, "-l", "--log-prefix", f"{work}/pg",
               database_url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    tps = float(next(line for line in output.splitlines() if line.startswith("tps")).split()[2])
    latencies = []
    import glob
    for log in glob.glob(f"{work}/pg*"):
        with open(log) as f:
            latencies += [int(line.split()[2]) / 1000.0 for line in f if line.strip()]
    latencies.sort()
    return tps, latencies[int(len(latencies) * 0.99)] if latencies else float("nan")


def wrk(path, token):
    script = f"{work}/auth.lua"
    with open(script, "w") as f:
        f.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency", "-s", script, base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(next(line for line in output.splitlines() if line.startswith("Requests/sec")).split()[1])
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99 = float("nan")
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "99%":
            number = parts[1].rstrip("mus")
            p99 = float(number) * units[parts[1][len(number):]]
    errors = " ".join(line.strip() for line in output.splitlines() if "Non-2xx" in line or "errors" in line)
    return rps, p99, errors


session = call("POST", "/api/v1/auth/login", {"login": MEMBER, "password": PASSWORD})
token = session["access_token"]
listed = call("GET", "/api/v1/documents", token=token)
document = listed["items"][0]["id"]
call("GET", f"/api/v1/documents/{document}", token=token)  # the first open writes the receipt

# A phone's sync: the whole state first (page by page), then the cursor a phone would send a
# minute later, when nothing changed.
synced = call("GET", "/api/v1/me/sync", token=token)
while synced["has_more"]:
    synced = call("GET", f"/api/v1/me/sync?since={synced['cursor']}", token=token)
cursor = synced["cursor"]
import time
time.sleep(1.5)  # past the nodes' clock-skew allowance, as a minute later would be
cursor = call("GET", f"/api/v1/me/sync?since={cursor}", token=token)["cursor"]

reference, reference_p99 = pgbench_reference(session["member"]["id"])
print(f"reference  pgbench primary-key read   {reference:9.0f} tx/s   p99 {reference_p99:6.2f} ms")
for name, path in [("me", "/api/v1/me"), ("list", "/api/v1/documents"),
                   ("document", f"/api/v1/documents/{document}"),
                   ("feed", "/api/v1/me/notifications"),
                   ("sync", f"/api/v1/me/sync?since={cursor}")]:
    rps, p99, errors = wrk(path, token)
    ratio = rps / reference
    target = "" if name not in ("me", "list") else (
        "  meets" if ratio >= TARGET_RATIO and p99 <= TARGET_P99_MS else "  misses")
    print(f"{name:10} GET {path[:28]:28} {rps:9.0f} req/s  p99 {p99:6.2f} ms  ratio {ratio:.2f}{target} {errors}")
