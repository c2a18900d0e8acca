"""The fault run in its CI form: a few hundred jobs, card payments (each webhook delivered 3
times, shuffled) and confirmed bank-transfer claims while each service is SIGKILLed once, the
broker and the database restart once and SMTP is away for 20 s. Every guarantee holds."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from faults.chaos_checks import CONTRACT, table
from faults.chaos_plan import SERVICES, ChaosPlan
from faults.chaos_run import run_chaos
from support.infra import Infra

CI_PLAN = ChaosPlan(
    jobs=300,
    rate=4,
    kills_per_service=1,
    broker_restarts=1,
    database_restarts=1,
    smtp_outages=1,
    smtp_down_seconds=20,
    in_flight=24,
)


# About 3 minutes on a quiet machine (the stack starts in well under a minute); the limit
# allows for a loaded one, where starting the five services alone took 9 minutes.
@pytest.mark.timeout(1800)
async def test_the_fault_run_loses_and_doubles_nothing(infra: Infra, tmp_path: Path) -> None:
    summary = await run_chaos(infra, tmp_path, CI_PLAN)
    print(table(summary), file=sys.stderr)
    (tmp_path / "summary.json").write_text(json.dumps(summary, indent=2))

    assert list(summary)[: len(CONTRACT)] == list(CONTRACT)
    assert summary["violations"] == [], summary
    assert summary["jobs"] == CI_PLAN.jobs
    assert summary["invoices"] == CI_PLAN.jobs
    assert summary["duplicate_invoices"] == summary["lost_invoices"] == 0
    assert summary["double_applied"] == 0
    assert summary["payments_confirmed"] == summary["paid_invoices"] == 200
    assert summary["webhook_deliveries"] == 3 * summary["card_payments"] == 300
    assert summary["receipts"] == summary["paid_invoices"]
    assert summary["dead_letters"] == 0
    assert summary["duplicate_emails_unexplained"] == 0
    assert summary["kills"] == {service: 1 for service in SERVICES}
    assert summary["faults"] == {"kill": 4, "broker": 1, "database": 1, "smtp": 1}
    assert summary["faults_injected"] == 7
    assert summary["drain_seconds"] is not None
    assert summary["backlog_drain_seconds"] <= CI_PLAN.drain_limit_seconds
