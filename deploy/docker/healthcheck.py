#!/usr/bin/env python3
"""Container healthcheck: GET http://127.0.0.1:$<SERVICE>_PORT/healthz (stdlib only).

SERVICE is set by the image (jobs|invoicing|payments|notifications|dashboard); the port comes from
<SERVICE>_PORT, e.g. JOBS_PORT, falling back to the compose defaults.
"""

import os
import sys
import urllib.request

DEFAULT_PORTS = {
    "jobs": 8001,
    "invoicing": 8002,
    "payments": 8003,
    "notifications": 8004,
    "dashboard": 8005,
}


def main() -> int:
    service = os.environ.get("SERVICE", "")
    port = os.environ.get(f"{service.upper()}_PORT") or str(DEFAULT_PORTS.get(service, 8000))
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            ok = response.status == 200
    except OSError as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
