"""Refusals answered as pages a person can read (the JSON answers are for the APIs)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import Response

from closeout.dashboard.api.deps import PageRefused, SignInRequired
from closeout.dashboard.api.rendering import PAGE_HEADERS, render
from closeout.shared.errors import DomainError, UpstreamError
from closeout.shared.web.errors import status_of

log = logging.getLogger(__name__)
TITLES = {
    400: "That request could not be read",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    422: "Please check what you entered",
    502: "A service is not answering",
}


def _page(request: Request, status: int, message: str) -> Response:
    title = TITLES.get(status, "Something went wrong")
    return render(request, "error.html", {"title": title, "message": message}, status=status)


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    return Response(status_code=303, headers={**PAGE_HEADERS, "Location": exc.location})


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageRefused)
    return _page(request, exc.status, exc.message)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    if isinstance(exc, UpstreamError):
        status = 503
    message = "Nothing by that id in your business." if status == 404 else str(exc)
    return _page(request, status, message)


def answer_with_pages(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(PageRefused, _refused)
    # Replaces the shared JSON answer: every DomainError here comes from a page.
    app.add_exception_handler(DomainError, _domain_error)
