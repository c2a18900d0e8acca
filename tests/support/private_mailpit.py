"""A private Mailpit process for one test: its own ports, database and flags (TLS, auth).

The shared Mailpit accepts anything; a test that must prove TLS or a login happened starts one
that demands them. The binary is the one `deploy/local/infra.sh` builds (or `MAILPIT_BIN`).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from support.processes import REPO, free_port


def find_mailpit() -> Path | None:
    cache = Path(os.environ.get("CLOSEOUT_CACHE_DIR", REPO / ".local/cache"))
    candidates = [os.environ.get("MAILPIT_BIN"), cache / "bin/mailpit", shutil.which("mailpit")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


class PrivateMailpit:
    def __init__(self, binary: Path, directory: Path, flags: tuple[str, ...]) -> None:
        self.binary = binary
        self.directory = directory
        self.flags = flags
        self.host = "127.0.0.1"
        self.smtp_port = free_port()
        self.http_port = free_port()
        self.api_url = f"http://{self.host}:{self.http_port}"
        self.log_path = directory / "mailpit.log"
        self.proc: subprocess.Popen[bytes] | None = None

    async def start(self, timeout: float = 20) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            str(self.binary),
            "--smtp", f"{self.host}:{self.smtp_port}",
            "--listen", f"{self.host}:{self.http_port}",
            "--database", str(self.directory / "mailpit.db"),
            *self.flags,
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(command, stdout=log, stderr=log)  # noqa: ASYNC220
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=self.api_url, timeout=2) as client:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"mailpit exited: {self.log_path.read_text()[-2000:]}")
                try:
                    if (await client.get("/api/v1/info")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"mailpit did not start; see {self.log_path}")
                await asyncio.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@asynccontextmanager
async def private_mailpit(
    binary: Path, directory: Path, *flags: str
) -> AsyncIterator[PrivateMailpit]:
    mailpit = PrivateMailpit(binary, directory, flags)
    await mailpit.start()
    try:
        yield mailpit
    finally:
        mailpit.stop()
