"""The command line every service shares: `migrate`, `serve`, `relay`, `asyncapi`,
`mint-key`, `revoke-key`."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from closeout.shared.api_key_commands import (
    add_mint_key_arguments,
    add_revoke_key_arguments,
    mint_key,
    revoke_key,
)
from closeout.shared.commands import CliCommand, Command
from closeout.shared.db.migrate import upgrade
from closeout.shared.dlq_commands import dead_letter_commands
from closeout.shared.events.asyncapi import asyncapi_document
from closeout.shared.logging import configure_logging
from closeout.shared.observability.tracing import configure_tracing
from closeout.shared.outbox_commands import outbox_commands
from closeout.shared.settings import ServiceSettings, SettingsT, load_settings
from closeout.shared.web.runtime import ServiceRuntime

__all__ = ["CliCommand", "Command", "run_service_cli"]


def run_service_cli(
    *,
    settings_factory: Callable[[], SettingsT],
    app_factory: Callable[[SettingsT], FastAPI],
    migrations: Path,
    extra_commands: Mapping[str, CliCommand | tuple[str, Command]] | None = None,
    dead_letter_default_topic: str | None = None,
    argv: list[str] | None = None,
) -> int:
    """Parse `argv` and run the command. `extra_commands` are the service's own (a
    `CliCommand` may declare arguments); `dlq-list` / `dlq-replay` come with every service,
    defaulting to `dead_letter_default_topic` when the topic is left out."""
    settings = load_settings(settings_factory)
    parser = argparse.ArgumentParser(prog=f"closeout-{settings.service_name}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations")
    serve = sub.add_parser("serve", help="HTTP API + Kafka consumers + outbox relay")
    serve.add_argument("--migrate", action="store_true", help="apply migrations first")
    sub.add_parser("relay", help="only the outbox relay (for extra relay instances)")
    sub.add_parser("asyncapi", help="print the event catalogue (AsyncAPI JSON)")
    add_mint_key_arguments(sub.add_parser("mint-key", help="issue an API key and print it"))
    add_revoke_key_arguments(sub.add_parser("revoke-key", help="revoke an API key everywhere"))
    commands = dead_letter_commands(settings, default_topic=dead_letter_default_topic)
    commands |= outbox_commands(settings)
    commands |= {name: CliCommand.of(spec) for name, spec in (extra_commands or {}).items()}
    for name, command in commands.items():
        command.add_to(sub, name)
    args = parser.parse_args(argv)

    if args.command == "migrate":
        upgrade(migrations, settings.database_url)
    elif args.command == "serve":
        if args.migrate:
            upgrade(migrations, settings.database_url)
        uvicorn.run(
            app_factory(settings),
            host=settings.host,
            port=settings.port,
            log_config=None,
            access_log=False,
        )
    elif args.command == "relay":
        asyncio.run(_relay_only(settings))
    elif args.command == "asyncapi":
        json.dump(asyncapi_document(), sys.stdout, indent=2)
    elif args.command == "mint-key":
        return mint_key(settings, args)
    elif args.command == "revoke-key":
        return revoke_key(settings, args)
    else:
        return commands[args.command].run(args) or 0
    return 0


async def _relay_only(settings: ServiceSettings) -> None:
    configure_logging(settings.service_name, settings.log_level, settings.log_json)
    configure_tracing(settings.service_name, settings.tracing)
    runtime = ServiceRuntime.build(settings)
    try:
        await runtime.relay.run(runtime.stop)
    finally:
        await runtime.engine.dispose()
