"""New invoice (by hand) and Import (invoices from a CSV file): pages over invoicing's
`POST /v1/invoices` and `/v1/imports*`."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from closeout.dashboard.api.deps import (
    Acting,
    CheckedForm,
    ClientsDep,
    PageRefused,
    SignedIn,
    calls_for,
)
from closeout.dashboard.api.rendering import PAGE_HEADERS, redirect, render
from closeout.dashboard.domain.new_invoice import LINE_ROWS, read_form
from closeout.dashboard.domain.sessions import same_token
from closeout.shared.errors import ConflictError, InvalidInputError
from closeout.shared.web.uploads import receive_file

router = APIRouter(tags=["dashboard"], include_in_schema=False)
MAX_IMPORT_BYTES = 8 * 1024 * 1024  # invoicing's own limit; it refuses larger files too
WORKING = ("validating", "committing", "sending")


@router.get("/new-invoice")
async def new_invoice_form(request: Request, signed: Acting, clients: ClientsDep) -> HTMLResponse:
    business = await calls_for(clients, signed).business()
    values = {"currency": business["default_currency"], "form_id": secrets.token_urlsafe(16)}
    return _form(request, business, values, {})


def _form(
    request: Request,
    business: dict[str, object],
    values: dict[str, str],
    errors: dict[str, str],
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "business": business,
        "values": values,
        "errors": errors,
        "error": error,
        "rows": range(1, LINE_ROWS + 1),
    }
    return render(request, "new_invoice.html", context, status=status)


@router.post("/new-invoice")
async def create_invoice(
    request: Request, signed: Acting, form: CheckedForm, clients: ClientsDep
) -> Response:
    calls = calls_for(clients, signed)
    business = await calls.business()
    read = read_form(form, str(business["default_currency"]))
    if read.errors:
        return _form(request, business, read.values, read.errors, status=422)
    try:
        created = await calls.create_invoice(read.body, form.get("form_id") or None)
    except (InvalidInputError, ConflictError) as exc:
        return _form(request, business, read.values, {}, error=str(exc), status=422)
    return redirect(f"/invoices/{created['invoice_id']}?done=created")


@router.get("/imports")
async def imports_page(request: Request, signed: SignedIn, clients: ClientsDep) -> HTMLResponse:
    found = await calls_for(clients, signed).imports()
    return render(request, "imports.html", {"imports": found})


@router.get("/imports/template.csv")
async def template(signed: SignedIn, clients: ClientsDep) -> Response:
    content = await calls_for(clients, signed).import_template()
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={
            **PAGE_HEADERS,
            "Content-Disposition": 'attachment; filename="closeout-invoices.csv"',
        },
    )


@router.post("/imports")
async def upload(request: Request, signed: Acting, clients: ClientsDep) -> Response:
    received = await receive_file(request, MAX_IMPORT_BYTES)
    try:
        if not same_token(signed.csrf_token, received.fields.get("csrf")):
            raise PageRefused(403, "This form has expired. Go back, reload the page and try again.")
        found = await calls_for(clients, signed).upload_import(received.file, received.filename)
    finally:
        received.file.close()
    return redirect(f"/imports/{found['import_id']}")


@router.get("/imports/{import_id}")
async def import_page(
    request: Request, import_id: str, signed: SignedIn, clients: ClientsDep
) -> HTMLResponse:
    found = await calls_for(clients, signed).import_status(import_id)
    return render(request, "import.html", {"imp": found, "working": found["state"] in WORKING})


@router.post("/imports/{import_id}/commit")
async def commit(
    import_id: str, signed: Acting, form: CheckedForm, clients: ClientsDep
) -> Response:
    rows = "valid" if form.get("rows") == "valid" else "all"
    await calls_for(clients, signed).import_action(import_id, "commit", {"rows": rows})
    return redirect(f"/imports/{import_id}")


@router.post("/imports/{import_id}/send")
async def send(import_id: str, signed: Acting, form: CheckedForm, clients: ClientsDep) -> Response:
    await calls_for(clients, signed).import_action(import_id, "send", {})
    return redirect(f"/imports/{import_id}")
