"""csv imports: an upload per file content per business, and its rows

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WORKING = "state IN ('validating','committing','sending')"


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), server_default=sa.text("0"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("import_id", sa.String(length=64), nullable=False),
        sa.Column("business_id", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        _count("validated_rows"),
        _count("error_rows"),
        _count("total_invoices"),
        _count("created_invoices"),
        _count("skipped_invoices"),
        _count("sent_invoices"),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["business_id"],
            ["businesses.business_id"],
            name=op.f("fk_imports_business_id_businesses"),
        ),
        sa.PrimaryKeyConstraint("import_id", name=op.f("pk_imports")),
        sa.UniqueConstraint(
            "business_id", "content_hash", name=op.f("uq_imports_business_id_content_hash")
        ),
    )
    op.create_index(
        op.f("ix_imports_state"), "imports", ["state"], postgresql_where=sa.text(WORKING)
    )
    op.create_table(
        "import_rows",
        sa.Column("import_id", sa.String(length=64), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("invoice_key", sa.String(length=200), nullable=False),
        sa.Column("cells", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("parsed", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("invoice_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"], ["imports.import_id"], name=op.f("fk_import_rows_import_id_imports")
        ),
        sa.PrimaryKeyConstraint("import_id", "row_number", name=op.f("pk_import_rows")),
    )
    op.create_index(
        op.f("ix_import_rows_import_id_invoice_key"), "import_rows", ["import_id", "invoice_key"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_import_rows_import_id_invoice_key"), table_name="import_rows")
    op.drop_table("import_rows")
    op.drop_index(op.f("ix_imports_state"), table_name="imports")
    op.drop_table("imports")
