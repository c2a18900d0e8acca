"""partners: a business's partners with their share rule and connected account; their payouts
(one Stripe Transfer per confirmed payment) and the reversals refunds take back

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 17:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("partner_id", sa.String(64), primary_key=True),
        sa.Column("business_id", sa.String(100), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("customer_emails", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("rule_kind", sa.String(10), nullable=False),
        sa.Column("percent_bps", sa.Integer, nullable=False, server_default="0"),
        sa.Column("fixed_amount", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("cap_amount", sa.BigInteger),
        sa.Column("ends_at", sa.DateTime(timezone=True)),
        sa.Column("account_id", sa.String(100), unique=True),
        sa.Column("payouts_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("details_submitted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(10), nullable=False, server_default="active"),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "percent_bps >= 0 AND percent_bps <= 10000 AND fixed_amount >= 0"
            " AND (cap_amount IS NULL OR cap_amount >= 0)",
            name="ck_partners_rule_bounds",
        ),
    )
    op.create_table(
        "partner_payouts",
        sa.Column("payout_id", sa.String(64), primary_key=True),
        sa.Column("partner_id", sa.String(64), nullable=False, index=True),
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("payment_id", sa.String(64), nullable=False),
        sa.Column("invoice_id", sa.String(64), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("transfer_id", sa.String(100)),
        sa.Column("destination", sa.String(100)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _timestamp("next_attempt_at"),
        sa.Column("last_error", sa.Text),
        _timestamp("created_at"),
        sa.Column("paid_at", sa.DateTime(timezone=True)),
        _timestamp("updated_at"),
        sa.UniqueConstraint("payment_id", "partner_id"),
    )
    op.create_index(
        "ix_partner_payouts_due",
        "partner_payouts",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "partner_reversals",
        sa.Column("reversal_id", sa.String(64), primary_key=True),
        sa.Column("payout_id", sa.String(64), nullable=False, index=True),
        sa.Column("partner_id", sa.String(64), nullable=False),
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("refund_key", sa.String(300), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("stripe_reversal_id", sa.String(100)),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        _timestamp("next_attempt_at"),
        sa.Column("last_error", sa.Text),
        _timestamp("created_at"),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("payout_id", "refund_key"),
    )
    op.create_index(
        "ix_partner_reversals_due",
        "partner_reversals",
        ["next_attempt_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_table("partner_reversals")
    op.drop_table("partner_payouts")
    op.drop_table("partners")
