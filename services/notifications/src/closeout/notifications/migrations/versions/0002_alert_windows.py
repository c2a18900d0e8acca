"""alert windows: how many admin alerts of a kind each recipient had per time window

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_windows",
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False),
        sa.Column("occurrences", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("reported", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint(
            "kind", "business_id", "recipient", "bucket", name="pk_alert_windows"
        ),
    )


def downgrade() -> None:
    op.drop_table("alert_windows")
