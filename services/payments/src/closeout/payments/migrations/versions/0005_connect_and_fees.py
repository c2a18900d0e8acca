"""stripe connect: each business's connected account (with history) and its platform fee rule;
the application fee a checkout attempt asked Stripe for

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "connect_accounts",
        sa.Column("business_id", sa.String(100), primary_key=True),
        sa.Column("account_id", sa.String(100), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("charges_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("details_submitted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "connect_account_history",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("business_id", sa.String(100), nullable=False, index=True),
        sa.Column("account_id", sa.String(100), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("charges_enabled", sa.Boolean),
        sa.Column("actor", sa.String(200)),
        sa.Column(
            "occurred_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    op.create_table(
        "fee_rules",
        sa.Column("business_id", sa.String(100), primary_key=True),
        sa.Column("percent_bps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fixed_amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("cap_amount", sa.BigInteger),
        sa.Column("updated_by", sa.String(200)),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.CheckConstraint(
            "percent_bps >= 0 AND percent_bps <= 10000 AND fixed_amount >= 0"
            " AND (cap_amount IS NULL OR cap_amount >= 0)",
            name="ck_fee_rules_bounds",
        ),
    )
    op.add_column("checkout_attempts", sa.Column("application_fee_amount", sa.BigInteger))


def downgrade() -> None:
    op.drop_column("checkout_attempts", "application_fee_amount")
    op.drop_table("fee_rules")
    op.drop_table("connect_account_history")
    op.drop_table("connect_accounts")
