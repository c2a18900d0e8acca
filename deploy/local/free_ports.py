#!/usr/bin/env python3
"""Print free 127.0.0.1 ports for a second infra.sh instance (python3 stdlib only).

    eval "$(python3 deploy/local/free_ports.py)"
    CLOSEOUT_STATE_DIR=.local/test deploy/local/infra.sh start

Default output is one `export NAME=port` line per variable; `--format env` prints
plain NAME=port lines and `--format json` a JSON object. All ports are held open at the
same time while choosing, so they are distinct; they are picked from outside the
kernel's ephemeral range when possible, so that outgoing connections are unlikely to
grab them before the services bind.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import sys

PORT_VARS = (
    "KAFKA_PORT",
    "KAFKA_CONTROLLER_PORT",
    "KAFKA_PLATFORM_PORT",
    "POSTGRES_PORT",
    "MAILPIT_SMTP_PORT",
    "MAILPIT_HTTP_PORT",
    "STRIPE_MOCK_PORT",
)
# Ports used by the default instance (deploy/local/infra.sh) and the docker-compose stack.
RESERVED = {9092, 9093, 9094, 5432, 1025, 8025, 12111, 12112, 8001, 8002, 8003, 8004, 8005}


def _ephemeral_range() -> tuple[int, int]:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as fh:
            low, high = (int(x) for x in fh.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


def _try_bind(port: int) -> socket.socket | None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        return None
    return sock


def free_ports(count: int) -> list[int]:
    low, _high = _ephemeral_range()
    # Candidates below the ephemeral range first (not handed out for outgoing connections).
    candidates = [p for p in range(20000, min(low, 32768)) if p not in RESERVED]
    random.shuffle(candidates)
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        for port in candidates:
            if len(ports) == count:
                break
            sock = _try_bind(port)
            if sock is not None:
                held.append(sock)
                ports.append(port)
        while len(ports) < count:  # fall back to kernel-chosen ports
            sock = _try_bind(0)
            if sock is None:
                raise RuntimeError("cannot bind any port on 127.0.0.1")
            port = sock.getsockname()[1]
            held.append(sock)
            if port not in RESERVED and port not in ports:
                ports.append(port)
    finally:
        for sock in held:
            sock.close()
    return ports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("export", "env", "json"), default="export")
    args = parser.parse_args()
    values = dict(zip(PORT_VARS, free_ports(len(PORT_VARS)), strict=True))
    if args.format == "json":
        print(json.dumps(values))
    else:
        prefix = "export " if args.format == "export" else ""
        for name, port in values.items():
            print(f"{prefix}{name}={port}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
