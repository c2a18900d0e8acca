"""pruning indexes: published outbox rows and old inbox rows are found by age and deleted

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 00:30:00.000000
"""

from collections.abc import Sequence

from closeout.shared.db.migrate import add_pruning_indexes, drop_pruning_indexes

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_pruning_indexes()


def downgrade() -> None:
    drop_pruning_indexes()
