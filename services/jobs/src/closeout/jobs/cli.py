"""`closeout-jobs`: migrate, serve, and the shared commands; `dlq-list` / `dlq-replay` without
a topic operate `jobs.inbound`'s dead letters."""

from __future__ import annotations

from pathlib import Path

from closeout.jobs.app import create_app
from closeout.jobs.platforms.cli import PLATFORM_COMMANDS
from closeout.jobs.settings import JobsSettings
from closeout.shared.cli import run_service_cli
from closeout.shared.events.catalogue import JOBS_INBOUND_TOPIC

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def main(argv: list[str] | None = None) -> int:
    return run_service_cli(
        settings_factory=JobsSettings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        extra_commands=PLATFORM_COMMANDS,
        dead_letter_default_topic=JOBS_INBOUND_TOPIC,
        argv=argv,
    )
