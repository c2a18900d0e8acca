"""`closeout-notifications migrate|serve|relay|asyncapi|mint-key` and the shared commands."""

from __future__ import annotations

import sys
from pathlib import Path

from closeout.notifications.app import create_app
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.cli import run_service_cli
from closeout.shared.settings import load_settings

MIGRATIONS = Path(__file__).parent / "migrations"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    settings = load_settings(NotificationsSettings)
    return run_service_cli(
        settings_factory=lambda: settings,
        app_factory=create_app,
        migrations=MIGRATIONS,
        argv=argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())
