#!/usr/bin/env python3
"""Readiness probe for a local Kafka broker (python3 stdlib only).

Sends one Metadata (v1) request over the Kafka wire protocol and succeeds only if
the broker answers with at least one live broker and a known controller. In KRaft
mode that means the broker has caught up with the metadata log and is unfenced,
i.e. it is ready for producers and consumers.

Usage: kafka_probe.py HOST PORT [--timeout SECONDS]
Exit status: 0 ready, 1 not ready (reason on stderr).
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys

METADATA_API_KEY = 3
METADATA_VERSION = 1
CLIENT_ID = b"closeout-infra-probe"
CORRELATION_ID = 0x0C105E


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed by broker")
        buf.extend(chunk)
    return bytes(buf)


def _metadata_request() -> bytes:
    # Request header v1: api_key int16, api_version int16, correlation_id int32,
    # client_id nullable string (int16 length + bytes).
    header = struct.pack(
        ">hhih", METADATA_API_KEY, METADATA_VERSION, CORRELATION_ID, len(CLIENT_ID)
    )
    header += CLIENT_ID
    # Metadata v1 body: topics array; -1 (null) means "all topics".
    body = struct.pack(">i", -1)
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> int:
        (value,) = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return int(value)

    def string(self) -> str | None:
        length = self.take(">h")
        if length < 0:
            return None
        value = self.data[self.pos : self.pos + length].decode("utf-8", "replace")
        self.pos += length
        return value


def probe(host: str, port: int, timeout: float) -> tuple[bool, str]:
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.settimeout(timeout)
            sock.sendall(_metadata_request())
            (size,) = struct.unpack(">i", _recv_exact(sock, 4))
            response = _Reader(_recv_exact(sock, size))
    except (OSError, ConnectionError) as exc:
        return False, f"cannot talk to {host}:{port}: {exc}"

    if response.take(">i") != CORRELATION_ID:
        return False, "unexpected correlation id in Metadata response"
    brokers = []
    for _ in range(response.take(">i")):
        node_id = response.take(">i")
        broker_host = response.string()
        broker_port = response.take(">i")
        response.string()  # rack
        brokers.append(f"{node_id}@{broker_host}:{broker_port}")
    controller_id = response.take(">i")
    if not brokers:
        return False, "broker answered Metadata but lists no live brokers yet"
    if controller_id < 0:
        return False, f"brokers {brokers} but no active controller yet"
    return True, f"brokers={','.join(brokers)} controller={controller_id}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--timeout", type=float, default=3.0)
    args = parser.parse_args()
    ok, detail = probe(args.host, args.port, args.timeout)
    print(detail, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
