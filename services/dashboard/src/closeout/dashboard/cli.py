"""`closeout-dashboard`: migrate, serve, the shared commands, plus `seed-demo-owner` and
`create-user <business> <email> <role>` (password on standard input)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from closeout.dashboard.app import create_app
from closeout.dashboard.domain.roles import ROLES, Role
from closeout.dashboard.settings import DEV_DEMO_PASSWORD, DashboardSettings
from closeout.dashboard.usecases import accounts
from closeout.shared.cli import CliCommand, run_service_cli
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.errors import DomainError
from closeout.shared.settings import load_settings

MIGRATIONS = Path(__file__).parent / "migrations"
DEMO_BUSINESS = "demo"


async def _seed_demo_owner(settings: DashboardSettings) -> int:
    if settings.environment == "production" and settings.demo_admin_password == DEV_DEMO_PASSWORD:
        print(
            "closeout-dashboard: refusing the development DEMO_ADMIN_PASSWORD with"
            " CLOSEOUT_ENV=production (set DEMO_ADMIN_PASSWORD)",
            file=sys.stderr,
        )
        return 2
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            user, created = await accounts.seed_owner(
                session,
                business_id=DEMO_BUSINESS,
                email=settings.demo_admin_email,
                password=settings.demo_admin_password,
            )
    except DomainError as exc:
        print(f"closeout-dashboard: {exc}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"demo owner {user.email} {'created' if created else 'ready'}")
    return 0


async def _create_user(settings: DashboardSettings, args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n")
    role: Role = args.role
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            user = await accounts.create_user(
                session, business_id=args.business, email=args.email, password=password, role=role
            )
    except DomainError as exc:
        print(f"closeout-dashboard: {exc}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"user {user.email} ({user.role} of {user.business_id}) created")
    return 0


def _user_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("business", help="the business id")
    parser.add_argument("email")
    parser.add_argument("role", choices=ROLES)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = load_settings(DashboardSettings)
    return run_service_cli(
        settings_factory=lambda: settings,
        app_factory=lambda _settings: create_app(settings),
        migrations=MIGRATIONS,
        extra_commands={
            "seed-demo-owner": (
                "create the demo business's owner from DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD"
                " (idempotent)",
                lambda _args: asyncio.run(_seed_demo_owner(settings)),
            ),
            "create-user": CliCommand(
                "create a dashboard user (the password is read from standard input)",
                lambda args: asyncio.run(_create_user(settings, args)),
                _user_arguments,
            ),
        },
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
