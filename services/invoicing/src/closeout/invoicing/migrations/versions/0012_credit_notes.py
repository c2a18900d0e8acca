"""credit notes: part of a paid invoice credited, numbered per business

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "invoices",
        sa.Column("amount_credited", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.create_table(
        "credit_note_counters",
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("last_number", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("business_id", name=op.f("pk_credit_note_counters")),
    )
    op.create_table(
        "credit_notes",
        sa.Column("credit_note_id", sa.String(64), nullable=False),
        sa.Column("business_id", sa.String(100), nullable=False),
        sa.Column("invoice_id", sa.String(64), nullable=False),
        sa.Column("number", sa.String(80), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("lines", postgresql.JSONB(), nullable=False),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("request_hash", sa.String(64)),
        sa.Column("actor", sa.String(300), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoices.invoice_id"],
            name=op.f("fk_credit_notes_invoice_id_invoices"),
        ),
        sa.PrimaryKeyConstraint("credit_note_id", name=op.f("pk_credit_notes")),
        sa.UniqueConstraint(
            "business_id", "number", name=op.f("uq_credit_notes_business_id_number")
        ),
        sa.UniqueConstraint(
            "invoice_id", "idempotency_key", name=op.f("uq_credit_notes_invoice_id_idempotency_key")
        ),
    )
    op.create_index(
        op.f("ix_credit_notes_invoice_id_created_at"), "credit_notes", ["invoice_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_credit_notes_invoice_id_created_at"), table_name="credit_notes")
    op.drop_table("credit_notes")
    op.drop_table("credit_note_counters")
    op.drop_column("invoices", "amount_credited")
