"""A Kafka broker of one test's own, started by `deploy/local/infra.sh kafka`, so the test may
stop and start it (a broker restart) without touching the shared one."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from support.processes import REPO

INFRA = REPO / "deploy" / "local" / "infra.sh"


class PrivateKafka:
    def __init__(self, state_dir: Path, heap: str = "-Xms256m -Xmx1g") -> None:
        ports = subprocess.run(
            ["python3", str(REPO / "deploy/local/free_ports.py"), "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        )
        chosen = json.loads(ports.stdout)
        self.env = {
            **os.environ,
            "CLOSEOUT_STATE_DIR": str(state_dir),
            "CLOSEOUT_KAFKA_HEAP_OPTS": heap,
            "KAFKA_PORT": str(chosen["KAFKA_PORT"]),
            "KAFKA_CONTROLLER_PORT": str(chosen["KAFKA_CONTROLLER_PORT"]),
            # make test exports the suite's own ports: every listener of this broker needs its own
            "KAFKA_PLATFORM_PORT": str(chosen["KAFKA_PLATFORM_PORT"]),
        }
        self.bootstrap = f"127.0.0.1:{chosen['KAFKA_PORT']}"
        self.platform_bootstrap = f"127.0.0.1:{chosen['KAFKA_PLATFORM_PORT']}"

    def run(self, action: str) -> None:
        """`start` (returns once the broker is healthy) or `stop`."""
        done = subprocess.run(
            ["bash", str(INFRA), "kafka", action], env=self.env, capture_output=True, text=True
        )
        assert done.returncode == 0, f"kafka {action} failed:\n{done.stdout}\n{done.stderr}"

    def start(self) -> None:
        self.run("start")

    def stop(self) -> None:
        self.run("stop")


@asynccontextmanager
async def private_kafka(state_dir: Path) -> AsyncIterator[PrivateKafka]:
    kafka = PrivateKafka(state_dir)
    await asyncio.to_thread(kafka.start)
    try:
        yield kafka
    finally:
        await asyncio.to_thread(kafka.stop)
