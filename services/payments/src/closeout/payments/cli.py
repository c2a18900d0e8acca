"""`closeout-payments`: migrate, serve, the shared commands, plus `reconcile` and
`replay-webhook <event id>`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from closeout.payments.adapters.stripe_gateway import StripeClientGateway
from closeout.payments.app import create_app
from closeout.payments.settings import PaymentsSettings
from closeout.payments.usecases.reconcile import reconcile_once
from closeout.payments.usecases.webhooks import replay_event
from closeout.shared.cli import CliCommand, run_service_cli
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.errors import NotFoundError
from closeout.shared.settings import load_settings

MIGRATIONS = Path(__file__).parent / "migrations"


async def _reconcile(settings: PaymentsSettings) -> int:
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        report = await reconcile_once(
            create_sessionmaker(engine), StripeClientGateway(settings), settings
        )
    finally:
        await engine.dispose()
    print(
        json.dumps(
            {"checked": report.checked, "outcomes": report.outcomes, "errors": report.errors}
        )
    )
    return 1 if report.errors else 0


async def _replay(settings: PaymentsSettings, event_id: str) -> int:
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await replay_event(session, event_id)
    except NotFoundError as exc:
        print(f"{event_id}: {exc}")
        return 1
    finally:
        await engine.dispose()
    print(f"{event_id}: queued for processing")
    return 0


def _event_id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_id", help="the Stripe event id (evt_...)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = load_settings(PaymentsSettings)
    return run_service_cli(
        settings_factory=lambda: settings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        extra_commands={
            "reconcile": (
                "ask Stripe about unsettled checkout sessions once",
                lambda _args: asyncio.run(_reconcile(settings)),
            ),
            "replay-webhook": CliCommand(
                "process a stored Stripe event again",
                lambda args: asyncio.run(_replay(settings, args.event_id)),
                _event_id_argument,
            ),
        },
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
