"""documents: receipt numbers per confirmed payment, and the business's attach_pdfs setting

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 15:00:00.000000

Payments confirmed before this migration get their receipts here, numbered per business in
the order they were recorded, each with the balance its invoice had left after it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = """
INSERT INTO receipts (receipt_number, business_id, invoice_id, entry_id, payment_id, amount,
                      currency, method, reference, paid_at, balance_after)
SELECT 'RCT-' || lpad(row_number() OVER (PARTITION BY i.business_id
                                         ORDER BY l.recorded_at, l.entry_id)::text, 6, '0'),
       i.business_id, l.invoice_id, l.entry_id, l.payment_id, l.amount, l.currency, l.method,
       l.reference, l.occurred_at,
       greatest(i.total - sum(l.amount) OVER (PARTITION BY l.invoice_id
                                             ORDER BY l.recorded_at, l.entry_id), 0)
FROM ledger_entries l JOIN invoices i ON i.invoice_id = l.invoice_id
WHERE l.kind = 'payment'
"""

COUNTERS = """
INSERT INTO receipt_counters (business_id, last_number)
SELECT business_id, count(*) FROM receipts GROUP BY business_id
"""


def upgrade() -> None:
    op.add_column(
        "businesses",
        sa.Column("attach_pdfs", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "receipt_counters",
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("last_number", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("business_id", name=op.f("pk_receipt_counters")),
    )
    op.create_table(
        "receipts",
        sa.Column("receipt_number", sa.String(length=40), nullable=False),
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("payment_id", sa.String(length=200), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("reference", sa.String(length=300), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.invoice_id"], name=op.f("fk_receipts_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["ledger_entries.entry_id"],
            name=op.f("fk_receipts_entry_id_ledger_entries"),
        ),
        sa.PrimaryKeyConstraint("business_id", "receipt_number", name=op.f("pk_receipts")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_receipts_entry_id")),
    )
    op.create_index(op.f("ix_receipts_invoice_id"), "receipts", ["invoice_id"])
    op.execute(BACKFILL)
    op.execute(COUNTERS)


def downgrade() -> None:
    op.drop_index(op.f("ix_receipts_invoice_id"), table_name="receipts")
    op.drop_table("receipts")
    op.drop_table("receipt_counters")
    op.drop_column("businesses", "attach_pdfs")
