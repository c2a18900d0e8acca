#!/usr/bin/env python3
"""Run Closeout's services as local processes against infra.sh's infrastructure.

    services.py run     migrate, seed the demo business and its dashboard owner, start the
                        four services and the dashboard, stay in the
                        foreground until Ctrl-C, then stop them (and, with --stop-infra,
                        the infrastructure after them)
    services.py start   the same, in the background; returns once every /healthz answers
    services.py stop    stop the services started by `start`
    services.py status  one line per service

Each service runs `closeout-<name> serve`: its HTTP API, its Kafka consumers, its outbox relay
and its schedulers in one process. Addresses of the infrastructure come from the environment
(`source $CLOSEOUT_STATE_DIR/infra.env`); ports from JOBS_PORT, INVOICING_PORT, PAYMENTS_PORT,
NOTIFICATIONS_PORT, DASHBOARD_PORT (8001-8005). The dashboard's demo owner signs in with
DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD (defaults below, printed at start). Pids and logs
live in $CLOSEOUT_STATE_DIR (default .local).
Standard library only, so it runs before anything else is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVICES = {
    "jobs": 8001,
    "invoicing": 8002,
    "payments": 8003,
    "notifications": 8004,
    "dashboard": 8005,
}
DEMO_PLATFORM = "acme-demo"  # a field platform publishing on Kafka (SASL/SCRAM) for `demo`
DEV_DEFAULTS = {
    "CLOSEOUT_ENV": "development",
    "CLOSEOUT_AUTH_SECRET": "local-dev-secret-change-me",
    "STRIPE_API_KEY": "sk_test_123",
    "STRIPE_WEBHOOK_SECRET": "whsec_local_dev_secret",
    "LOG_LEVEL": "INFO",
    # The dashboard's demo owner (README); the dashboard refuses this password in production.
    "DEMO_ADMIN_EMAIL": "owner@demo.closeout.test",
    "DEMO_ADMIN_PASSWORD": "closeout-demo-owner",
}


def state_dir() -> Path:
    path = Path(os.environ.get("CLOSEOUT_STATE_DIR", REPO / ".local"))
    (path / "run").mkdir(parents=True, exist_ok=True)
    (path / "logs").mkdir(parents=True, exist_ok=True)
    return path


def port(name: str) -> int:
    return int(os.environ.get(f"{name.upper()}_PORT", SERVICES[name]))


def service_env() -> dict[str, str]:
    env = {**DEV_DEFAULTS, **os.environ}
    env.setdefault("PAYMENTS_URL", f"http://127.0.0.1:{port('payments')}")
    env.setdefault("NOTIFICATIONS_INVOICING_URL", f"http://127.0.0.1:{port('invoicing')}")
    env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port('invoicing')}")
    # Invitation and password-reset links open the dashboard where this run serves it.
    env.setdefault("DASHBOARD_PUBLIC_URL", f"http://127.0.0.1:{port('dashboard')}")
    for upstream in ("invoicing", "payments", "notifications"):
        env.setdefault(f"DASHBOARD_{upstream.upper()}_URL", f"http://127.0.0.1:{port(upstream)}")
    if "DASHBOARD_DATABASE_URL" not in env and env.get("POSTGRES_URL"):  # an older infra.env
        asyncpg = env["POSTGRES_URL"].replace("postgresql://", "postgresql+asyncpg://", 1)
        env["DASHBOARD_DATABASE_URL"] = f"{asyncpg}/closeout_dashboard"
    for name in SERVICES:
        env[f"{name.upper()}_PORT"] = str(port(name))
    return env


def command(name: str, *args: str) -> list[str]:
    executable = Path(sys.executable).parent / f"closeout-{name}"
    return [str(executable), *args]


def pidfile(name: str) -> Path:
    return state_dir() / "run" / f"service-{name}.pid"


def running_pid(name: str) -> int | None:
    try:
        pid = int(pidfile(name).read_text())
        # `run` is the services' parent: reap an exited one, or it lingers as a zombie that
        # still answers kill(pid, 0).
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return None
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None


def healthy(name: str) -> bool:
    try:
        url = f"http://127.0.0.1:{port(name)}/healthz"
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def prepare(env: dict[str, str]) -> None:
    """Migrate the databases side by side, then seed the demo business and its owner."""
    migrations = {name: subprocess.Popen(command(name, "migrate"), env=env, cwd=REPO)
                  for name in SERVICES}  # fmt: skip
    failed = [name for name, proc in migrations.items() if proc.wait() != 0]
    if failed:
        sys.exit(f"[services] migrations failed: {', '.join(failed)}")
    seeding = [
        subprocess.Popen(command("invoicing", "seed-demo"), env=env, cwd=REPO),
        subprocess.Popen(
            command("dashboard", "seed-demo-owner"), env=env, cwd=REPO, stdout=subprocess.DEVNULL
        ),
    ]
    if any(proc.wait() != 0 for proc in seeding):
        sys.exit("[services] seeding the demo business failed")


def start_demo_platform(env: dict[str, str]) -> subprocess.Popen[str] | None:
    """Create (or refresh), alongside the services' start, the demo field platform: its Kafka
    principal, topic and ACLs, and its grant for the demo business. Its password is kept in the
    state dir, so it stays the same across runs."""
    if not env.get("KAFKA_PLATFORM_BOOTSTRAP_SERVERS"):
        return None  # a broker started by an older infra.sh has no SASL listener
    secret = state_dir() / "demo-platform.password"
    if not secret.exists():  # created atomically: launchers sharing a state dir agree on it
        draft = secret.with_name(f"{secret.name}.{os.getpid()}")
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_urlsafe(24))
        with contextlib.suppress(FileExistsError):
            os.link(draft, secret)
        draft.unlink()
    proc = subprocess.Popen(
        command("jobs", "add-platform", DEMO_PLATFORM, "--business", "demo", "--password-stdin"),
        env=env,
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # it failed at once: demo_platform_line says why
        proc.stdin.write(secret.read_text())
        proc.stdin.close()
    return proc


def demo_platform_line(proc: subprocess.Popen[str] | None) -> str | None:
    """The demo platform's credential line, once `add-platform` is done."""
    if proc is None:
        return None
    assert proc.stdout is not None
    output = proc.stdout.read()
    if proc.wait() != 0:
        print(f"[services] demo platform not confirmed:\n{output[-2000:]}", file=sys.stderr)
    lines = [line for line in output.splitlines() if line.startswith("platform ")]
    return lines[0] if lines else None


