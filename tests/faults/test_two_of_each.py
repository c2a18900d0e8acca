"""Two instances of every service at once, as a scaled-out deployment runs them: consumer
groups split the partitions, both outbox relays, schedulers, webhook and delivery workers run,
and HTTP calls (job reports, admin confirmations, Stripe's webhooks) go to each in turn. Every
job is invoiced once, every payment applied once, every paid invoice gets one receipt."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from unittest import mock

import pytest

from faults.chaos_checks import table
from faults.chaos_plan import SERVICES, ChaosPlan
from faults.chaos_run import run_chaos
from support.infra import Infra

TWO_OF_EACH = ChaosPlan(
    jobs=120,
    rate=6,
    kills_per_service=0,
    broker_restarts=0,
    database_restarts=0,
    smtp_outages=0,
    smtp_down_seconds=0,
    in_flight=24,
    instances=2,
)


@pytest.mark.timeout(1200)
async def test_two_instances_of_each_service_share_the_work_and_double_nothing(
    infra: Infra, tmp_path: Path
) -> None:
    # Three partitions per topic, so each consumer group has work for both its members.
    with mock.patch.dict(os.environ, {"KAFKA_TOPIC_PARTITIONS": "3"}):
        summary = await run_chaos(infra, tmp_path, TWO_OF_EACH)
    print(table(summary), file=sys.stderr)

    assert summary["violations"] == [], summary
    assert summary["invoices"] == summary["jobs"] == TWO_OF_EACH.jobs
    assert summary["payments_confirmed"] == summary["paid_invoices"] == 80
    assert summary["receipts"] == summary["paid_invoices"]
    assert summary["duplicate_emails"] == 0
    assert summary["dead_letters"] == 0
    consumed = summary["second_instances_consumed"]
    assert set(consumed) == set(SERVICES)
    assert all(n > 0 for n in consumed.values()), consumed
