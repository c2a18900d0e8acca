"""platform grants: which businesses a field platform may report jobs for

Revision ID: 0003
Revises: 0002
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
        "platform_grants",
        sa.Column("platform", sa.String(length=63), nullable=False),
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column(
            "granted_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("platform", "business_id", name=op.f("pk_platform_grants")),
    )


def downgrade() -> None:
    op.drop_table("platform_grants")
