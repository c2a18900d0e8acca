"""`closeout-notifications migrate|serve|relay|asyncapi|mint-key`."""

from pathlib import Path

from closeout.notifications.app import create_app
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.cli import run_service_cli

MIGRATIONS = Path(__file__).parent / "migrations"


def main() -> int:
    return run_service_cli(
        settings_factory=NotificationsSettings,
        app_factory=create_app,
        migrations=MIGRATIONS,
    )


if __name__ == "__main__":
    raise SystemExit(main())
