"""reminder schedules per business, reminders paused per invoice, each reminder step sent
once; recurring invoice schedules and the periods they made

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 17:45:00.000000

Businesses that exist now keep the reminders they had (1, 7 and 14 days after the due date,
at local midnight); a business created later has reminders off until its owner turns them on.
Invoices record the day of the last reminder they were sent, from the count they had.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEEP_TODAYS_REMINDERS = """
UPDATE businesses SET reminder_schedule = '{"enabled": true, "steps": [1, 7, 14],
    "repeat_every_days": null, "repeat_max": 0, "send_hour": 0}'::jsonb
"""
LAST_REMINDER_DAY = """
UPDATE invoices SET last_reminder_day = (ARRAY[1, 7, 14])[reminders_sent]
WHERE reminders_sent BETWEEN 1 AND 3
"""


def upgrade() -> None:
    op.add_column("businesses", sa.Column("reminder_schedule", postgresql.JSONB()))
    op.execute(KEEP_TODAYS_REMINDERS)
    op.add_column("invoices", sa.Column("last_reminder_day", sa.Integer()))
    op.add_column("invoices", sa.Column("reminders_paused_at", sa.DateTime(timezone=True)))
    op.execute(LAST_REMINDER_DAY)
    op.create_table(
        "invoice_reminders",
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.invoice_id"],
            name=op.f("fk_invoice_reminders_invoice_id_invoices"),
        ),
        sa.PrimaryKeyConstraint("invoice_id", "day", name=op.f("pk_invoice_reminders")),
    )
    op.create_table(
        "recurring_invoices",
        sa.Column("schedule_id", sa.String(length=64), nullable=False),
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("customer", postgresql.JSONB(), nullable=False),
        sa.Column("lines", postgresql.JSONB(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("interval_days", sa.Integer()),
        sa.Column("rrule", sa.Text()),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date()),
        sa.Column("count", sa.Integer()),
        sa.Column("send", sa.Boolean(), nullable=False),
        sa.Column("payment_terms_days", sa.Integer()),
        sa.Column("notes", sa.Text()),
        sa.Column("status", sa.String(length=10), server_default="active", nullable=False),
        sa.Column("next_period", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True)),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["business_id"],
            ["businesses.business_id"],
            name=op.f("fk_recurring_invoices_business_id_businesses"),
        ),
        sa.PrimaryKeyConstraint("schedule_id", name=op.f("pk_recurring_invoices")),
    )
    op.create_index(
        op.f("ix_recurring_invoices_business_id_created_at"),
        "recurring_invoices",
        ["business_id", "created_at"],
    )
    op.create_index(
        op.f("ix_recurring_invoices_next_run_at_schedule_id"),
        "recurring_invoices",
        ["next_run_at", "schedule_id"],
        postgresql_where=sa.text("next_run_at IS NOT NULL"),
    )
    op.create_table(
        "recurring_periods",
        sa.Column("schedule_id", sa.String(length=64), nullable=False),
        sa.Column("period_date", sa.Date(), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["recurring_invoices.schedule_id"],
            name=op.f("fk_recurring_periods_schedule_id_recurring_invoices"),
        ),
        sa.PrimaryKeyConstraint("schedule_id", "period_date", name=op.f("pk_recurring_periods")),
    )


def downgrade() -> None:
    op.drop_table("recurring_periods")
    op.drop_index(
        op.f("ix_recurring_invoices_next_run_at_schedule_id"), table_name="recurring_invoices"
    )
    op.drop_index(
        op.f("ix_recurring_invoices_business_id_created_at"), table_name="recurring_invoices"
    )
    op.drop_table("recurring_invoices")
    op.drop_table("invoice_reminders")
    op.drop_column("invoices", "reminders_paused_at")
    op.drop_column("invoices", "last_reminder_day")
    op.drop_column("businesses", "reminder_schedule")
