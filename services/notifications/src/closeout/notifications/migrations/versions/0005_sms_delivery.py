"""sms delivery: the provider's id of a message, its delivery state, and accepted sends

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "notifications", sa.Column("provider_message_id", sa.String(length=100), nullable=True)
    )
    op.add_column(
        "notifications", sa.Column("delivery_status", sa.String(length=20), nullable=True)
    )
    op.add_column("notifications", sa.Column("delivery_error", sa.Text(), nullable=True))
    op.add_column(
        "notifications",
        sa.Column("delivery_updated_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "provider_acceptances",
        sa.Column("notification_id", sa.String(length=64), nullable=False),
        sa.Column("provider_message_id", sa.String(length=100), nullable=False),
        sa.Column(
            "accepted_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("notification_id", name="pk_provider_acceptances"),
        sa.UniqueConstraint(
            "provider_message_id", name="uq_provider_acceptances_provider_message_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("provider_acceptances")
    for column in (
        "delivery_updated_at",
        "delivery_error",
        "delivery_status",
        "provider_message_id",
    ):
        op.drop_column("notifications", column)
