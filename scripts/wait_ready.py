"""Waits until the server's readiness endpoint answers 200 (at most 20 s); exit 1 otherwise."""
import sys
import time
import urllib.request

for _ in range(200):
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=1):
            sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit(1)
