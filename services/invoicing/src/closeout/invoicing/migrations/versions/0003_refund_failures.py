"""refund failures

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "refund_failures",
        sa.Column("refund_id", sa.String(length=200), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column("payment_id", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("reversed_amount", sa.BigInteger(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("late_refund_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.invoice_id"],
            name=op.f("fk_refund_failures_invoice_id_invoices"),
        ),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_refund_failures")),
    )
    op.create_index(
        op.f("ix_refund_failures_invoice_id"), "refund_failures", ["invoice_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_refund_failures_invoice_id"), table_name="refund_failures")
    op.drop_table("refund_failures")
