"""outbox parking: rows that can never be sent are kept, marked and no longer claimed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 11:30:00.000000
"""

from collections.abc import Sequence

from closeout.shared.db.migrate import add_outbox_parking, drop_outbox_parking

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_outbox_parking()


def downgrade() -> None:
    drop_outbox_parking()
