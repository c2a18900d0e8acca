"""`dlq-list [topic]` and `dlq-replay <topic>` for every service's command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from closeout.shared.commands import CliCommand
from closeout.shared.kafka.dlq_tools import (
    DeadLetterRecord,
    dead_letter_topics,
    original_topic,
    parse_offsets,
    read_dead_letters,
    replay,
)
from closeout.shared.settings import ServiceSettings

FROM_HELP = "start this partition at OFFSET (repeatable); others start at the beginning"


def dead_letter_commands(
    settings: ServiceSettings, *, default_topic: str | None = None
) -> dict[str, CliCommand]:
    """The commands, reading `settings`' broker and topic prefix. With `default_topic`, both
    commands may omit the topic; otherwise `dlq-list` without one lists every dead-letter
    topic and `dlq-replay` needs one."""
    topic_help = "the original topic, e.g. job.completed (prefix and .dlq are added)"

    def list_arguments(parser: argparse.ArgumentParser) -> None:
        fallback = default_topic or "every topic with a dead-letter topic"
        parser.add_argument(
            "topic", nargs="?", default=default_topic, help=f"{topic_help}; default: {fallback}"
        )
        parser.add_argument(
            "--from", dest="start", action="append", metavar="PARTITION:OFFSET", help=FROM_HELP
        )

    def replay_arguments(parser: argparse.ArgumentParser) -> None:
        if default_topic is None:
            parser.add_argument("topic", help=topic_help)
        else:
            parser.add_argument(
                "topic",
                nargs="?",
                default=default_topic,
                help=f"{topic_help}; default: {default_topic}",
            )
        parser.add_argument(
            "--from", dest="start", action="append", metavar="PARTITION:OFFSET", help=FROM_HELP
        )

    def list_letters(args: argparse.Namespace) -> int:
        try:
            start = parse_offsets(args.start)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        if start and not args.topic:
            print("--from needs a topic", file=sys.stderr)
            return 2
        letters = asyncio.run(_read(settings, args.topic, start))
        for letter in letters:
            print(json.dumps(letter.describe()))
        print(f"{len(letters)} dead letter(s)", file=sys.stderr)
        return 0

    def replay_letters(args: argparse.Namespace) -> int:
        try:
            start = parse_offsets(args.start)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2

        async def run() -> int:
            letters = await _read(settings, args.topic, start)
            return await replay(
                settings.kafka_bootstrap_servers, letters, topic_prefix=settings.kafka_topic_prefix
            )

        count = asyncio.run(run())
        print(f"replayed {count} dead letter(s) onto {original_topic(args.topic)}")
        return 0

    return {
        "dlq-list": CliCommand(
            "print a topic's dead letters (JSON lines): where, why, the original bytes",
            list_letters,
            list_arguments,
        ),
        "dlq-replay": CliCommand(
            "republish a topic's dead letters onto the topic (safe to repeat)",
            replay_letters,
            replay_arguments,
        ),
    }


async def _read(
    settings: ServiceSettings, topic: str | None, start: dict[int, int]
) -> list[DeadLetterRecord]:
    bootstrap, prefix = settings.kafka_bootstrap_servers, settings.kafka_topic_prefix
    topics = [topic] if topic else await dead_letter_topics(bootstrap, topic_prefix=prefix)
    letters: list[DeadLetterRecord] = []
    for name in topics:
        letters += await read_dead_letters(bootstrap, name, topic_prefix=prefix, start=start)
    return letters
