"""Server memory (RSS) around bursts of concurrent logins, and the logins' throughput.

Each burst logs in distinct demo members at once (as a cell does when a meeting starts), then the
resident set of the server process is read from /proc. Standard library only.

    python3 bench/login_memory.py http://127.0.0.1:18081 <server pid>
"""
import concurrent.futures
import json
import sys
import time
import urllib.error
import urllib.request

base, pid = sys.argv[1], int(sys.argv[2])
PASSWORD = "sotay demo 2025"
# The demo's members have cards 79100001 to 79100244, all with the demo password; a few are
# suspended or removed, and are left out once found.
DEMO_CARDS = [f"791{index:05d}" for index in range(1, 245)]
CARDS = []


def rss_mb():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def login(card):
    body = json.dumps({"login": card, "password": PASSWORD}).encode()
    request = urllib.request.Request(base + "/api/v1/auth/login", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def burst(count, concurrency):
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(login, (CARDS[n % len(CARDS)] for n in range(count))))
    elapsed = time.perf_counter() - started
    errors = sum(1 for status in statuses if status != 200)
    return count / elapsed, errors


def reference(seconds=2.0):
    """Sequential GET /health/live per second: the same machine's bare round trip, this run."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        with urllib.request.urlopen(base + "/health/live", timeout=10) as response:
            response.read()
        done += 1
    return done / (time.perf_counter() - started)


print(f"{'step':44} {'RSS MB':>8} {'logins/s':>9} {'errors':>7}")
print(f"{'fresh':44} {rss_mb():8.1f}")
started = time.perf_counter()
CARDS.extend(card for card in DEMO_CARDS if login(card) == 200)
rate = len(DEMO_CARDS) / (time.perf_counter() - started)
print(f"{f'{len(DEMO_CARDS)} logins one at a time ({len(CARDS)} may log in)':44} {rss_mb():8.1f} {rate:9.1f}")
ref = reference()
print(f"{'reference: sequential GET /health/live':44} {'':8} {ref:9.0f}")
for count, concurrency in [(400, 8), (48, 48), (200, 200), (200, 200)]:
    rate, errors = burst(count, concurrency)
    print(f"{f'{count} logins, {concurrency} at a time':44} {rss_mb():8.1f} {rate:9.1f} {errors:7d}")
time.sleep(5)
print(f"{'settled (5 s later)':44} {rss_mb():8.1f}")
