"""Idempotent event consumers: parse, deduplicate through the inbox, apply, then commit.

A service declares handlers per event type:

    consumer = EventConsumer("invoicing")

    @consumer.on("job.completed")
    async def bill_job(event: Envelope[JobCompleted], session: AsyncSession) -> None:
        ...  # change state, `outbox.enqueue(session, ...)`: one transaction with the inbox row

The events of a fetched batch share one database transaction (up to `events_per_transaction`
of them): their inbox rows, their effects and any outgoing events, so a busy consumer pays one
commit (one WAL flush) per batch instead of one per event. If anything in that transaction
fails, it is rolled back and the same events are replayed one transaction each, the path a
lone event always takes: retries, fault waits and dead letters stay per event. The Kafka
offset is committed only after the effects committed. Invalid events and events that keep
failing go to `<topic>.dlq` with the reason.

An infrastructure fault (database unreachable, connection lost, timeouts, Kafka down while
dead-lettering) is never the event's fault: the consumer waits it out with bounded backoff,
for as long as it lasts, and reports itself not ready meanwhile (`fault`). While it waits, the
batch handler does not return, so this group member fetches nothing more: its partitions are
effectively paused (the heartbeat keeps the membership). If the group rebalances meanwhile,
the uncommitted batch is redelivered to the new owner and the inbox drops what was applied.

Handlers must let database errors propagate: PostgreSQL answers the COMMIT of a failed
transaction with a silent rollback, so a swallowed error would drop the effect while the offset
moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from opentelemetry.trace import SpanKind
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.shared.db import inbox
from closeout.shared.events.catalogue import CATALOGUE, spec_for
from closeout.shared.events.envelope import (
    Envelope,
    InvalidEventError,
    decode_event,
    parse_event,
    peek_envelope,
)
from closeout.shared.kafka.dead_letters import dead_letter
from closeout.shared.kafka.faults import backoff_seconds, is_infrastructure_fault
from closeout.shared.logging import log_context
from closeout.shared.observability.metrics import (
    CONSUMER_LAG,
    CONSUMER_WAITING,
    DEAD_LETTERS,
    EVENTS_CONSUMED,
    event_type_label,
)
from closeout.shared.observability.tracing import continued_span

log = logging.getLogger(__name__)

Handler = Callable[[Envelope[Any], AsyncSession], Awaitable[None]]

BATCH_WAIT_MS = 25


class PermanentError(Exception):
    """Processing this event can never succeed: dead-letter it now instead of retrying."""


class ConsumerStoppingError(Exception):
    """The service stops while a message waits: it stays uncommitted and is redelivered."""


class Outcome(Enum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    DEAD_LETTERED = "dead_lettered"


@dataclass(frozen=True)
class _Route:
    data_model: type[BaseModel]
    handler: Handler


@dataclass(frozen=True)
class RawMessage:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


@dataclass(frozen=True)
class _Decoded:
    """A record read once: routed (`event` and `route`), ignored (neither), or `invalid`."""

    message: RawMessage
    event_type: str | None
    event: Envelope[Any] | None = None
    route: _Route | None = None
    invalid: str | None = None


class EventConsumer:
    def __init__(
        self,
        name: str,
        *,
        max_attempts: int = 5,
        retry_base_seconds: float = 0.2,
        max_backoff_seconds: float = 5.0,
        ignore_unrouted: bool = False,
    ) -> None:
        """`name` is the inbox namespace and, after the topic prefix, the Kafka consumer group.

        `max_attempts` bounds how often a handler may fail while the database answers before
        the event is dead-lettered; infrastructure faults are retried without limit, waiting
        `retry_base_seconds` doubling up to `max_backoff_seconds` between tries.
        `ignore_unrouted`: events of a known type but without a handler here are skipped
        (for topics a consumer reads only partly); otherwise they are dead-lettered.
        """
        self.name = name
        self.max_attempts = max_attempts
        self.retry_base_seconds = retry_base_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.ignore_unrouted = ignore_unrouted
        self.fault: str | None = None
        """The infrastructure fault this consumer is waiting out right now (None: healthy)."""
        self._stopping = asyncio.Event()
        self._routes: dict[str, dict[str, _Route]] = {}
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self._producer: AIOKafkaProducer | None = None
        self._topic_prefix = ""
        self.counts: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
        self._kafka: AIOKafkaConsumer | None = None
        self._next_offsets: dict[TopicPartition, int] = {}
        self.events_per_transaction = 1

    @property
    def group_id(self) -> str:
        """Prefixed like the topics, so isolated runs never rebalance each other's groups."""
        return self._topic_prefix + self.name

    @property
    def topics(self) -> list[str]:
        return sorted(self._routes)

    def on(
        self,
        event_type: str,
        *,
        topic: str | None = None,
        data_model: type[BaseModel] | None = None,
    ) -> Callable[[Handler], Handler]:
        """Route `event_type` (on its catalogue topic unless `topic` is given) to a handler."""
        if topic is None or data_model is None:
            spec = spec_for(event_type)
            topic = topic or spec.topic
            data_model = data_model or spec.data_model

        def register(handler: Handler) -> Handler:
            self._routes.setdefault(topic, {})[event_type] = _Route(data_model, handler)
            return handler

        return register

    def bind(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        producer: AIOKafkaProducer,
        *,
        topic_prefix: str = "",
        events_per_transaction: int,
    ) -> None:
        """Give the consumer its database and the producer it dead-letters with.

        `events_per_transaction` bounds how many events of a batch share a transaction (1: each
        its own); a bigger group holds its row locks longer."""
        self._sessionmaker = sessionmaker
        self._producer = producer
        self._topic_prefix = topic_prefix
        self.events_per_transaction = max(1, events_per_transaction)
        self._stopping = asyncio.Event()
        self.fault = None

    def stop(self) -> None:
        """End any wait now (the service is shutting down); the message is not committed."""
        self._stopping.set()

    def subscribe(self, broker: KafkaBroker, *, max_records: int = 200) -> None:
        """One subscriber (one group member) for all of this consumer's topics.

        Records arrive in batches so the offset commit (a broker round trip) is paid once per
        batch, and the batch's events share transactions (`process_batch`). If a batch fails
        midway, it is redelivered from its first record and the inbox drops the ones applied.
        """
        if not self._routes:
            return
        subscriber = broker.subscriber(
            *(self._topic_prefix + topic for topic in self.topics),
            group_id=self.group_id,
            auto_offset_reset="earliest",
            max_poll_interval_ms=600_000,
            batch=True,
            max_records=max_records,
            # FastStream waits this long for records and, finding none, sleeps as long again:
            # a record arriving in that sleep waits for it. 25 ms bounds that added latency per
            # hop (the default 200 ms cost up to 0.2 s on each of the three hops of a job).
            batch_timeout_ms=BATCH_WAIT_MS,
            title=self.name,
            decoder=_undecoded,
        )
        subscriber(self._faststream_handler())

    def _faststream_handler(self) -> Callable[[KafkaMessage], Awaitable[None]]:
        async def handle(message: KafkaMessage) -> None:
            batch = message.raw_message
            records = batch if isinstance(batch, tuple | list) else (batch,)
            self._kafka = message.consumer
            await self.process_batch(
                [
                    RawMessage(
                        topic=record.topic,
                        partition=record.partition,
                        offset=record.offset,
                        key=record.key,
                        value=record.value or b"",
                    )
                    for record in records
                ]
            )
            for record in records:
                self._next_offsets[TopicPartition(record.topic, record.partition)] = (
                    record.offset + 1
                )

        return handle

    async def process_batch(self, messages: Sequence[RawMessage]) -> list[Outcome]:
        """Handle `messages` in order, to completion, `events_per_transaction` at a time."""
        outcomes: list[Outcome] = []
        size = self.events_per_transaction
        for start in range(0, len(messages), size):
            group = [self._decode(message) for message in messages[start : start + size]]
            outcomes += await self._process_group(group)
        return outcomes

    async def process(self, message: RawMessage) -> Outcome:
        """Handle one message to completion. Raises only if it could not even be dead-lettered."""
        return await self._process_alone(self._decode(message))

    async def _process_alone(self, decoded: _Decoded) -> Outcome:
        outcome = await self._outcome_alone(decoded)
        self._count(outcome, decoded.event_type)
        return outcome

    def _count(self, outcome: Outcome, event_type: str | None) -> None:
        self.counts[outcome] += 1
        EVENTS_CONSUMED.labels(self.name, event_type_label(event_type), outcome.value).inc()

    def update_metrics(self) -> None:
        """Refresh the gauges read at scrape time: lag per assigned partition, fault wait."""
        CONSUMER_WAITING.labels(self.name).set(1 if self.fault is not None else 0)
        if self._kafka is None:
            return
        for tp in self._kafka.assignment():
            highwater = self._kafka.highwater(tp)
            handled = self._next_offsets.get(tp)
            if highwater is not None and handled is not None:
                lag = max(highwater - handled, 0)
                CONSUMER_LAG.labels(self.name, tp.topic, str(tp.partition)).set(lag)

    async def _outcome_alone(self, decoded: _Decoded) -> Outcome:
        """The event in a transaction of its own, retried, waited out or dead-lettered."""
        message = decoded.message
        if decoded.invalid is not None:
            await self._dead_letter(message, decoded.invalid)
            return Outcome.DEAD_LETTERED
        if decoded.event is None or decoded.route is None:
            return Outcome.IGNORED
        with self._event_context(message, decoded.event):
            return await self._apply_with_retries(message, decoded.event, decoded.route)

    def _decode(self, message: RawMessage) -> _Decoded:
        event_type: str | None = None
        try:
            value = parse_event(message.value)  # the one JSON parse of this record
            header = peek_envelope(value)
            event_type = header.type
            topic = message.topic.removeprefix(self._topic_prefix)
            route = self._routes.get(topic, {}).get(header.type)
            if route is None:
                if self.ignore_unrouted and header.type in CATALOGUE:
                    return _Decoded(message, event_type)
                raise InvalidEventError(f"unexpected event type {header.type!r} on topic {topic!r}")
            event = decode_event(value, route.data_model)
        except InvalidEventError as exc:
            return _Decoded(message, event_type, invalid=exc.reason)
        return _Decoded(message, event_type, event=event, route=route)

    @contextlib.contextmanager
    def _event_context(self, message: RawMessage, event: Envelope[Any]) -> Iterator[None]:
        """The event's log fields and its span, continuing the producer's trace."""
        trace_context = {"traceparent": event.traceparent} if event.traceparent else {}
        invoice_id = getattr(event.data, "invoice_id", None)
        with (
            log_context(
                correlation_id=event.correlation_id,
                business_id=event.business_id,
                invoice_id=invoice_id if isinstance(invoice_id, str) else None,
            ),
            continued_span(
                f"{event.type} process",
                trace_context,
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.destination.name": message.topic,
                    "messaging.consumer.group.name": self.name,
                    "messaging.message.id": event.id,
                },
            ),
        ):
            yield

    async def _process_group(self, group: list[_Decoded]) -> list[Outcome]:
        """One transaction for the group; on any failure (or an invalid record among them), the
        group is replayed event by event, where retries and dead letters are decided."""
        if len(group) > 1 and all(decoded.invalid is None for decoded in group):
            try:
                outcomes = await self._apply_together(group)
            except Exception as exc:
                log.info(
                    "consumer %s: a group of %d events failed together (%r); replaying them"
                    " one by one",
                    self.name,
                    len(group),
                    exc,
                )
            else:
                for decoded, outcome in zip(group, outcomes, strict=True):
                    self._count(outcome, decoded.event_type)
                return outcomes
        return [await self._process_alone(decoded) for decoded in group]

    async def _apply_together(self, group: list[_Decoded]) -> list[Outcome]:
        if self._sessionmaker is None:
            raise RuntimeError(f"consumer {self.name} is not bound to a database")
        routed = [decoded.event for decoded in group if decoded.event is not None]
        outcomes: list[Outcome] = []
        async with self._sessionmaker() as session, session.begin():
            fresh = await inbox.claim_many(
                session,
                consumer=self.name,
                events=[(event.dedupe_key, event.type) for event in routed],
            )
            for decoded in group:
                event, route = decoded.event, decoded.route
                if event is None or route is None:
                    outcomes.append(Outcome.IGNORED)
                elif event.dedupe_key not in fresh:  # seen before, or twice in this group
                    outcomes.append(Outcome.DUPLICATE)
                else:
                    fresh.discard(event.dedupe_key)
                    with self._event_context(decoded.message, event):
                        await route.handler(event, session)
                    outcomes.append(Outcome.APPLIED)
        self._recovered()
        return outcomes

    async def _apply_with_retries(
        self, message: RawMessage, event: Envelope[Any], route: _Route
    ) -> Outcome:
        failures = 0  # handler errors while the database answered
        waits = 0  # consecutive infrastructure faults
        while True:
            try:
                applied = await self._apply_once(event, route)
            except PermanentError as exc:
                self._recovered()
                await self._dead_letter(message, f"rejected by handler: {exc}")
                return Outcome.DEAD_LETTERED
            except Exception as exc:
                if is_infrastructure_fault(exc) or not await self._database_answers():
                    waits += 1
                    await self._wait_out(type(exc).__name__, exc, waits)
                    continue
                self._recovered()
                waits = 0
                failures += 1
                if failures >= self.max_attempts:
                    log.exception("event failed %d times, dead-lettering", failures)
                    reason = f"failed after {failures} attempts: {type(exc).__name__}: {exc}"
                    await self._dead_letter(message, reason)
                    return Outcome.DEAD_LETTERED
                delay = self._backoff(failures)
                log.warning(
                    "event failed (attempt %d), retrying in %.1fs: %r", failures, delay, exc
                )
                await self._pause(delay)
            else:
                self._recovered()
                return Outcome.APPLIED if applied else Outcome.DUPLICATE

    async def _database_answers(self) -> bool:
        """Whether a handler's unclassified error happened while the database was healthy."""
        if self._sessionmaker is None:
            return True
        try:
            async with self._sessionmaker() as session:
                await session.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def _wait_out(self, fault: str, exc: Exception, waits: int) -> None:
        """Back off from an infrastructure fault; the caller then tries again. `fault` (no
        addresses or SQL: /readyz shows it) names it; the log has the whole error."""
        delay = self._backoff(waits)
        level = logging.WARNING if self.fault is None else logging.INFO
        log.log(
            level,
            "consumer %s waits out a fault (try %d, next in %.1fs): %r",
            self.name,
            waits,
            delay,
            exc,
        )
        self.fault = fault
        await self._pause(delay)

    def _recovered(self) -> None:
        if self.fault is not None:
            log.warning("consumer %s recovered from: %s", self.name, self.fault)
            self.fault = None

    def _backoff(self, failures: int) -> float:
        return backoff_seconds(failures, base=self.retry_base_seconds, cap=self.max_backoff_seconds)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        if self._stopping.is_set():
            raise ConsumerStoppingError(self.name)

    async def _apply_once(self, event: Envelope[Any], route: _Route) -> bool:
        if self._sessionmaker is None:
            raise RuntimeError(f"consumer {self.name} is not bound to a database")
        async with self._sessionmaker() as session, session.begin():
            first_time = await inbox.claim(
                session, consumer=self.name, event_key=event.dedupe_key, event_type=event.type
            )
            if not first_time:
                return False
            await route.handler(event, session)
            return True

    async def _dead_letter(self, message: RawMessage, reason: str) -> None:
        if self._producer is None:
            raise RuntimeError(f"consumer {self.name} has no producer for dead letters")
        letter = dead_letter(
            value=message.value,
            key=message.key,
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            consumer=self.name,
            reason=reason,
        )
        waits = 0
        while True:  # Kafka being down loses nothing: the letter is sent once it is back
            try:
                await self._producer.send_and_wait(
                    letter.topic, letter.value, key=letter.key, headers=letter.headers
                )
            except Exception as exc:
                waits += 1
                await self._wait_out(f"dead-lettering: {type(exc).__name__}", exc, waits)
            else:
                self._recovered()
                break
        DEAD_LETTERS.labels(self.name, message.topic.removeprefix(self._topic_prefix)).inc()
        log.warning(
            "dead-lettered message from %s[%d]@%d: %s",
            message.topic,
            message.partition,
            message.offset,
            reason,
        )


async def _undecoded(message: StreamMessage[Any]) -> Any:
    """The records' bytes as they came. FastStream would JSON-decode every record for a body the
    handler never reads; `EventConsumer._decode` parses each record once itself."""
    return message.body
