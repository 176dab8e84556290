"""Measures one running server: reference, login, refresh, import. Standard library only."""
import json
import statistics
import subprocess
import sys
import time
import urllib.request

base, duration, work = sys.argv[1], sys.argv[2], sys.argv[3]
SECRETARY, PASSWORD = "79100001", "sotay demo 2025"


def call(method, path, body=None, token=None, content_type="application/json"):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"null")


def wrk(path, connections, script=None):
    """Requests per second and latency percentiles (ms) from wrk."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--latency"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [base + path], capture_output=True, text=True, check=True).stdout
    rps = float(next(line for line in output.splitlines() if line.startswith("Requests/sec")).split()[1])
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    latency = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("50%", "99%"):
            number = parts[1].rstrip("mus")
            latency[parts[0]] = float(number) * units[parts[1][len(number):]]
    non_2xx = [line for line in output.splitlines() if "Non-2xx" in line]
    return rps, latency, non_2xx


reference, ref_latency, _ = wrk("/health/live", 16)
print(f"reference  GET /health/live        {reference:10.0f} req/s   p50 {ref_latency['50%']:.2f} ms  p99 {ref_latency['99%']:.2f} ms")

script = f"{work}/login.lua"
with open(script, "w") as f:
    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
    f.write(f'wrk.body = \'{{"login": "{SECRETARY}", "password": "{PASSWORD}"}}\'\n')
logins, login_latency, errors = wrk("/api/v1/auth/login", 4, script)
print(f"login      POST /auth/login        {logins:10.0f} req/s   p50 {login_latency['50%']:.2f} ms  p99 {login_latency['99%']:.2f} ms"
      f"   ratio {logins / reference:.4f}  {' '.join(errors)}")

session = call("POST", "/api/v1/auth/login", {"login": SECRETARY, "password": PASSWORD})
token = session["refresh_token"]
latencies = []
for _ in range(300):
    started = time.perf_counter()
    pair = call("POST", "/api/v1/auth/refresh", {"refresh_token": token})
    latencies.append((time.perf_counter() - started) * 1000)
    token = pair["refresh_token"]
latencies.sort()
print(f"refresh    POST /auth/refresh      sequential x300        p50 {statistics.median(latencies):.2f} ms  p99 {latencies[int(len(latencies) * 0.99) - 1]:.2f} ms")

access = pair["access_token"]
cells = call("GET", "/api/v1/orgs?kind=cell&limit=100", token=access)["items"]
codes = [cell["code"] for cell in cells]
rows = ["card_number,full_name,gender,date_of_birth,phone,party_status,cell_code"]
for n in range(10_000):
    rows.append(f"7{n + 8000000:08d},Nguyễn Văn Nhập,male,1980-01-{n % 28 + 1:02d},09{n + 80000000:08d},official,{codes[n % len(codes)]}")
csv = ("\ufeff" + "\n".join(rows) + "\n").encode()
for dry_run in ("true", "false"):
    started = time.perf_counter()
    report = call("POST", f"/api/v1/members/import?dry_run={dry_run}", csv, token=access, content_type="text/csv")
    elapsed = time.perf_counter() - started
    print(f"import     10,000 rows dry_run={dry_run:5}  {elapsed:8.2f} s    created {report['created']}  errors {len(report['errors'])}")
