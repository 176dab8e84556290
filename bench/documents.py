"""Latency of the document endpoints at scale, against `GET /health/live` measured in the same
run. Sequential requests (one client, as a phone or an admin page makes them); p50 and p99 over
`ROUNDS` calls each. Standard library only.

    python3 bench/documents.py http://127.0.0.1:18090 [rounds]
"""
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request

base = sys.argv[1]
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
SECRETARY, MEMBER, PASSWORD = "79100001", "79100005", "sotay demo 2025"


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


def login(card):
    return call("POST", "/api/v1/auth/login", {"login": card, "password": PASSWORD})["access_token"]


def upload(path, token, name, content):
    """A multipart/form-data upload of one file in the part `file`."""
    boundary = "sotay-bench-boundary-7d1f"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(base + path, data=body, method="POST")
    request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
    request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def timed(label, path, token=None, accept=None, rounds=None):
    call("GET", path, token=token, accept=accept)  # warm the caches once
    samples = []
    for _ in range(rounds or ROUNDS):
        started = time.perf_counter()
        call("GET", path, token=token, accept=accept)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return label, p50, p99


secretary, member = login(SECRETARY), login(MEMBER)
page = call("GET", "/api/v1/documents?limit=100", token=member)
resolution = next(
    d for d in call("GET", "/api/v1/documents?q=" + urllib.parse.quote("dai hoi"), token=member)["items"]
    if d["code"] == "01-NQ/ĐH"
)
ward = call("GET", "/api/v1/orgs?kind=committee", token=secretary)["items"][0]["id"]
# At ward scale (SEED=0) there is no later page: the first stands in for it.
middle = page["next_cursor"] and call("GET", "/api/v1/documents?limit=100&cursor=" + page["next_cursor"], token=member)["next_cursor"]
report = call("GET", f"/api/v1/documents/{resolution['id']}/readership?org_id={ward}", token=secretary)
# A 20 MiB PDF (the default limit) attached to the resolution, to download.
attachments = f"/api/v1/documents/{resolution['id']}/attachments"
large = upload(attachments, secretary, "Phụ lục 20 MiB.pdf", b"%PDF-1.7\n" + b" " * (20 * 1024 * 1024 - 9))

rows = [
    timed("reference GET /health/live", "/health/live"),
    timed("list, first page of 20 (member)", "/api/v1/documents?limit=20", member),
    timed("list, a later page of 100 (member)", "/api/v1/documents?limit=100" + (f"&cursor={middle}" if middle else ""), member),
    timed("list, first page of 20 (ward secretary)", "/api/v1/documents?limit=20", secretary),
    timed("members, first page of 20 (ward secretary)", "/api/v1/members?limit=20", secretary),
    timed("members, search 'nguyen' (ward secretary)", "/api/v1/members?limit=20&q=nguyen", secretary),
    timed("search, a common topic: 'chuyen doi so'", "/api/v1/documents?limit=20&q=" + urllib.parse.quote("chuyen doi so"), member),
    timed("search, one document: 'thong bao so 77777'", "/api/v1/documents?limit=20&q=" + urllib.parse.quote("thong bao so 77777"), member),
    timed("search, nothing: 'khong ton tai'", "/api/v1/documents?limit=20&q=" + urllib.parse.quote("khong ton tai"), member),
    timed("unread, first page of 20 (member)", "/api/v1/documents?limit=20&unread=true", member),
    timed("required, first page of 20 (member)", "/api/v1/documents?limit=20&required=true", member),
    timed("one document with body (member)", f"/api/v1/documents/{resolution['id']}", member),
    timed("its attachments, listed (member)", attachments, member),
    timed("download a 20 MiB attachment (member)", f"{attachments}/{large['id']}", member, "application/pdf", 10),
    timed("readership of the ward, JSON", f"/api/v1/documents/{resolution['id']}/readership?org_id={ward}", secretary),
    timed("readership of the ward, CSV (all pending)", f"/api/v1/documents/{resolution['id']}/readership?org_id={ward}", secretary, "text/csv"),
]
reference = rows[0][1]
print(f"readership of the ward: expected {report['expected']}, opened {report['opened']}, "
      f"acknowledged {report['acknowledged']}")
print(f"| request | p50 ms | p99 ms | p50 / reference |")
print(f"|---|---|---|---|")
for label, p50, p99 in rows:
    print(f"| {label} | {p50:.2f} | {p99:.2f} | {p50 / reference:.1f} |")
