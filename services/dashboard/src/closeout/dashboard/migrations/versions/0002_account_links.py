"""account links: invitations and password resets; password-reset requests

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 17:30:00.000000
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
        "account_links",
        sa.Column("link_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("role", sa.String(20), nullable=True),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("link_id", name="pk_account_links"),
        sa.UniqueConstraint("token_hash", name="uq_account_links_token_hash"),
        sa.CheckConstraint(
            "kind IN ('invitation', 'password_reset')", name="ck_account_links_kind"
        ),
    )
    op.create_index("ix_account_links_business_id_kind", "account_links", ["business_id", "kind"])
    op.create_table(
        "password_reset_requests",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_password_reset_requests"),
    )
    op.create_index(
        "ix_password_reset_requests_email_at", "password_reset_requests", ["email", "at"]
    )
    op.create_index("ix_password_reset_requests_ip_at", "password_reset_requests", ["ip", "at"])


def downgrade() -> None:
    op.drop_table("password_reset_requests")
    op.drop_table("account_links")
