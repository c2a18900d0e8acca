"""The console script: migrate, seed-demo (idempotent), run-scheduler-once."""

import os
import subprocess
import sys

from support.databases import create_database
from support.infra import Infra


def cli(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"INVOICING_DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from closeout.invoicing.cli import main; raise SystemExit(main())",
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_migrate_seed_demo_twice_and_a_scheduler_pass(infra: Infra) -> None:
    url = await create_database(infra.postgres_url, "invoicing_cli")
    assert cli("migrate", database_url=url).returncode == 0
    first = cli("seed-demo", database_url=url)
    assert first.returncode == 0, first.stderr
    assert "'demo' (Demo Plumbing Co) created" in first.stdout
    second = cli("seed-demo", database_url=url)
    assert "already exists" in second.stdout
    assert "cok_" not in first.stdout + second.stdout
    scheduled = cli("run-scheduler-once", database_url=url)
    assert scheduled.returncode == 0, scheduled.stderr
    assert scheduled.stdout.strip() == '{"marked_overdue": [], "reminders": []}'
