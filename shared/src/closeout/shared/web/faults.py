"""An infrastructure fault during a request is a 503 the client may retry, never a 500.

The database down, a lock or statement timeout, Kafka unreachable: the request was fine and
will succeed later, so the answer says so (`Retry-After`) instead of looking like a bug. The
classification is the consumers' (`is_infrastructure_fault`), so both sides agree on it.
"""

from __future__ import annotations

import logging

import asyncpg
from aiokafka.errors import KafkaError
from fastapi import FastAPI, Request, Response
from sqlalchemy import exc as sa_exc

from closeout.shared.kafka.faults import is_infrastructure_fault
from closeout.shared.web.problems import problem_response

RETRY_AFTER_SECONDS = 5
UNAVAILABLE_DETAIL = "temporarily unavailable, retry shortly"

# The exception types an outage surfaces as (handlers are looked up along the raised type's
# MRO). Not `Exception`: Starlette re-raises whatever its catch-all handler answered.
_FAULT_TYPES: tuple[type[Exception], ...] = (
    sa_exc.SQLAlchemyError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,  # ConnectionError, TimeoutError
    KafkaError,
)

logger = logging.getLogger(__name__)


async def _unavailable(request: Request, exc: Exception) -> Response:
    if not is_infrastructure_fault(exc):
        raise exc  # a bug stays a 500, logged as before
    logger.warning(
        "%s %s: infrastructure fault, answered 503: %s: %s",
        request.method,
        request.url.path,
        type(exc).__name__,
        exc,
    )
    return problem_response(
        503, UNAVAILABLE_DETAIL, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def answer_infrastructure_faults_with_503(app: FastAPI) -> None:
    for fault_type in _FAULT_TYPES:
        app.add_exception_handler(fault_type, _unavailable)
