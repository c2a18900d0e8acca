"""A private PostgreSQL server for one test: its own data directory and port, so the test may
stop and start it (an outage) without touching the shared one.

Uses the server binaries `deploy/local/infra.sh` uses (/usr/lib/postgresql/*/bin); as root,
they run as the `postgres` OS user, which Postgres insists on.
"""

from __future__ import annotations

import asyncio
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import asyncpg

from support.processes import free_port


def find_pg_bin() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)
    for directory in reversed(candidates):
        if Path(directory, "pg_ctl").is_file() and Path(directory, "initdb").is_file():
            return Path(directory)
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found and shutil.which("initdb") else None


def _version(directory: str) -> tuple[int, ...]:
    name = Path(directory).parent.name
    return tuple(int(p) for p in name.split(".") if p.isdigit())


class PrivatePostgres:
    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        # Short: a Unix socket path must stay under ~107 bytes.
        self.directory = Path(tempfile.mkdtemp(prefix="co-pg-"))
        self.data = self.directory / "data"
        self.log_path = self.directory / "postgres.log"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.directory.chmod(0o700)
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "--auth=trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c max_connections=300 -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_path),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown: open connections are terminated, new ones refused."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()

    async def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn = await asyncpg.connect(f"{self.url}/postgres", timeout=2)
                await conn.close()
                return
            except (OSError, asyncpg.PostgresError):
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)

    def destroy(self) -> None:
        if self.running():
            with suppress(subprocess.SubprocessError):
                self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@asynccontextmanager
async def private_postgres() -> AsyncIterator[PrivatePostgres]:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    server = PrivatePostgres(bin_dir)
    try:
        await asyncio.to_thread(server.init)
        await asyncio.to_thread(server.start)
        await server.wait_ready()
        yield server
    finally:
        await asyncio.to_thread(server.destroy)
