"""A private Closeout stack for the benchmark, on free ports: infra.sh's Postgres (fsync on) and
Kafka in their own state dir, Postfix's `smtp-sink` as the mail server, the four services and
the dashboard started by deploy/local/services.py exactly as `make up` starts them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import tools

REPO = Path(__file__).resolve().parents[1]
SERVICES = ("jobs", "invoicing", "payments", "notifications", "dashboard")
INFRA = REPO / "deploy/local/infra.sh"
LAUNCHER = REPO / "deploy/local/services.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class BenchStack:
    state: Path
    env: dict[str, str]
    up_seconds: float
    extra: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.env[f'{service.upper()}_PORT']}"

    @property
    def postgres_url(self) -> str:
        return self.env["POSTGRES_URL"]

    def database(self, service: str) -> str:
        """A plain (asyncpg/libpq) URL of the service's database."""
        return f"{self.postgres_url}/closeout_{service}"

    def service_pid(self, service: str) -> int | None:
        try:
            return int((self.state / "run" / f"service-{service}.pid").read_text())
        except (OSError, ValueError):
            return None

    def pids(self) -> dict[str, int]:
        found = {name: pid for name in SERVICES if (pid := self.service_pid(name))}
        for name in ("postgres", "kafka"):
            with suppress(OSError, ValueError):
                found[name] = int((self.state / "run" / f"{name}.pid").read_text())
        found |= {name: proc.pid for name, proc in self.extra.items() if proc.poll() is None}
        return found

    def stop_service(self, service: str) -> None:
        pid = self.service_pid(service)
        if pid is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        with suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        (self.state / "run" / f"service-{service}.pid").unlink(missing_ok=True)

    def restart_service(self, service: str, overrides: dict[str, str]) -> None:
        """Stop a service of the stack and start it again with some settings changed (an A/B
        run against a stack left running with --keep)."""
        self.stop_service(service)
        self.env |= overrides
        port = int(self.env[f"{service.upper()}_PORT"])
        proc = self.start_instance(service, port, f"service-{service}", migrate=True)
        (self.state / "run" / f"service-{service}.pid").write_text(str(proc.pid))
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with suppress(httpx.HTTPError):
                if httpx.get(f"{self.url(service)}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.5)
        raise RuntimeError(f"{service} did not come back")

    def start_instance(
        self, service: str, port: int, log_name: str, *, migrate: bool = False
    ) -> subprocess.Popen[bytes]:
        """One more `closeout-<service> serve` process (its own port, same database and group)."""
        log = (self.state / "logs" / f"{log_name}.log").open("ab")
        env = {**self.env, f"{service.upper()}_PORT": str(port)}
        executable = Path(sys.executable).parent / f"closeout-{service}"
        return subprocess.Popen(
            [str(executable), "serve", *(["--migrate"] if migrate else [])],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    return True


def _read_env(path: Path) -> dict[str, str]:
    env = {}
    for line in path.read_text().splitlines():
        if line.startswith("export ") and "=" in line:
            key, value = line[len("export ") :].split("=", 1)
            env[key] = value
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )


def attached_stack(state: Path) -> BenchStack:
    """The private stack a `--keep` run left running (its environment saved in the state dir)."""
    saved = json.loads((state / "bench-stack.json").read_text())
    return BenchStack(state=state, env=saved["env"], up_seconds=saved["up_seconds"])


def stop_private_stack(state: Path) -> None:
    saved = json.loads((state / "bench-stack.json").read_text())
    subprocess.run([sys.executable, str(LAUNCHER), "stop"], env=saved["env"], capture_output=True)
    with suppress(ProcessLookupError):
        os.kill(saved["sink_pid"], signal.SIGTERM)
    subprocess.run(["bash", str(INFRA), "stop"], env=saved["infra_env"], capture_output=True)


@contextmanager
def private_stack(
    state: Path, *, partitions: int | None, log_level: str, keep: bool = False
) -> Iterator[BenchStack]:
    """Reset and start the private stack; stop all of it (services, sink, infrastructure) after,
    unless `keep` (then `attached_stack` finds it and `stop_private_stack` stops it)."""
    infra_env = {**os.environ, "CLOSEOUT_STATE_DIR": str(state), "CLOSEOUT_PG_FAST": "0"}
    for var in (
        "KAFKA_PORT",
        "KAFKA_CONTROLLER_PORT",
        "KAFKA_PLATFORM_PORT",
        "POSTGRES_PORT",
        "MAILPIT_SMTP_PORT",
        "MAILPIT_HTTP_PORT",
        "STRIPE_MOCK_PORT",
    ):
        infra_env[var] = str(free_port())
    if (state / "bench-stack.json").exists():  # what an earlier --keep left running
        stop_private_stack(state)
        (state / "bench-stack.json").unlink()
    subprocess.run(["bash", str(INFRA), "stop"], env=infra_env, capture_output=True, check=False)
    _run(["bash", str(INFRA), "reset"], infra_env)
    sink_port = free_port()
    sink = tools.smtp_sink(sink_port, state / "logs")
    started = time.monotonic()
    stack: BenchStack | None = None
    kept = False
    try:
        _run(["bash", str(INFRA), "start"], infra_env)
        env = {**os.environ, **_read_env(state / "infra.env"), "CLOSEOUT_STATE_DIR": str(state)}
        env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink_port), "LOG_LEVEL": log_level}
        if partitions:
            env["KAFKA_TOPIC_PARTITIONS"] = str(partitions)
        env.pop("KAFKA_TOPIC_PREFIX", None)
        for name in SERVICES:
            env[f"{name.upper()}_PORT"] = str(free_port())
        stack = BenchStack(state=state, env=env, up_seconds=0.0)
        _run([sys.executable, str(LAUNCHER), "start", "--timeout", "300"], env)
        stack.up_seconds = round(time.monotonic() - started, 1)
        stack.extra["smtp-sink"] = sink
        saved = {"env": env, "infra_env": infra_env, "sink_pid": sink.pid}
        (state / "bench-stack.json").write_text(
            json.dumps(saved | {"up_seconds": stack.up_seconds})
        )
        kept = keep
        yield stack
    finally:
        if not kept:  # a failed start is always cleaned up, --keep or not
            if stack is not None:
                subprocess.run(
                    [sys.executable, str(LAUNCHER), "stop"], env=stack.env, capture_output=True
                )
            sink.terminate()
            with suppress(subprocess.TimeoutExpired):
                sink.wait(10)
            subprocess.run(["bash", str(INFRA), "stop"], env=infra_env, capture_output=True)
