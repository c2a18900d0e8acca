"""Queries of CSV imports and their rows. Callers own the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage.records import _Record
from closeout.invoicing.storage.tables import import_rows, imports

WORKING_STATES = ("validating", "committing", "sending")


@dataclass(frozen=True)
class ImportRecord(_Record):
    import_id: str
    business_id: str
    content_hash: str
    filename: str | None
    state: str
    mode: str | None
    total_rows: int
    validated_rows: int
    error_rows: int
    total_invoices: int
    created_invoices: int
    skipped_invoices: int
    sent_invoices: int
    actor: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ImportRow(_Record):
    row_number: int
    invoice_key: str
    cells: dict[str, str]
    parsed: dict[str, Any] | None
    errors: list[dict[str, str]] | None
    invoice_id: str | None


async def insert_import_once(session: AsyncSession, **values: object) -> bool:
    """False if this business already uploaded a file with the same content."""
    result = await session.execute(
        insert(imports)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["business_id", "content_hash"])
        .returning(imports.c.import_id)
    )
    return result.scalar_one_or_none() is not None


async def import_by_hash(
    session: AsyncSession, business_id: str, content_hash: str
) -> ImportRecord | None:
    row = (
        (
            await session.execute(
                select(imports).where(
                    imports.c.business_id == business_id, imports.c.content_hash == content_hash
                )
            )
        )
        .mappings()
        .first()
    )
    return ImportRecord.from_row(row) if row else None


async def get_import(
    session: AsyncSession, import_id: str, *, for_update: bool = False, skip_locked: bool = False
) -> ImportRecord | None:
    query = select(imports).where(imports.c.import_id == import_id)
    if for_update:
        query = query.with_for_update(skip_locked=skip_locked)
    row = (await session.execute(query)).mappings().first()
    return ImportRecord.from_row(row) if row else None


async def list_imports(session: AsyncSession, business_id: str, limit: int) -> list[ImportRecord]:
    rows = await session.execute(
        select(imports)
        .where(imports.c.business_id == business_id)
        .order_by(imports.c.created_at.desc(), imports.c.import_id.desc())
        .limit(limit)
    )
    return [ImportRecord.from_row(r) for r in rows.mappings()]


async def update_import(session: AsyncSession, import_id: str, **values: object) -> None:
    await session.execute(
        update(imports)
        .where(imports.c.import_id == import_id)
        .values(**values, updated_at=func.now())
    )


async def working_imports(session: AsyncSession) -> list[str]:
    rows = await session.execute(
        select(imports.c.import_id)
        .where(imports.c.state.in_(WORKING_STATES))
        .order_by(imports.c.updated_at)
    )
    return list(rows.scalars())


async def add_rows(session: AsyncSession, import_id: str, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(import_rows), [{"import_id": import_id, **r} for r in rows])


async def rows_at(
    session: AsyncSession, import_id: str, offset: int, limit: int
) -> list[ImportRow]:
    result = await session.execute(
        select(import_rows)
        .where(import_rows.c.import_id == import_id)
        .order_by(import_rows.c.row_number)
        .offset(offset)
        .limit(limit)
    )
    return [ImportRow.from_row(r) for r in result.mappings()]


async def rows_of_keys(
    session: AsyncSession, import_id: str, keys: Sequence[str]
) -> list[ImportRow]:
    result = await session.execute(
        select(import_rows)
        .where(import_rows.c.import_id == import_id, import_rows.c.invoice_key.in_(keys))
        .order_by(import_rows.c.row_number)
    )
    return [ImportRow.from_row(r) for r in result.mappings()]


_NULLABLE_JSON = JSONB(none_as_null=True)


async def save_checks(
    session: AsyncSession, import_id: str, checks: Sequence[tuple[int, Any, Any]]
) -> None:
    """Each (row number, parsed, errors) of a validated batch, in one round trip."""
    if not checks:
        return
    await session.execute(
        update(import_rows)
        .where(
            import_rows.c.import_id == bindparam("b_import"),
            import_rows.c.row_number == bindparam("b_row"),
        )
        .values(
            parsed=bindparam("b_parsed", type_=_NULLABLE_JSON),
            errors=bindparam("b_errors", type_=_NULLABLE_JSON),
        ),
        [
            {"b_import": import_id, "b_row": row, "b_parsed": parsed, "b_errors": errors}
            for row, parsed, errors in checks
        ],
    )


async def link_invoices(
    session: AsyncSession, import_id: str, made: Sequence[tuple[str, str]]
) -> None:
    """Each (invoice key, invoice id) of a committed batch, in one round trip."""
    if not made:
        return
    await session.execute(
        update(import_rows)
        .where(
            import_rows.c.import_id == bindparam("b_import"),
            import_rows.c.invoice_key == bindparam("b_key"),
        )
        .values(invoice_id=bindparam("b_invoice")),
        [{"b_import": import_id, "b_key": key, "b_invoice": invoice} for key, invoice in made],
    )


async def keys_in_order(session: AsyncSession, import_id: str) -> list[tuple[str, int]]:
    """Each invoice key with its first row number, in the file's order."""
    first = func.min(import_rows.c.row_number)
    rows = await session.execute(
        select(import_rows.c.invoice_key, first)
        .where(import_rows.c.import_id == import_id)
        .group_by(import_rows.c.invoice_key)
        .order_by(first)
    )
    return [(key, number) for key, number in rows.all()]


async def error_rows(session: AsyncSession, import_id: str, limit: int) -> list[ImportRow]:
    result = await session.execute(
        select(import_rows)
        .where(import_rows.c.import_id == import_id, import_rows.c.errors.is_not(None))
        .order_by(import_rows.c.row_number)
        .limit(limit)
    )
    return [ImportRow.from_row(r) for r in result.mappings()]


async def invoice_ids(session: AsyncSession, import_id: str) -> list[str]:
    rows = await session.execute(
        select(import_rows.c.invoice_id)
        .where(import_rows.c.import_id == import_id, import_rows.c.invoice_id.is_not(None))
        .group_by(import_rows.c.invoice_id)
        .order_by(func.min(import_rows.c.row_number))
    )
    return list(rows.scalars())
