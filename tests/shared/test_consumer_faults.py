"""Unit tests (in-memory fakes): infrastructure faults are waited out, never dead-lettered;
only what keeps failing while the database answers is."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.shared.contracts.jobs import JobCancelled
from closeout.shared.events import Envelope, encode_event
from closeout.shared.kafka.consumer import (
    ConsumerStoppingError,
    EventConsumer,
    Outcome,
    RawMessage,
)
from closeout.shared.kafka.faults import backoff_seconds, is_infrastructure_fault
from shared.messaging_app import cancelled


def _raised_from(exc: Exception, cause: BaseException) -> Exception:
    try:
        raise exc from cause
    except Exception as raised:
        return raised


@pytest.mark.parametrize(
    "exc",
    [
        sa_exc.OperationalError("SELECT 1", {}, ConnectionRefusedError(111, "refused")),
        sa_exc.InterfaceError("SELECT 1", {}, Exception("connection is closed")),
        sa_exc.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True),
        _raised_from(
            sa_exc.DBAPIError("INSERT", {}, Exception("x")),
            asyncpg.exceptions.AdminShutdownError("terminating connection"),
        ),
        _raised_from(
            sa_exc.DBAPIError("INSERT", {}, Exception("x")),
            asyncpg.exceptions.ConnectionDoesNotExistError("closed mid-operation"),
        ),
        _raised_from(
            sa_exc.DBAPIError("INSERT", {}, Exception("x")),
            asyncpg.exceptions.DeadlockDetectedError("deadlock"),
        ),
        _raised_from(
            sa_exc.DBAPIError("INSERT", {}, Exception("x")),
            asyncpg.exceptions.InternalClientError("cannot switch to state 12"),
        ),
        OSError("Multiple exceptions: [Errno 111] Connect call failed"),
        ConnectionResetError(104, "reset"),
        TimeoutError(),
        KafkaConnectionError(),
        KafkaTimeoutError(),
        _raised_from(RuntimeError("wrapped"), ConnectionRefusedError()),
    ],
    ids=lambda e: type(e).__name__,
)
def test_outages_are_infrastructure_faults(exc: Exception) -> None:
    assert is_infrastructure_fault(exc)


@pytest.mark.parametrize(
    "exc",
    [
        ValueError("bad amount"),
        KeyError("customer"),
        sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key")),
        _raised_from(
            sa_exc.DBAPIError("INSERT", {}, Exception("x")),
            asyncpg.exceptions.CheckViolationError("amount_refunded <= amount"),
        ),
        sa_exc.DBAPIError("SELECT", {}, Exception("syntax"), connection_invalidated=False),
        FileNotFoundError("template.html"),
        PermissionError("denied"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_bad_input_and_bugs_are_not(exc: Exception) -> None:
    assert not is_infrastructure_fault(exc)


def test_backoff_doubles_up_to_its_cap() -> None:
    delays = [backoff_seconds(n, base=0.2, cap=5.0) for n in range(1, 10)]
    assert delays == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0, 5.0]
    assert backoff_seconds(10_000, base=0.2, cap=5.0) == 5.0


# --- the consumer's loop, with a fake database and producer ---------------------------------


class FakeResult:
    def scalar_one_or_none(self) -> int:
        return 1


class FakeDatabase:
    """Sessions whose statements succeed; while `probe_fails`, the consumer's health probe
    (`SELECT 1`) raises like a lost server."""

    def __init__(self) -> None:
        self.probe_fails = False

    def __call__(self) -> FakeSession:
        return FakeSession(self)


class FakeSession:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db

    async def __aenter__(self) -> FakeSession:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    def begin(self) -> FakeSession:
        return self

    async def execute(self, statement: Any, *args: Any, **kwargs: Any) -> FakeResult:
        if self.db.probe_fails and str(statement) == "SELECT 1":
            raise sa_exc.OperationalError("SELECT 1", {}, ConnectionRefusedError(111, "refused"))
        return FakeResult()


class FakeProducer:
    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.sent: list[tuple[str, bytes, list[tuple[str, bytes]]]] = []

    async def send_and_wait(
        self, topic: str, value: bytes, *, key: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        if self.failures:
            self.failures -= 1
            raise KafkaTimeoutError()
        self.sent.append((topic, value, headers))


def consumer_with(
    fail: Callable[[int], Exception | None], db: FakeDatabase, producer: FakeProducer
) -> tuple[EventConsumer, list[str | None]]:
    """A consumer whose handler raises `fail(call number)` (None: succeeds); it records the
    consumer's `fault` as seen at each call."""
    consumer = EventConsumer(
        "faults", max_attempts=3, retry_base_seconds=0.001, max_backoff_seconds=0.005
    )
    seen: list[str | None] = []

    @consumer.on("job.cancelled")
    async def handle(event: Envelope[JobCancelled], session: AsyncSession) -> None:
        seen.append(consumer.fault)
        error = fail(len(seen))
        if error is not None:
            raise error

    consumer.bind(db, producer, events_per_transaction=1)  # type: ignore[arg-type]
    return consumer, seen


