"""`closeout-jobs add-platform | grant-platform | revoke-platform | list-platforms`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.platforms import grants
from closeout.jobs.platforms.kafka_admin import (
    PlatformAccessError,
    new_password,
    provision_platform,
    wait_for_access,
)
from closeout.jobs.platforms.names import InvalidPlatformNameError, check_name
from closeout.jobs.settings import JobsSettings
from closeout.shared.cli import CliCommand, Command
from closeout.shared.db import create_engine, create_sessionmaker

T = TypeVar("T")


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

    async def run() -> tuple[str, str | None]:
        topic = await provision_platform(
            settings.kafka_bootstrap_servers,
            name,
            password,
            topic_prefix=settings.kafka_topic_prefix,
            partitions=settings.kafka_topic_partitions,
        )

        async def grant_all(session: AsyncSession) -> None:
            for business_id in args.business:
                await grants.grant(session, name, business_id)

        await _in_transaction(settings, grant_all)
        if args.no_wait:
            return topic, None
        try:
            await wait_for_access(settings.kafka_platform_bootstrap_servers, name, password, topic)
        except PlatformAccessError as exc:
            return topic, str(exc)
        return topic, None

    topic, problem = asyncio.run(run())
    print(credential_line(settings, name, password, topic))
    for business_id in args.business:
        print(f"granted: {name} may report jobs for {business_id}", file=sys.stderr)
    if problem:
        print(f"add-platform: created, but the login was not confirmed: {problem}", file=sys.stderr)
        return 1
    return 0


def _grant(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    name = check_name(args.platform)
    new = asyncio.run(_in_transaction(settings, lambda s: grants.grant(s, name, args.business)))
    print(f"{name} may report jobs for {args.business}{'' if new else ' (already)'}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    gone = asyncio.run(
        _in_transaction(settings, lambda s: grants.revoke(s, args.platform, args.business))
    )
    if not gone:
        print(f"{args.platform} had no grant for {args.business}", file=sys.stderr)
        return 1
    print(f"{args.platform} may no longer report jobs for {args.business}")
    return 0


def _list(_args: argparse.Namespace) -> int:
    rows = asyncio.run(_in_transaction(JobsSettings(), grants.list_grants))
    for platform, business_id in rows:
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
