"""The four services as real processes on a private PostgreSQL and Mailpit, so a test may stop
the database and SIGKILL services (and start them again) without touching shared infra."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import asyncpg
import httpx
from e2e.stack import Stack, running_stack

from support.infra import Infra
from support.private_kafka import PrivateKafka
from support.private_mailpit import PrivateMailpit, find_mailpit
from support.private_postgres import PrivatePostgres, private_postgres
from support.processes import REPO


def _launcher() -> ModuleType:
    """`deploy/local/services.py`, the launcher `make run` and the e2e stack use."""
    path = REPO / "deploy/local/services.py"
    spec = importlib.util.spec_from_file_location("closeout_launcher", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class OutageStack:
    stack: Stack
    postgres: PrivatePostgres
    mailpit: PrivateMailpit
    launcher: ModuleType = field(default_factory=_launcher)
    restarted: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    seconds: dict[str, str] = field(default_factory=dict)
    """The URL of each service's second instance, when the run started one."""

    @property
    def state_dir(self) -> Path:
        return Path(self.stack.env["CLOSEOUT_STATE_DIR"])

    def _pidfile(self, name: str) -> Path:
        return self.state_dir / "run" / f"service-{name}.pid"

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no offset commit, no relay bookkeeping."""
        process = self.restarted.pop(name, None)
        if process is not None:
            process.kill()
            process.wait(10)
        else:
            os.kill(int(self._pidfile(name).read_text()), signal.SIGKILL)
        self._pidfile(name).unlink(missing_ok=True)

    async def terminate(self, name: str, grace: float) -> float:
        """SIGTERM, as Kubernetes stops a pod; the seconds until the process was gone (it is
        SIGKILLed after `grace`, as the kubelet would, and the test then fails)."""
        process = self.restarted.pop(name, None)
        pid = process.pid if process is not None else int(self._pidfile(name).read_text())
        started = time.monotonic()
        os.kill(pid, signal.SIGTERM)
        while _alive(pid, process):
            if time.monotonic() - started > grace:
                os.kill(pid, signal.SIGKILL)
                raise AssertionError(f"{name} still running {grace}s after SIGTERM")
            await asyncio.sleep(0.05)
        self._pidfile(name).unlink(missing_ok=True)
        if process is not None:
            assert process.returncode == 0, f"{name} exited with {process.returncode}"
        return time.monotonic() - started

    async def restart(self, name: str, timeout: float = 60) -> None:
        """Start the service again the way the launcher does, as a child of this process."""
        await self._spawn(name, name, self.stack.urls[name], {}, timeout)

    async def start_second(self, name: str, port: int, timeout: float = 180) -> None:
        """A second instance of the service (its own HTTP port; the same database, consumer
        groups and topics), as a scaled-out Deployment runs it."""
        url = f"http://127.0.0.1:{port}"
        await self._spawn(name, f"{name}-2", url, {f"{name.upper()}_PORT": str(port)}, timeout)
        self.seconds[name] = url

    async def _spawn(
        self, name: str, instance: str, url: str, overrides: dict[str, str], timeout: float
    ) -> None:
        with mock.patch.dict(os.environ, self.stack.env, clear=True):
            env = {**self.launcher.service_env(), **overrides}
            command = self.launcher.command(name, "serve")
        log = (self.state_dir / "logs" / f"service-{instance}.log").open("ab")
        process = subprocess.Popen(  # noqa: ASYNC220 (returns at once)
            command, env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.restarted[instance] = process
        self._pidfile(instance).write_text(str(process.pid))
        deadline = time.monotonic() + timeout
        async with httpx.AsyncClient(base_url=url, timeout=2) as client:
            while True:
                assert process.poll() is None, f"{instance} exited; see {self.state_dir}/logs"
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"{instance} not healthy after {timeout}s"
                await asyncio.sleep(0.2)

    def stop_restarted(self) -> None:
        for name, process in self.restarted.items():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
            self._pidfile(name).unlink(missing_ok=True)
        self.restarted.clear()

    async def sql(self, service: str, query: str, *args: Any) -> list[asyncpg.Record]:
        url = self.stack.env[f"{service.upper()}_DATABASE_URL"].replace("+asyncpg", "", 1)
        conn = await asyncpg.connect(url, timeout=5)
        try:
            return list(await conn.fetch(query, *args))
        finally:
            await conn.close()


def _alive(pid: int, child: subprocess.Popen[bytes] | None) -> bool:
    if child is not None:  # ours: reap it, or it lingers as a zombie that kill(pid, 0) finds
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@asynccontextmanager
async def outage_stack(
    infra: Infra, directory: Path, kafka: PrivateKafka | None = None
) -> AsyncIterator[OutageStack]:
    """The stack on a private PostgreSQL and Mailpit, and on `kafka` when given (a broker the
    test may restart) instead of the shared one."""
    binary = find_mailpit()
    assert binary is not None, "mailpit binary not found (deploy/local/infra.sh builds it)"
    mailpit = PrivateMailpit(binary, directory / "mailpit", ("--max", "0"))
    await mailpit.start()
    try:
        async with private_postgres() as postgres:
            own = replace(
                infra,
                postgres_url=postgres.url,
                smtp_host=mailpit.host,
                smtp_port=mailpit.smtp_port,
                mailpit_api_url=mailpit.api_url,
            )
            platform: dict[str, str] = {}
            if kafka is not None:
                own = replace(own, kafka_bootstrap_servers=kafka.bootstrap)
                platform["KAFKA_PLATFORM_BOOTSTRAP_SERVERS"] = kafka.platform_bootstrap
            # running_stack runs its own event loop (asyncio.run): start it in a thread. It
            # passes on the environment, where the platforms' listener is named.
            context = running_stack(own, directory / "state")
            with mock.patch.dict(os.environ, platform):
                stack = await asyncio.to_thread(context.__enter__)
            outage = OutageStack(stack, postgres, mailpit)
            try:
                yield outage
            finally:
                await asyncio.to_thread(outage.stop_restarted)
                await asyncio.to_thread(context.__exit__, None, None, None)
    finally:
        mailpit.stop()
