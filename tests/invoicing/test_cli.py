"""The console script: migrate, seed-demo (idempotent), run-scheduler-once."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from support.databases import create_database
from support.infra import Infra
from support.invoicing import Harness, configure_business


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
    assert json.loads(scheduled.stdout) == {
        "marked_overdue": [],
        "reminders": [],
        "recurring_invoices": [],
    }


async def test_run_scheduler_once_makes_recurring_invoices_due(harness: Harness) -> None:
    """One pass makes the period's invoice of a schedule that starts today; a second makes
    none (each period once)."""
    await configure_business(harness, timezone="Australia/Sydney")  # today began there
    today = datetime.now(UTC).date()
    created = await harness.client.post(
        "/v1/recurring-invoices",
        json={
            "customer": {"name": "Pat Customer", "email": "pat@example.com"},
            "lines": [{"description": "Monthly service", "quantity": "1", "unit_amount": 9900}],
            "frequency": "monthly",
            "start_date": str(today),
        },
        headers=harness.admin_headers(),
    )
    assert created.status_code == 201, created.text
    schedule_id = created.json()["schedule_id"]

    first = cli("run-scheduler-once", database_url=harness.database_url)
    assert first.returncode == 0, first.stderr
    [made] = json.loads(first.stdout)["recurring_invoices"]
    assert (made["schedule_id"], made["period"]) == (schedule_id, str(today))
    invoice = await harness.invoice(made["invoice_id"])
    assert invoice["total"] == 9900
    again = cli("run-scheduler-once", database_url=harness.database_url)
    assert json.loads(again.stdout)["recurring_invoices"] == []
