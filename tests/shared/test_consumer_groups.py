"""A fetched batch's events share one transaction; when anything in it fails, the same events
are replayed one transaction each, so outcomes, retries and dead letters stay per event.

Real PostgreSQL (the inbox, the effects and `txid_current()`) and a real Kafka producer for the
dead letters; the batches are handed to `process_batch` as the Kafka subscriber hands them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import exc as sa_exc
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from closeout.shared.contracts.jobs import JobCancelled
from closeout.shared.db import create_sessionmaker
from closeout.shared.events import Envelope, encode_event
from closeout.shared.kafka.consumer import EventConsumer, Outcome, RawMessage
from shared.messaging_app import applied_job_ids, cancelled, effects
from support.infra import Infra
from support.kafka import read_topic, unique_prefix

Failure = Callable[[str, int], Exception | None]  # (job id, its call number) -> raise this


@dataclass
class Recorder:
    """The transaction each handler call ran in, by job id, in call order."""

    calls: list[tuple[str, int]] = field(default_factory=list)

    def transactions_of(self, job_id: str) -> list[int]:
        return [txid for job, txid in self.calls if job == job_id]


@dataclass
class Harness:
    consumer: EventConsumer
    recorder: Recorder
    engine: AsyncEngine
    prefix: str
    bootstrap: str


@pytest.fixture
async def producer(infra: Infra) -> AsyncIterator[AIOKafkaProducer]:
    kafka = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap_servers)
    await kafka.start()
    yield kafka
    await kafka.stop()


@pytest.fixture
def harness(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine], producer: AIOKafkaProducer
) -> Callable[..., Harness]:
    _, engine = plumbing_db

    def build(fail: Failure = lambda job, n: None, *, per_transaction: int = 100) -> Harness:
        consumer = EventConsumer("groups", max_attempts=2, retry_base_seconds=0.01)
        recorder = Recorder()

        @consumer.on("job.cancelled")
        async def apply(event: Envelope[JobCancelled], session: AsyncSession) -> None:
            job = event.data.job_id
            txid = (await session.execute(text("SELECT txid_current()"))).scalar_one()
            recorder.calls.append((job, txid))
            await session.execute(insert(effects).values(job_id=job))
            error = fail(job, len(recorder.transactions_of(job)))
            if error is not None:
                raise error

        prefix = unique_prefix()
        consumer.bind(
            create_sessionmaker(engine),
            producer,
            topic_prefix=prefix,
            events_per_transaction=per_transaction,
        )
        return Harness(consumer, recorder, engine, prefix, infra.kafka_bootstrap_servers)

    return build


def records(harness: Harness, *events: Envelope[JobCancelled] | bytes) -> list[RawMessage]:
    return [
        RawMessage(
            harness.prefix + "job.cancelled",
            0,
            offset,
            b"k",
            event if isinstance(event, bytes) else encode_event(event),
        )
        for offset, event in enumerate(events)
    ]


async def test_a_batch_is_applied_in_one_transaction(harness: Callable[..., Harness]) -> None:
    h = harness()
    outcomes = await h.consumer.process_batch(records(h, *(cancelled(n) for n in range(5))))

    assert outcomes == [Outcome.APPLIED] * 5
    assert sorted(await applied_job_ids(h.engine)) == [f"job-{n}" for n in range(5)]
    assert len({txid for _, txid in h.recorder.calls}) == 1


async def test_events_per_transaction_bounds_each_group(harness: Callable[..., Harness]) -> None:
    h = harness(per_transaction=2)
    await h.consumer.process_batch(records(h, *(cancelled(n) for n in range(5))))

    transactions = [txid for _, txid in h.recorder.calls]
    assert len(transactions) == 5
    assert len(set(transactions)) == 3, "groups of 2, 2 and 1"


async def test_redeliveries_in_and_across_batches_are_applied_once(
    harness: Callable[..., Harness],
) -> None:
    h = harness()
    first, second = cancelled(1), cancelled(2)
    assert await h.consumer.process_batch(records(h, first)) == [Outcome.APPLIED]

    outcomes = await h.consumer.process_batch(records(h, first, second, second))

    assert outcomes == [Outcome.DUPLICATE, Outcome.APPLIED, Outcome.DUPLICATE]
    assert sorted(await applied_job_ids(h.engine)) == ["job-1", "job-2"]


async def test_a_failing_event_is_dead_lettered_alone_and_the_rest_applied_once(
    harness: Callable[..., Harness],
) -> None:
    h = harness(lambda job, n: ValueError("bad line item") if job == "job-2" else None)
    batch = records(h, *(cancelled(n) for n in range(4)))

    outcomes = await h.consumer.process_batch(batch)

    assert outcomes == [Outcome.APPLIED, Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED]
    assert sorted(await applied_job_ids(h.engine)) == ["job-0", "job-1", "job-3"], (
        "the group's rolled-back attempt left nothing behind"
    )
    group_txid = h.recorder.transactions_of("job-0")[0]
    assert h.recorder.transactions_of("job-1")[0] == group_txid, "tried together first"
    replayed = [h.recorder.transactions_of(job)[-1] for job in ("job-0", "job-1", "job-3")]
    assert len({group_txid, *replayed}) == 4, "then one transaction each"
    letters = await read_topic(
        h.bootstrap, h.prefix + "job.cancelled.dlq", until=lambda found: len(found) >= 1
    )
    assert [letter.value for letter in letters] == [batch[2].value]


async def test_an_outage_in_a_group_is_waited_out_and_nothing_is_lost_or_doubled(
    harness: Callable[..., Harness],
) -> None:
    outage = sa_exc.OperationalError("INSERT", {}, ConnectionRefusedError(111, "refused"))
    h = harness(lambda job, n: outage if job == "job-3" and n <= 3 else None)

    outcomes = await h.consumer.process_batch(records(h, *(cancelled(n) for n in range(5))))

    assert outcomes == [Outcome.APPLIED] * 5, "an outage is never the event's fault"
    assert sorted(await applied_job_ids(h.engine)) == [f"job-{n}" for n in range(5)]
    assert h.consumer.fault is None


async def test_an_invalid_record_in_a_batch_is_dead_lettered_and_the_rest_applied(
    harness: Callable[..., Harness],
) -> None:
    h = harness()
    outcomes = await h.consumer.process_batch(records(h, cancelled(1), b"{not json", cancelled(2)))

    assert outcomes == [Outcome.APPLIED, Outcome.DEAD_LETTERED, Outcome.APPLIED]
    assert sorted(await applied_job_ids(h.engine)) == ["job-1", "job-2"]
