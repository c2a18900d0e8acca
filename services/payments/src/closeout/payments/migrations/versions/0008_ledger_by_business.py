"""ledger by business and time: the business's payment log across invoices

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 17:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_ledger_entries_business_id_occurred_at",
        "ledger_entries",
        ["business_id", "occurred_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_ledger_entries_business_id_occurred_at", table_name="ledger_entries")
