"""next_action_at: when the scheduler next has something to do for an invoice

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 11:30:00.000000

The backfill is deliberately early (local midnight in UTC+14, the earliest time zone): the
scheduler's first look at each invoice sets the exact time for the business's time zone.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The reminder days at the time of this migration (domain.reminders.REMINDER_DAYS).
BACKFILL = """
UPDATE invoices
SET next_action_at = (
    (due_date + CASE WHEN overdue_at IS NULL THEN 1
                     ELSE (ARRAY[1, 7, 14])[reminders_sent + 1] END)::timestamp
    AT TIME ZONE 'UTC'
) - interval '14 hours'
WHERE status IN ('open', 'overdue', 'partially_paid')
  AND due_date IS NOT NULL
  AND (overdue_at IS NULL OR reminders_sent < 3)
"""


def upgrade() -> None:
    op.add_column("invoices", sa.Column("next_action_at", sa.DateTime(timezone=True)))
    op.execute(BACKFILL)
    op.create_index(
        op.f("ix_invoices_next_action_at_invoice_id"),
        "invoices",
        ["next_action_at", "invoice_id"],
        unique=False,
        postgresql_where=sa.text("next_action_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_invoices_next_action_at_invoice_id"), table_name="invoices")
    op.drop_column("invoices", "next_action_at")
