"""Admin API: invoices imported from a CSV file (template, upload, progress, commit, send)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status

from closeout.invoicing.api.deps import Admin, SessionDep, actor_of
from closeout.invoicing.api.import_schemas import CommitIn, ImportList, ImportOut
from closeout.invoicing.domain.csv_import import MAX_IMPORT_BYTES, TEMPLATE
from closeout.invoicing.storage import imports as store
from closeout.invoicing.usecases import imports
from closeout.shared.web.deps import reject_nul_characters
from closeout.shared.web.problem_docs import problem_responses
from closeout.shared.web.uploads import receive_file

# Every route refuses NUL but the upload: its body is a file, read as a stream, and a NUL in
# it is reported in the import like any unreadable file.
router = APIRouter(prefix="/v1/imports", tags=["imports"])
NO_NUL = [Depends(reject_nul_characters)]
ERRORS_SHOWN = 1000
ALREADY_UPLOADED: dict[int | str, dict[str, Any]] = {
    200: {"model": ImportOut, "description": "This file was uploaded before: its import"}
}

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}


@router.get(
    "/template.csv",
    summary="The CSV template: its header and example rows",
    dependencies=NO_NUL,
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
async def template(principal: Admin) -> Response:
    return Response(
        TEMPLATE,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="closeout-invoices.csv"'},
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary=f"Upload a CSV of invoices (multipart field `file`, up to {MAX_IMPORT_BYTES} bytes)",
    description="UTF-8 with or without a BOM, comma or semicolon. The rows are checked in the "
    "background (`GET /v1/imports/{id}` shows the progress and each row's errors). The same "
    "file again answers 200 with the import it made: nothing is imported twice.",
    openapi_extra=UPLOAD_BODY,
    responses=ALREADY_UPLOADED | problem_responses(400),
)
async def upload(
    request: Request, principal: Admin, session: SessionDep, response: Response
) -> ImportOut:
    received = await receive_file(request, MAX_IMPORT_BYTES)
    try:
        async with session.begin():
            found, created = await imports.upload(
                session,
                principal.business_id,
                received.file,
                received.sha256,
                received.filename,
                actor=actor_of(principal),
            )
    finally:
        received.file.close()
    if not created:
        response.status_code = status.HTTP_200_OK
    return await _out(session, found)


@router.get("", summary="The business's imports, newest first", dependencies=NO_NUL)
async def list_imports(principal: Admin, session: SessionDep) -> ImportList:
    found = await store.list_imports(session, principal.business_id, 50)
    return ImportList(items=[ImportOut.of(item, []) for item in found])


@router.get(
    "/{import_id}",
    summary="An import's state, progress, counts and row errors",
    dependencies=NO_NUL,
)
async def get_import(import_id: str, principal: Admin, session: SessionDep) -> ImportOut:
    return await _out(
        session, await imports.visible_import(session, import_id, principal.business_id)
    )


@router.post(
    "/{import_id}/commit",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Make the rows drafts: all (a file without errors) or the valid ones only",
    dependencies=NO_NUL,
)
async def commit(
    import_id: str, principal: Admin, session: SessionDep, body: CommitIn
) -> ImportOut:
    async with session.begin():
        found = await imports.request_commit(session, import_id, principal.business_id, body.rows)
    return await _out(session, found)


@router.post(
    "/{import_id}/send",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Issue and send every draft the import made",
    dependencies=NO_NUL,
)
async def send(import_id: str, principal: Admin, session: SessionDep) -> ImportOut:
    async with session.begin():
        found = await imports.request_send(session, import_id, principal.business_id)
    return await _out(session, found)


async def _out(session: SessionDep, found: store.ImportRecord) -> ImportOut:
    return ImportOut.of(found, await imports.row_errors(session, found.import_id, ERRORS_SHOWN))
