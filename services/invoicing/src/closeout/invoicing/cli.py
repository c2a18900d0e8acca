"""`closeout-invoicing`: migrate, serve, and the invoicing ops commands."""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from closeout.invoicing.app import create_app
from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.business import DEMO_BUSINESS
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once, run_recurring_once
from closeout.shared.cli import run_service_cli
from closeout.shared.db import create_engine, create_sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEMO_BUSINESS_ID = "demo"
SCHEDULER_ROUND = "one scheduler round (recurring invoices, overdue marking, reminders), then exit"


async def seed_demo(settings: InvoicingSettings) -> bool:
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await businesses.seed_demo(session, DEMO_BUSINESS_ID)
    finally:
        await engine.dispose()


async def scheduler_pass(settings: InvoicingSettings) -> dict[str, object]:
    """What one pass of the background scheduler does: recurring invoices due, then overdue
    marking and reminders (so a period's new invoice is chased in the same pass)."""
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        linker = Linker.of(settings)
        sessionmaker = create_sessionmaker(engine)
        made = await run_recurring_once(sessionmaker, linker)
        result = await run_once(sessionmaker, linker)
    finally:
        await engine.dispose()
    return {
        "marked_overdue": result.marked_overdue,
        "reminders": result.reminders,
        "recurring_invoices": [
            {"schedule_id": schedule_id, "period": period.isoformat(), "invoice_id": invoice_id}
            for schedule_id, period, invoice_id in made.made
        ],
    }


def _seed_demo(_: argparse.Namespace) -> int:
    created = asyncio.run(seed_demo(InvoicingSettings()))
    state = "created" if created else "already exists (left unchanged)"
    print(f"business {DEMO_BUSINESS_ID!r} ({DEMO_BUSINESS['name']}) {state}")
    return 0


def _run_scheduler_once(_: argparse.Namespace) -> int:
    print(json.dumps(asyncio.run(scheduler_pass(InvoicingSettings()))))
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_service_cli(
        settings_factory=InvoicingSettings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        extra_commands={
            "seed-demo": ("create the demo business (idempotent)", _seed_demo),
            "mark-overdue": (SCHEDULER_ROUND, _run_scheduler_once),
            "run-scheduler-once": (SCHEDULER_ROUND, _run_scheduler_once),
        },
        argv=argv,
    )
