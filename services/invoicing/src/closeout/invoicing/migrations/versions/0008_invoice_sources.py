"""invoice sources: invoices made by hand, from a CSV or a schedule (no job), re-issues of a
voided job invoice, and the idempotency keys of `POST /v1/invoices`

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 17:30:00.000000

A job keeps exactly one current invoice: the unique key on (business, job) becomes a unique
index over the invoices not replaced by a re-issue.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT_JOB_INVOICE = "job_id IS NOT NULL AND reissued_as IS NULL"


def upgrade() -> None:
    op.alter_column("invoices", "job_id", existing_type=sa.String(length=200), nullable=True)
    op.add_column(
        "invoices",
        sa.Column("source", sa.String(length=20), server_default="job", nullable=False),
    )
    op.add_column("invoices", sa.Column("source_ref", sa.String(length=200), nullable=True))
    op.add_column("invoices", sa.Column("requested_due_date", sa.Date(), nullable=True))
    op.add_column("invoices", sa.Column("reissue_of", sa.String(length=64), nullable=True))
    op.add_column("invoices", sa.Column("reissued_as", sa.String(length=64), nullable=True))
    op.drop_constraint(op.f("uq_invoices_business_id_job_id"), "invoices", type_="unique")
    op.create_index(
        "uq_invoices_current_job",
        "invoices",
        ["business_id", "job_id"],
        unique=True,
        postgresql_where=sa.text(CURRENT_JOB_INVOICE),
    )
    op.create_index(
        op.f("ix_invoices_business_id_source_source_ref"),
        "invoices",
        ["business_id", "source", "source_ref"],
    )
    op.create_table(
        "invoice_requests",
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("invoice_id", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("business_id", "idempotency_key", name=op.f("pk_invoice_requests")),
    )


def downgrade() -> None:
    op.drop_table("invoice_requests")
    op.drop_index(op.f("ix_invoices_business_id_source_source_ref"), table_name="invoices")
    op.drop_index("uq_invoices_current_job", table_name="invoices")
    op.create_unique_constraint(
        op.f("uq_invoices_business_id_job_id"), "invoices", ["business_id", "job_id"]
    )
    for column in ("reissued_as", "reissue_of", "requested_due_date", "source_ref", "source"):
        op.drop_column("invoices", column)
    op.alter_column("invoices", "job_id", existing_type=sa.String(length=200), nullable=False)
