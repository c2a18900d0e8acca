"""payment digests: the payments an owner hears of once a day

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 17:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_digest_items",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("fact_key", sa.String(400), nullable=False),
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("invoice_id", sa.String(100), nullable=False),
        sa.Column("invoice_number", sa.String(100), nullable=True),
        sa.Column("customer_name", sa.String(200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(300), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digest_id", sa.String(64), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_payment_digest_items"),
        sa.UniqueConstraint("fact_key", name="uq_payment_digest_items_fact_key"),
    )
    op.create_index(
        "ix_payment_digest_items_due",
        "payment_digest_items",
        ["local_day"],
        postgresql_where=sa.text("digest_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("payment_digest_items")