def launch(env: dict[str, str]) -> list[subprocess.Popen[bytes]]:
    processes = []
    for name in SERVICES:
        if running_pid(name) is not None:
            print(f"[services] {name}: already running", file=sys.stderr)
            continue
        log = (state_dir() / "logs" / f"service-{name}.log").open("ab")
        proc = subprocess.Popen(
            command(name, "serve"),
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        pidfile(name).write_text(str(proc.pid))
        processes.append(proc)
    return processes


def wait_healthy(timeout: float) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(SERVICES)
    while waiting and time.monotonic() < deadline:
        waiting = {name for name in waiting if not healthy(name)}
        for name in list(waiting):
            if running_pid(name) is None:
                log = state_dir() / "logs" / f"service-{name}.log"
                tail = log.read_text(errors="replace").splitlines()[-30:]
                sys.exit(f"[services] {name} exited during start-up:\n" + "\n".join(tail))
        time.sleep(0.3)
    if waiting:
        sys.exit(f"[services] not healthy after {timeout:.0f}s: {', '.join(sorted(waiting))}")


def stop(timeout: float = 20) -> None:
    for name in SERVICES:
        pid = running_pid(name)
        if pid is None:
            continue
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while running_pid(name) is not None and time.monotonic() < deadline:
            time.sleep(0.2)
        if running_pid(name) is not None:
            os.killpg(pid, signal.SIGKILL)
        pidfile(name).unlink(missing_ok=True)
        print(f"[services] {name}: stopped", file=sys.stderr)


def mint_demo_keys(env: dict[str, str]) -> dict[str, str]:
    """The demo business's admin and integration keys, minted side by side (each is a CLI run)."""
    minting = {
        scope: subprocess.Popen(
            command(service, "mint-key", "demo", scope, "--label", "make run demo"),
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for scope, service in (("admin", "invoicing"), ("integration", "jobs"))
    }
    keys = {}
    for scope, proc in minting.items():
        output, _ = proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"[services] could not mint the demo {scope} key")
        keys[scope] = output.strip()
    return keys


def print_urls(env: dict[str, str]) -> None:
    keys = mint_demo_keys(env)
    key, integration = keys["admin"], keys["integration"]
    print("Closeout is running:")
    for name in SERVICES:
        if name == "dashboard":
            continue
        print(f"  {name:<14} http://127.0.0.1:{port(name)}   (docs: /docs, health: /healthz)")
    print(f"  {dashboard_line(env)}")
    print(f"  mailpit        {env.get('MAILPIT_API_URL', 'http://127.0.0.1:8025')}")
    print(f"  kafka          {env.get('KAFKA_BOOTSTRAP_SERVERS', '127.0.0.1:9092')}")
    print("Demo business 'demo':")
    print(f"  admin key        {key}")
    print(f"  integration key  {integration}")
    print(
        f"  Stripe webhooks  POST http://127.0.0.1:{port('payments')}/webhooks/stripe "
        f"(secret {env['STRIPE_WEBHOOK_SECRET']})"
    )
    sys.stdout.flush()


def dashboard_line(env: dict[str, str]) -> str:
    """`dashboard <url> (sign in: <email> / <password>)`: a public contract (README)."""
    return (
        f"{'dashboard':<14} http://127.0.0.1:{port('dashboard')}   (sign in: "
        f"{env['DEMO_ADMIN_EMAIL']} / {env['DEMO_ADMIN_PASSWORD']})"
    )


def start_all(env: dict[str, str], timeout: float) -> None:
    started = time.monotonic()
    prepare(env)
    platform = start_demo_platform(env)
    print(f"[services] migrated and seeded in {time.monotonic() - started:.1f}s", file=sys.stderr)
    launch(env)
    try:
        wait_healthy(timeout)
    except SystemExit:
        stop()
        raise
    print(f"[services] healthy after {time.monotonic() - started:.1f}s", file=sys.stderr)
    print_urls(env)
    line = demo_platform_line(platform)
    if line:
        print(f"  {line}", flush=True)


def run_until_interrupted(env: dict[str, str], timeout: float, *, stop_infra: bool) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        start_all(env, timeout)
        print("Press Ctrl-C to stop.", flush=True)
        while True:
            signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        # A terminal's Ctrl-C reaches make, uv and us, and uv forwards it again: further
        # signals must not cut the shutdown short. Services stop before the infrastructure
        # they would otherwise wait on.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop()
        if stop_infra:
            subprocess.run(["bash", str(REPO / "deploy/local/infra.sh"), "stop"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["run", "start", "stop", "status"])
    parser.add_argument("--timeout", type=float, default=90)
    parser.add_argument("--stop-infra", action="store_true", help="run: stop infra.sh's too")
    args = parser.parse_args()
    env = service_env()
    if args.action == "status":
        for name in SERVICES:
            state = "up" if healthy(name) else ("starting" if running_pid(name) else "down")
            print(f"{name:<14} {state:<9} http://127.0.0.1:{port(name)}")
    elif args.action == "stop":
        stop()
    elif args.action == "start":
        start_all(env, args.timeout)
    else:
        run_until_interrupted(env, args.timeout, stop_infra=args.stop_infra)


if __name__ == "__main__":
    main()
