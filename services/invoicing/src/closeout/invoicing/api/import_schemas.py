"""Request and response bodies of the CSV import routes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from closeout.invoicing.storage.imports import ImportRecord, ImportRow

ImportState = Literal[
    "validating", "invalid", "validated", "committing", "committed", "sending", "sent"
]


class RowErrorOut(BaseModel):
    row: int = Field(description="The row as a spreadsheet numbers it (the header is row 1)")
    column: str = Field(description="The CSV column, or `row` for the row as a whole")
    message: str


class ImportOut(BaseModel):
    import_id: str
    state: ImportState
    filename: str | None
    mode: Literal["all", "valid"] | None = Field(description="Which rows the commit imports")
    percent: int = Field(ge=0, le=100, description="Progress of the current step")
    total_rows: int
    validated_rows: int
    error_rows: int
    valid_rows: int
    total_invoices: int = Field(description="Invoices in the file (rows sharing a key are one)")
    created_invoices: int = Field(description="Drafts made by the commit")
    skipped_invoices: int = Field(description="Invoices with a row in error, left out")
    sent_invoices: int
    errors: list[RowErrorOut] = Field(description="Row errors, the first 1,000")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, found: ImportRecord, rows: list[ImportRow]) -> ImportOut:
        return cls(
            import_id=found.import_id,
            state=found.state,
            filename=found.filename,
            mode=found.mode,
            percent=_percent(found),
            total_rows=found.total_rows,
            validated_rows=found.validated_rows,
            error_rows=found.error_rows,
            valid_rows=max(found.validated_rows - found.error_rows, 0),
            total_invoices=found.total_invoices,
            created_invoices=found.created_invoices,
            skipped_invoices=found.skipped_invoices,
            sent_invoices=found.sent_invoices,
            errors=[
                RowErrorOut(row=row.row_number, column=e["column"], message=e["message"])
                for row in rows
                for e in row.errors or []
            ][:1000],
            created_at=found.created_at,
            updated_at=found.updated_at,
        )


def _percent(found: ImportRecord) -> int:
    done, total = {
        "validating": (found.validated_rows, found.total_rows),
        "committing": (found.created_invoices + found.skipped_invoices, found.total_invoices),
        "sending": (found.sent_invoices, found.created_invoices),
    }.get(found.state, (1, 1))
    return min(100, done * 100 // total) if total else 100


class ImportList(BaseModel):
    items: list[ImportOut]


class CommitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: Literal["all", "valid"] = Field(
        "all",
        description="`all`: only a file without errors is imported; `valid`: the invoices "
        "whose rows are all valid, leaving out those with an error",
    )
