"""Which failures belong to the infrastructure (wait them out) and which to the event.

A database or broker outage says nothing about the event being handled: retrying it later
succeeds. Such faults are retried for as long as they last and never dead-lettered. Only what
can never succeed (an invalid event, a `PermanentError`, a handler error that keeps coming
back while the database answers) is dead-lettered.
"""

from __future__ import annotations

import asyncpg
from aiokafka.errors import KafkaConnectionError, KafkaError, KafkaTimeoutError
from sqlalchemy import exc as sa_exc

# Connection lost or refused, server shutting down or starting up, statement/lock timeouts,
# out of connections or resources, deadlocks and serialization failures: all transient.
_TRANSIENT: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,  # connection pool exhausted
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08, incl. ConnectionDoesNotExistError
    asyncpg.exceptions.OperatorInterventionError,  # 57: admin shutdown, cannot connect now
    asyncpg.exceptions.InsufficientResourcesError,  # 53: too many connections, disk full
    asyncpg.exceptions.TransactionRollbackError,  # 40: deadlock, serialization failure
    asyncpg.exceptions.LockNotAvailableError,  # 55P03: lock_timeout, another holds the row
    asyncpg.exceptions.QueryCanceledError,  # 57014: statement_timeout (also covered by 57)
    asyncpg.exceptions.InternalClientError,  # protocol state lost with the connection
    KafkaConnectionError,
    KafkaTimeoutError,
)

# OSError is also how asyncio reports an unreachable host ("Multiple exceptions: Connect call
# failed ..." has no errno); these subclasses are a program's own mistakes, not an outage.
_LOCAL_OS_ERRORS: tuple[type[OSError], ...] = (
    FileNotFoundError,
    FileExistsError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
)


def is_infrastructure_fault(exc: BaseException) -> bool:
    """True if `exc`, or an exception it was raised from, is an outage rather than bad input."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_transient(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, _TRANSIENT):
        return True
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, KafkaError) and exc.retriable:
        return True
    return isinstance(exc, OSError) and not isinstance(exc, _LOCAL_OS_ERRORS)


def backoff_seconds(failures: int, *, base: float, cap: float) -> float:
    """`base`, doubling with each consecutive failure (the first is 1), never above `cap`."""
    return float(min(cap, base * 2 ** min(failures - 1, 30)))
