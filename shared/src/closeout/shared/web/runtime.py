"""What a running service holds: settings, database, Kafka broker and producer, background work."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic

from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.db.pruning import Retention, prune_forever
from closeout.shared.events.catalogue import all_topics
from closeout.shared.kafka import (
    EventConsumer,
    OutboxRelay,
    create_broker,
    create_producer,
    ensure_topics,
)
from closeout.shared.settings import SettingsT

log = logging.getLogger(__name__)

BackgroundTask = Callable[["ServiceRuntime[Any]", asyncio.Event], Awaitable[None]]
"""A long-running coroutine (scheduler, worker) that returns once the stop event is set."""


@dataclass
class ServiceRuntime(Generic[SettingsT]):
    """Typed by the service's settings class, so `runtime.settings` needs no narrowing."""

    settings: SettingsT
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    producer: AIOKafkaProducer
    relay: OutboxRelay
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    consumers: list[EventConsumer] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, settings: SettingsT) -> ServiceRuntime[SettingsT]:
        engine = create_engine(settings.database_url)
        sessionmaker = create_sessionmaker(engine)
        client_id = f"closeout-{settings.service_name}"

        def producer_factory() -> AIOKafkaProducer:
            return create_producer(settings.kafka_bootstrap_servers, client_id=client_id)

        return cls(
            settings=settings,
            engine=engine,
            sessionmaker=sessionmaker,
            broker=create_broker(settings.kafka_bootstrap_servers, client_id=client_id),
            producer=producer_factory(),
            relay=OutboxRelay(
                sessionmaker,
                database_url=settings.database_url,
                producer_factory=producer_factory,
                batch_size=settings.outbox_batch_size,
                poll_seconds=settings.outbox_poll_seconds,
                topic_prefix=settings.kafka_topic_prefix,
                service=settings.service_name,
            ),
        )

    async def start(
        self,
        consumers: list[EventConsumer],
        background: list[BackgroundTask],
    ) -> None:
        settings = self.settings
        await ensure_topics(
            settings.kafka_bootstrap_servers,
            [settings.kafka_topic_prefix + topic for topic in all_topics()],
            settings.kafka_topic_partitions,
        )
        await self.producer.start()
        if settings.kafka_consumer_enabled:
            self.consumers = list(consumers)
            for consumer in consumers:
                consumer.bind(
                    self.sessionmaker,
                    self.producer,
                    topic_prefix=settings.kafka_topic_prefix,
                    events_per_transaction=settings.consumer_events_per_transaction,
                )
                consumer.subscribe(self.broker)
        await self.broker.start()
        if settings.outbox_relay_enabled:
            self.spawn("outbox-relay", self.relay.run(self.stop))
        if settings.prune_every_seconds > 0:
            retention = Retention(
                outbox=timedelta(hours=settings.outbox_retention_hours),
                inbox=timedelta(days=settings.inbox_retention_days),
            )
            self.spawn(
                "pruning",
                prune_forever(
                    self.sessionmaker,
                    retention,
                    self.stop,
                    every_seconds=settings.prune_every_seconds,
                ),
            )
        for task in background:
            self.spawn(
                getattr(task, "__name__", "background"), functools.partial(task, self, self.stop)
            )

    def spawn(self, name: str, work: Awaitable[None] | Callable[[], Awaitable[None]]) -> None:
        """Run `work` until the stop event. Given as a factory, it is started again after a
        crash (an outage must not end a worker for good); a bare awaitable runs once."""

        async def guarded() -> None:
            crashes = 0
            while not self.stop.is_set():
                try:
                    await (work() if callable(work) else work)
                    return
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("background task %s crashed", name)
                if not callable(work):
                    return
                crashes += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.stop.wait(), min(30.0, 0.5 * 2 ** min(crashes, 6)))

        self.tasks.append(asyncio.create_task(guarded(), name=name))

    def consumer_faults(self) -> dict[str, str]:
        """The infrastructure faults consumers are waiting out now, by consumer name."""
        return {c.name: c.fault for c in self.consumers if c.fault is not None}

    async def close(self) -> None:
        self.stop.set()
        for consumer in self.consumers:
            consumer.stop()
        if self.tasks:
            _, pending = await asyncio.wait(self.tasks, timeout=10)
            for task in pending:
                task.cancel()
        with contextlib.suppress(Exception):
            await self.broker.stop()
        with contextlib.suppress(Exception):
            await self.producer.stop()
        await self.engine.dispose()
