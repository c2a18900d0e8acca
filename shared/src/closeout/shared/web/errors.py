"""Every service answers a `DomainError` the same way: one status per kind, as a problem
(`closeout.shared.web.problems`) whose `detail` is the error's message."""

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from closeout.shared.errors import (
    BadRequestError,
    ConflictError,
    ContentTooLargeError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    UpstreamError,
)
from closeout.shared.web.problems import problem_response

STATUS_OF: dict[type[DomainError], int] = {
    BadRequestError: status.HTTP_400_BAD_REQUEST,
    NotFoundError: status.HTTP_404_NOT_FOUND,
    ConflictError: status.HTTP_409_CONFLICT,
    ContentTooLargeError: status.HTTP_413_CONTENT_TOO_LARGE,
    InvalidInputError: status.HTTP_422_UNPROCESSABLE_CONTENT,
    UpstreamError: status.HTTP_502_BAD_GATEWAY,
}


def status_of(error: DomainError) -> int:
    """The status of the nearest kind the error is (a bare `DomainError` is a 400)."""
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return status.HTTP_400_BAD_REQUEST


async def _answer(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(status_of(exc), str(exc))


def answer_domain_errors(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _answer)
