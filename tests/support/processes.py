"""Start test programs as real OS processes, so tests can kill and restart them."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


class PythonProcess:
    """`python -m <module>` with extra environment; `ready_line` marks a finished start-up."""

    def __init__(self, module: str, env: dict[str, str], log_path: Path) -> None:
        self.module = module
        self.env = {**os.environ, **env, "PYTHONPATH": str(REPO / "tests")}
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self, ready_line: str = "ready", timeout: float = 60) -> None:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
            [sys.executable, "-m", self.module],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=log,
            cwd=REPO,
        )
        assert self.proc.stdout is not None
        stdout = self.proc.stdout
        line = await asyncio.wait_for(asyncio.to_thread(stdout.readline), timeout)
        if line.decode().strip() != ready_line:
            self.kill()
            raise RuntimeError(f"{self.module} did not start; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no offset commit, no relay bookkeeping."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def terminate(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
