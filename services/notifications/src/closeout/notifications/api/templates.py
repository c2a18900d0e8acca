"""Template previews with sample data."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, PlainTextResponse

from closeout.notifications.api.deps import AdminDep
from closeout.notifications.api.schemas import PreviewOut
from closeout.notifications.usecases.previews import preview
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(
    prefix="/v1", tags=["notifications"], dependencies=[Depends(reject_nul_characters)]
)


@router.get(
    "/templates/{name}/preview",
    summary="Render a template with sample data (format: html, text or json)",
    response_model=None,
)
async def preview_template(
    name: str,
    principal: AdminDep,
    format: Literal["html", "text", "json"] = "html",
) -> HTMLResponse | PlainTextResponse | PreviewOut:
    rendered = preview(name)
    headers = {"X-Subject": rendered.subject.encode("utf-8").decode("latin-1")}
    if format == "html":
        return HTMLResponse(rendered.html, headers=headers)
    if format == "text":
        return PlainTextResponse(rendered.text, headers=headers)
    return PreviewOut(
        template=name, subject=rendered.subject, text=rendered.text, html=rendered.html
    )