def message() -> RawMessage:
    return RawMessage("job.cancelled", 0, 7, b"job-1", encode_event(cancelled(1)))


async def test_a_long_database_outage_is_waited_out_and_never_dead_lettered() -> None:
    db, producer = FakeDatabase(), FakeProducer()
    outage = sa_exc.OperationalError("INSERT", {}, ConnectionRefusedError(111, "refused"))
    consumer, seen = consumer_with(lambda n: outage if n <= 50 else None, db, producer)

    assert await consumer.process(message()) == Outcome.APPLIED
    assert len(seen) == 51, "far more tries than max_attempts"
    assert seen[0] is None
    assert seen[1] == "OperationalError", "not ready while waiting"
    assert consumer.fault is None, "ready again after"
    assert producer.sent == []


async def test_an_error_while_the_database_answers_is_dead_lettered_after_max_attempts() -> None:
    db, producer = FakeDatabase(), FakeProducer()
    consumer, seen = consumer_with(lambda n: ValueError("bad line item"), db, producer)
    poison = message()

    assert await consumer.process(poison) == Outcome.DEAD_LETTERED
    assert len(seen) == 3
    [(topic, value, headers)] = producer.sent
    assert topic == "job.cancelled.dlq"
    assert value == poison.value
    assert dict(headers)["x-dlq-reason"].startswith(b"failed after 3 attempts: ValueError")
    assert consumer.fault is None


async def test_an_unclassified_error_while_the_database_is_down_is_waited_out() -> None:
    """A handler may turn a lost connection into another error: the health probe decides."""
    db, producer = FakeDatabase(), FakeProducer()

    def fail(n: int) -> Exception | None:
        db.probe_fails = n <= 10  # the probe after each of the first 10 failures fails
        return RuntimeError("handler wrapped the outage") if n <= 10 else None

    consumer, seen = consumer_with(fail, db, producer)
    assert await consumer.process(message()) == Outcome.APPLIED
    assert len(seen) == 11
    assert producer.sent == []


async def test_a_dead_letter_is_sent_once_kafka_is_back() -> None:
    db, producer = FakeDatabase(), FakeProducer(failures=20)
    consumer, _ = consumer_with(lambda n: ValueError("bad"), db, producer)

    assert await consumer.process(message()) == Outcome.DEAD_LETTERED
    assert len(producer.sent) == 1
    assert consumer.fault is None


async def test_invalid_bytes_are_dead_lettered_at_once() -> None:
    db, producer = FakeDatabase(), FakeProducer()
    consumer, seen = consumer_with(lambda n: None, db, producer)
    raw = RawMessage("job.cancelled", 0, 8, None, b"{not json")

    assert await consumer.process(raw) == Outcome.DEAD_LETTERED
    assert seen == []
    assert [value for _, value, _ in producer.sent] == [b"{not json"]


async def test_stopping_ends_a_wait_without_committing() -> None:
    db, producer = FakeDatabase(), FakeProducer()
    outage = ConnectionRefusedError(111, "refused")
    consumer, seen = consumer_with(lambda n: outage, db, producer)

    task = asyncio.create_task(consumer.process(message()))
    while len(seen) < 3:  # noqa: ASYNC110 (the handler is the fake's only signal)
        await asyncio.sleep(0.001)
    consumer.stop()
    with pytest.raises(ConsumerStoppingError):
        await task
    assert producer.sent == []
