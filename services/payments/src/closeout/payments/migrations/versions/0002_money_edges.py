"""money edge cases: refund cap, checkout reservations and expiry, webhook events waiting

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_check_constraint(
        "ck_payments_refund_within_amount",
        "payments",
        "amount_refunded >= 0 AND amount_refunded <= amount",
    )
    # An attempt is reserved (status creating) before Stripe is called, outside any transaction.
    op.alter_column("checkout_attempts", "checkout_session_id", nullable=True)
    op.add_column(
        "checkout_attempts",
        sa.Column("expire_requested_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("checkout_attempts", sa.Column("expire_reason", sa.Text(), nullable=True))
    op.create_index(
        "ix_attempts_to_expire",
        "checkout_attempts",
        ["expire_requested_at"],
        postgresql_where=sa.text("expire_requested_at IS NOT NULL AND status = 'open'"),
    )
    op.add_column("webhook_events", sa.Column("waiting_for", sa.String(255), nullable=True))
    op.create_index(
        "ix_webhook_events_waiting",
        "webhook_events",
        ["waiting_for"],
        postgresql_where=sa.text("status = 'waiting'"),
    )


def downgrade() -> None:
    op.drop_index("ix_webhook_events_waiting", table_name="webhook_events")
    op.drop_column("webhook_events", "waiting_for")
    op.drop_index("ix_attempts_to_expire", table_name="checkout_attempts")
    op.drop_column("checkout_attempts", "expire_reason")
    op.drop_column("checkout_attempts", "expire_requested_at")
    op.alter_column("checkout_attempts", "checkout_session_id", nullable=False)
    op.drop_constraint("ck_payments_refund_within_amount", "payments", type_="check")
