"""payment notice: when the owner is emailed that a payment arrived (each, daily, never)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 17:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "businesses",
        sa.Column("payment_notice", sa.String(10), server_default="each", nullable=False),
    )
    op.create_check_constraint(
        "ck_businesses_payment_notice",
        "businesses",
        "payment_notice IN ('each', 'daily', 'never')",
    )


def downgrade() -> None:
    op.drop_constraint("ck_businesses_payment_notice", "businesses", type_="check")
    op.drop_column("businesses", "payment_notice")
