"""Stripe webhooks against a bare echo, same load generator (vegeta), same run: maximum rate
closed-loop (N connections, as fast as answered) and latency under an open-model 1,000/s."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from bench import tools
from support import stripe_events


def _target(url: str, body: bytes, headers: dict[str, str]) -> str:
    return json.dumps(
        {
            "method": "POST",
            "url": url,
            "body": base64.b64encode(body).decode(),
            "header": {name: [value] for name, value in headers.items()},
        }
    )


def webhook_targets(path: Path, url: str, secret: str, count: int) -> Path:
    """`count` signed customer.updated events, each with a fresh event id (stored once each)."""
    with path.open("w") as out:
        for n in range(count):
            obj = {"id": f"cus_bench_{n}", "object": "customer", "email": f"c{n}@bench.example"}
            body = stripe_events.event("customer.updated", obj, event_id=f"evt_{uuid.uuid4().hex}")
            headers = {
                "Stripe-Signature": stripe_events.sign(body, secret),
                "Content-Type": "application/json",
            }
            out.write(_target(f"{url}/webhooks/stripe", body, headers) + "\n")
    return path


def _figures(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    latencies = report["latencies"]
    return {
        f"{prefix}_per_s": round(report["throughput"], 1),
        f"{prefix}_p50_ms": round(latencies["50th"] / 1e6, 1),
        f"{prefix}_p99_ms": round(latencies["99th"] / 1e6, 1),
        f"{prefix}_success": report["success"],
        f"{prefix}_requests": report["requests"],
        f"{prefix}_status_codes": report["status_codes"],
    }


def echo(workdir: Path, *, seconds: int, connections: int, sample_body: bytes) -> dict[str, Any]:
    """The bare Starlette echo at maximum rate: its own process, the same uvicorn settings."""
    from bench.stack import free_port

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bench.echo_app", str(port)])
    try:
        _wait_listening(port)
        targets = workdir / "echo.targets"
        headers = {"Content-Type": "application/json", "Stripe-Signature": "t=0,v1=0"}
        targets.write_text(_target(f"http://127.0.0.1:{port}/echo", sample_body, headers) + "\n")
        report = tools.vegeta_attack(
            targets,
            workdir / "echo.bin",
            rate=None,
            seconds=seconds,
            connections=connections,
            lazy=False,
        )
    finally:
        server.terminate()
        server.wait(10)
    figures = _figures(report, "echo")
    return {"echo_per_s": figures["echo_per_s"], "echo_p99_ms_at_max": figures["echo_p99_ms"]}


def webhooks_max(
    workdir: Path, url: str, secret: str, *, seconds: int, connections: int
) -> dict[str, Any]:
    targets = webhook_targets(workdir / "webhooks_max.targets", url, secret, seconds * 5000)
    report = tools.vegeta_attack(
        targets,
        workdir / "webhooks_max.bin",
        rate=None,
        seconds=seconds,
        connections=connections,
        lazy=True,
    )
    figures = _figures(report, "webhooks")
    return {
        "webhooks_per_s": figures["webhooks_per_s"],
        "webhook_p99_ms_at_max": figures["webhooks_p99_ms"],
        "webhooks_max_success": figures["webhooks_success"],
        "webhooks_max_status_codes": figures["webhooks_status_codes"],
    }


def webhooks_open(
    workdir: Path, url: str, secret: str, *, rate: int, seconds: int
) -> dict[str, Any]:
    targets = webhook_targets(workdir / "webhooks_open.targets", url, secret, rate * seconds)
    report = tools.vegeta_attack(
        targets,
        workdir / "webhooks_open.bin",
        rate=rate,
        seconds=seconds,
        connections=10000,
        lazy=True,
    )
    figures = _figures(report, "open")
    return {
        f"webhook_p50_ms_at_{rate}": figures["open_p50_ms"],
        f"webhook_p99_ms_at_{rate}": figures["open_p99_ms"],
        f"webhook_success_at_{rate}": figures["open_success"],
        f"webhook_achieved_per_s_at_{rate}": figures["open_per_s"],
    }


def sample_webhook_body() -> bytes:
    obj = {"id": "cus_bench_0", "object": "customer", "email": "c0@bench.example"}
    return stripe_events.event("customer.updated", obj, event_id=f"evt_{uuid.uuid4().hex}")


def _wait_listening(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(
                urllib.request.Request(f"http://127.0.0.1:{port}/echo", data=b"{}"), timeout=1
            )
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the echo app did not start")
