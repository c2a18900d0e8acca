"""api keys: the issued API keys this service accepts (hashed; projected from apikey.* events)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 11:30:00.000000
"""

from collections.abc import Sequence

from closeout.shared.api_keys import create_api_keys_table, drop_api_keys_table

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_api_keys_table()


def downgrade() -> None:
    drop_api_keys_table()
