"""CSV imports: upload (rows stored as sent), then validation, commit (drafts) and send, each
done by the import worker in batches, one transaction per batch, so progress is visible and
an interrupted import resumes where it stopped.

States: validating -> invalid | validated; committing -> committed; sending -> sent.
A re-upload of the same content (per business) is the same import: nothing is duplicated.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from datetime import date
from typing import IO, Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.csv_import import (
    MAX_ROWS,
    HeaderError,
    UnreadableFileError,
    cells_of,
    check_text,
    disagreement,
    open_rows,
    parse_row,
)
from closeout.invoicing.storage import imports as store
from closeout.invoicing.storage.imports import ImportRecord, ImportRow
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.invoices import issue, load_for_update
from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.usecases.manual_invoices import NewInvoice, create_invoice
from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.errors import (
    ConflictError,
    ContentTooLargeError,
    DomainError,
    NotFoundError,
)
from closeout.shared.ids import new_id

log = logging.getLogger(__name__)

INSERT_BATCH = 1000
VALIDATE_BATCH = 500
INVOICE_BATCH = 25
CommitMode = Literal["all", "valid"]


async def upload(
    session: AsyncSession,
    business_id: str,
    content: IO[bytes],
    content_hash: str,
    filename: str | None,
    *,
    actor: str,
) -> tuple[ImportRecord, bool]:
    """Store the file's rows for validation; the same content again is the import it made
    (False: not new). UTF-8 with or without a BOM; comma or semicolon. A file that cannot be
    read (not UTF-8, not CSV, no header, no rows) makes an invalid import saying why."""
    await businesses.load(session, business_id)
    existing = await store.import_by_hash(session, business_id, content_hash)
    if existing is not None:
        return existing, False
    import_id = new_id()
    if not await store.insert_import_once(
        session,
        import_id=import_id,
        business_id=business_id,
        content_hash=content_hash,
        filename=(filename or "")[:300] or None,
        state="validating",
        total_rows=0,
        actor=actor,
    ):  # the same file uploaded concurrently: that upload's import
        raced = await store.import_by_hash(session, business_id, content_hash)
        assert raced is not None
        return raced, False
    problem = None
    try:
        async with session.begin_nested():
            text = io.TextIOWrapper(content, encoding="utf-8-sig", newline="")
            header, rows = open_rows(text)
            total = await _store_rows(session, import_id, header, rows)
            if total == 0:
                raise HeaderError("the file has a header but no rows")
    except UnreadableFileError as exc:
        problem = str(exc)
    except UnicodeDecodeError:
        problem = "the file is not UTF-8 text (save it as CSV UTF-8)"
    except csv.Error as exc:
        problem = f"the file cannot be read as CSV: {exc}"
    if problem is not None:  # the file as a whole: reported like a row error, on row 1
        errors = [{"column": "file", "message": problem}]
        await store.add_rows(
            session,
            import_id,
            [{"row_number": 1, "invoice_key": "", "cells": {}, "errors": errors}],
        )
        await store.update_import(session, import_id, state="invalid", error_rows=1)
    else:
        await store.update_import(session, import_id, total_rows=total)
    record = await store.get_import(session, import_id)
    assert record is not None
    return record, True


async def _store_rows(session: AsyncSession, import_id: str, header: list[str], rows: Any) -> int:
    batch: list[dict[str, Any]] = []
    total = 0
    for index, values in enumerate(rows):
        if not any(v.strip() for v in values):
            continue  # a blank line
        total += 1
        check_text(values, index + 2)
        if total > MAX_ROWS:
            raise ContentTooLargeError(f"the file has more than {MAX_ROWS} rows: split it")
        cells = cells_of(header, values)
        if len(values) > len(header):
            cells["_extra_cells"] = str(len(values) - len(header))
        batch.append(
            {
                "row_number": index + 2,  # as a spreadsheet numbers it, under the header
                "invoice_key": cells.get("invoice_key", "")[:200],
                "cells": cells,
            }
        )
        if len(batch) >= INSERT_BATCH:
            await store.add_rows(session, import_id, batch)
            batch = []
    await store.add_rows(session, import_id, batch)
    return total


async def visible_import(session: AsyncSession, import_id: str, business_id: str) -> ImportRecord:
    found = await store.get_import(session, import_id)
    if found is None or found.business_id != business_id:
        raise NotFoundError("import not found")
    return found


async def row_errors(session: AsyncSession, import_id: str, limit: int) -> list[ImportRow]:
    return await store.error_rows(session, import_id, limit)


async def request_commit(
    session: AsyncSession, import_id: str, business_id: str, mode: CommitMode
) -> ImportRecord:
    """Make the rows drafts (in the background). `all` needs a file without errors; `valid`
    leaves out every invoice that has a row with an error."""
    await visible_import(session, import_id, business_id)
    found = await _locked(session, import_id)
    if found.state in ("committing", "committed", "sending", "sent"):
        if found.mode != mode:
            raise ConflictError(f"this import is committed already ({found.mode} rows)")
        return found
    if found.state == "validating":
        raise ConflictError("the file is still being checked: commit when it is validated")
    if mode == "all" and found.error_rows > 0:
        raise ConflictError(
            f"{found.error_rows} rows have errors: fix them and upload the file again, "
            "or import the valid rows only"
        )
    await store.update_import(session, import_id, state="committing", mode=mode)
    return await _locked(session, import_id)


async def request_send(session: AsyncSession, import_id: str, business_id: str) -> ImportRecord:
    """Issue and send every draft the import made (in the background)."""
    await visible_import(session, import_id, business_id)
    found = await _locked(session, import_id)
    if found.state in ("sending", "sent"):
        return found
    if found.state != "committed":
        raise ConflictError("commit the import first: only its drafts are sent")
    await store.update_import(session, import_id, state="sending")
    return await _locked(session, import_id)


async def _locked(session: AsyncSession, import_id: str) -> ImportRecord:
    found = await store.get_import(session, import_id, for_update=True)
    assert found is not None
    return found


# The worker's side: one batch per call, in the caller's transaction.


async def work_batch(session: AsyncSession, import_id: str, linker: Linker) -> bool:
    """Do the next batch of the import's current step; False when there is nothing to do (or
    another worker holds it)."""
    found = await store.get_import(session, import_id, for_update=True, skip_locked=True)
    if found is None or found.state not in store.WORKING_STATES:
        return False
    if found.state == "validating":
        await _validate_batch(session, found)
    elif found.state == "committing":
        await _commit_batch(session, found)
    else:
        await _send_batch(session, found, linker)
    return True


async def _validate_batch(session: AsyncSession, found: ImportRecord) -> None:
    business = await businesses.load(session, found.business_id)
    rows = await store.rows_at(session, found.import_id, found.validated_rows, VALIDATE_BATCH)
    keys = sorted({row.invoice_key for row in rows if row.invoice_key})
    firsts: dict[str, ImportRow] = {}
    for row in await store.rows_of_keys(session, found.import_id, keys):
        firsts.setdefault(row.invoice_key, row)
    errors_found = 0
    checks: list[tuple[int, Any, Any]] = []
    for row in rows:
        parsed, errors = parse_row(row.cells, business.default_currency)
        found_errors = [{"column": e.column, "message": e.message} for e in errors]
        if "_extra_cells" in row.cells:
            found_errors.append({"column": "row", "message": "more cells than columns"})
        first = firsts.get(row.invoice_key)
        if first is not None and first.row_number != row.row_number:
            found_errors += [
                {"column": e.column, "message": e.message}
                for e in disagreement(first.cells, row.cells)
            ]
        if found_errors:
            errors_found += 1
        checks.append((row.row_number, None if found_errors else parsed, found_errors or None))
    await store.save_checks(session, found.import_id, checks)
    validated = found.validated_rows + len(rows)
    error_rows = found.error_rows + errors_found
    values: dict[str, object] = {"validated_rows": validated, "error_rows": error_rows}
    if validated >= found.total_rows:
        keys_all = await store.keys_in_order(session, found.import_id)
        values |= {
            "state": "invalid" if error_rows else "validated",
            "total_invoices": len(keys_all),
        }
    await store.update_import(session, found.import_id, **values)


async def _commit_batch(session: AsyncSession, found: ImportRecord) -> None:
    keys = await store.keys_in_order(session, found.import_id)
    done = found.created_invoices + found.skipped_invoices
    batch = [key for key, _ in keys[done : done + INVOICE_BATCH]]
    rows = await store.rows_of_keys(session, found.import_id, batch)
    created = skipped = 0
    made: list[tuple[str, str]] = []
    for key in batch:
        group = [row for row in rows if row.invoice_key == key]
        if any(row.errors for row in group) or any(row.parsed is None for row in group):
            skipped += 1
            continue
        if any(row.invoice_id for row in group):
            created += 1  # made by an earlier run of this batch that did commit
            continue
        invoice = await create_invoice(
            session,
            found.business_id,
            _new_invoice([row.parsed for row in group if row.parsed is not None]),
            source="import",
            source_ref=found.import_id,
            actor=found.actor,
        )
        made.append((key, invoice.invoice_id))
        created += 1
    await store.link_invoices(session, found.import_id, made)
    values: dict[str, object] = {
        "created_invoices": found.created_invoices + created,
        "skipped_invoices": found.skipped_invoices + skipped,
    }
    if done + len(batch) >= len(keys):
        values["state"] = "committed"
    await store.update_import(session, found.import_id, **values)


def _new_invoice(parsed: Sequence[dict[str, Any]]) -> NewInvoice:
    first = parsed[0]
    return NewInvoice(
        customer=Customer.model_validate(first["customer"]),
        lines=[LineItem.model_validate(p["line"]) for p in parsed],
        currency=first["currency"],
        due_date=date.fromisoformat(first["due_date"]) if first["due_date"] else None,
        terms_days=first["terms_days"],
        notes=first["notes"],
        number=first["number"],
    )


async def _send_batch(session: AsyncSession, found: ImportRecord, linker: Linker) -> None:
    invoice_ids = await store.invoice_ids(session, found.import_id)
    batch = invoice_ids[found.sent_invoices : found.sent_invoices + INVOICE_BATCH]
    business = await businesses.load(session, found.business_id)
    for invoice_id in batch:
        invoice = await load_for_update(session, invoice_id)
        if invoice.status != "draft":
            continue  # issued (or voided) by hand meanwhile
        try:
            async with session.begin_nested():
                await issue(session, invoice, business, actor=found.actor, linker=linker)
        except DomainError as exc:  # e.g. a total of zero: it stays a draft to fix
            log.info("import %s: invoice %s not sent: %s", found.import_id, invoice_id, exc)
    values: dict[str, object] = {"sent_invoices": found.sent_invoices + len(batch)}
    if found.sent_invoices + len(batch) >= len(invoice_ids):
        values["state"] = "sent"
    await store.update_import(session, found.import_id, **values)
