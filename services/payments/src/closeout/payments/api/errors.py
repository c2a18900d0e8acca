"""Refusals from the use cases and from Stripe become JSON error answers in one place."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from closeout.payments.stripe_gateway import StripeApiError
from closeout.payments.usecases.errors import Refused


async def _answer(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused | StripeApiError)
    return JSONResponse({"detail": str(exc)}, status_code=exc.status)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Refused, _answer)
    app.add_exception_handler(StripeApiError, _answer)
