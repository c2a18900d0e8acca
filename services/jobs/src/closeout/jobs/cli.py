"""`closeout-jobs`: migrate, serve, the shared commands, and the field platforms'
`add-platform | grant-platform | revoke-platform | list-platforms`. `dlq-list` / `dlq-replay`
without a topic operate `jobs.inbound`'s dead letters."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.adapters.kafka_admin import new_password
from closeout.jobs.app import create_app
from closeout.jobs.domain.platforms import InvalidPlatformNameError, check_name
from closeout.jobs.settings import JobsSettings
from closeout.jobs.usecases import platforms
from closeout.shared.cli import CliCommand, Command, run_service_cli
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.events.catalogue import JOBS_INBOUND_TOPIC
from closeout.shared.settings import load_settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

T = TypeVar("T")


def main(argv: list[str] | None = None) -> int:
    settings = load_settings(JobsSettings)
    return run_service_cli(
        settings_factory=lambda: settings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        extra_commands=PLATFORM_COMMANDS,
        dead_letter_default_topic=JOBS_INBOUND_TOPIC,
        argv=argv,
    )


def credential_line(settings: JobsSettings, name: str, password: str, topic: str) -> str:
    return (
        f"platform   {name} / {password} on {settings.kafka_platform_bootstrap_servers} "
        f"(SASL SCRAM-SHA-256), topic {topic}"
    )


async def _in_transaction(
    settings: JobsSettings, work: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def _add_platform(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    name = check_name(args.name)
    password = sys.stdin.readline().strip() if args.password_stdin else new_password()
    if not password:
        raise SystemExit("add-platform: empty password on stdin")

    async def run() -> platforms.AddedPlatform:
        engine = create_engine(settings.database_url)
        try:
            return await platforms.add_platform(
                settings,
                create_sessionmaker(engine),
                name,
                password,
                args.business,
                wait=not args.no_wait,
            )
        finally:
            await engine.dispose()

    added = asyncio.run(run())
    print(credential_line(settings, name, password, added.topic))
    for business_id in args.business:
        print(f"granted: {name} may report jobs for {business_id}", file=sys.stderr)
    if added.access_problem:
        print(
            f"add-platform: created, but the login was not confirmed: {added.access_problem}",
            file=sys.stderr,
        )
        return 1
    return 0


def _grant(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    name = check_name(args.platform)
    new = asyncio.run(_in_transaction(settings, lambda s: platforms.grant(s, name, args.business)))
    print(f"{name} may report jobs for {args.business}{'' if new else ' (already)'}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    gone = asyncio.run(
        _in_transaction(settings, lambda s: platforms.revoke(s, args.platform, args.business))
    )
    if not gone:
        print(f"{args.platform} had no grant for {args.business}", file=sys.stderr)
        return 1
    print(f"{args.platform} may no longer report jobs for {args.business}")
    return 0


def _list(_args: argparse.Namespace) -> int:
    grants = asyncio.run(_in_transaction(JobsSettings(), platforms.list_grants))
    for platform, business_id in grants:
        print(f"{platform}\t{business_id}")
    return 0


def _add_platform_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the platform's name: its principal is User:<name>")
    parser.add_argument("--business", action="append", default=[], metavar="BUSINESS_ID")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )
    parser.add_argument(
        "--no-wait",
        action="store_true",
        help="do not wait until KAFKA_PLATFORM_BOOTSTRAP_SERVERS accepts the credential "
        "(when that address is not reachable from here)",
    )


def _grant_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("platform")
    parser.add_argument("business")


def _named(command: Command) -> Command:
    def run(args: argparse.Namespace) -> int | None:
        try:
            return command(args)
        except InvalidPlatformNameError as exc:
            print(f"closeout-jobs {args.command}: {exc}", file=sys.stderr)
            return 2

    return run


PLATFORM_COMMANDS: dict[str, CliCommand] = {
    "add-platform": CliCommand(
        "create a field platform's Kafka principal (SCRAM-SHA-256 user), its topic "
        "platform.<name>.jobs and the ACLs that let it write only that topic; grant it "
        "businesses; print its credential (run again: a new password)",
        _named(_add_platform),
        _add_platform_arguments,
    ),
    "grant-platform": CliCommand(
        "let a platform report jobs for a business", _named(_grant), _grant_arguments
    ),
    "revoke-platform": CliCommand(
        "stop a platform reporting jobs for a business", _named(_revoke), _grant_arguments
    ),
    "list-platforms": CliCommand("print every platform grant (platform, business)", _list),
}
