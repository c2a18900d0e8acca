"""`closeout-jobs`: migrate, serve, and the dead-letter ops commands."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from closeout.jobs.app import create_app
from closeout.jobs.dlq import DeadLetterRecord, read_dead_letters, replay
from closeout.jobs.settings import JobsSettings
from closeout.shared.cli import Command, run_service_cli

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _offsets(args: argparse.Namespace) -> dict[int, int]:
    """`--from P:OFFSET` (repeatable) as {partition: offset}."""
    start: dict[int, int] = {}
    for item in getattr(args, "start", None) or []:
        partition, _, offset = item.partition(":")
        start[int(partition)] = int(offset)
    return start


def _describe(letter: DeadLetterRecord) -> dict[str, object]:
    return {
        "partition": letter.partition,
        "offset": letter.offset,
        "reason": letter.reason,
        "failed_at": letter.failed_at,
        "key": letter.key.decode(errors="replace") if letter.key is not None else None,
        "original": letter.value.decode(errors="replace"),
    }


def _dlq_list(args: argparse.Namespace) -> int:
    settings = JobsSettings()
    letters = asyncio.run(
        read_dead_letters(
            settings.kafka_bootstrap_servers,
            topic_prefix=settings.kafka_topic_prefix,
            start=_offsets(args),
        )
    )
    for letter in letters:
        print(json.dumps(_describe(letter)))
    print(f"{len(letters)} dead letter(s)", file=sys.stderr)
    return 0


def _dlq_replay(args: argparse.Namespace) -> int:
    settings = JobsSettings()

    async def run() -> int:
        letters = await read_dead_letters(
            settings.kafka_bootstrap_servers,
            topic_prefix=settings.kafka_topic_prefix,
            start=_offsets(args),
        )
        return await replay(
            settings.kafka_bootstrap_servers, letters, topic_prefix=settings.kafka_topic_prefix
        )

    count = asyncio.run(run())
    print(f"replayed {count} dead letter(s) onto jobs.inbound")
    return 0


def _add_offsets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from",
        dest="start",
        action="append",
        metavar="PARTITION:OFFSET",
        help="start this partition at OFFSET (repeatable); others start at the beginning",
    )


DLQ_COMMANDS: dict[str, tuple[str, Command]] = {
    "dlq-list": ("print jobs.inbound.dlq: offset, reason, original bytes", _dlq_list),
    "dlq-replay": ("republish jobs.inbound.dlq's originals onto jobs.inbound", _dlq_replay),
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in DLQ_COMMANDS:
        # The shared CLI gives extra commands no options; these take --from.
        help_text, command = DLQ_COMMANDS[args[0]]
        parser = argparse.ArgumentParser(prog=f"closeout-jobs {args[0]}", description=help_text)
        _add_offsets(parser)
        return command(parser.parse_args(args[1:])) or 0
    return run_service_cli(
        settings_factory=JobsSettings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        extra_commands=DLQ_COMMANDS,
        argv=argv,
    )
