"""Background work: reading reports from field platforms' own topics (`platform.<name>.jobs`).

Kafka does not stamp the producing principal on a record, but the broker lets only
`User:<name>` write `platform.<name>.jobs`: so the topic says which platform sent a record.
Each report's business must be granted to that platform (`closeout-jobs grant-platform`);
then it is handled exactly as a report on `jobs.inbound`. A report for any other business is
dead-lettered to `platform.<name>.jobs.dlq` with the reason; replaying it onto the platform's
topic (once the grant exists) checks the grant again.

The topics are found by a pattern subscription, so a platform added while the service runs is
read within `JOBS_PLATFORM_TOPICS_REFRESH_SECONDS`. Records go through the same
`EventConsumer.process` as every other consumer (inbox, retries, dead letters); its inbox
namespace is the `jobs.inbound` consumer's, so an event replayed on either path applies once.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from closeout.jobs.consumers import platform_report_handler
from closeout.jobs.domain.jobs import ACTION_OF_INBOUND
from closeout.jobs.domain.platforms import platform_of, topic_pattern
from closeout.jobs.settings import JobsSettings
from closeout.shared.contracts.jobs import InboundJob
from closeout.shared.kafka import EventConsumer
from closeout.shared.kafka.consumer import ConsumerStoppingError, RawMessage
from closeout.shared.web.runtime import ServiceRuntime

log = logging.getLogger(__name__)


class PlatformIntake:
    def __init__(self, settings: JobsSettings) -> None:
        self.settings = settings
        self.consumer = EventConsumer(
            settings.consumer_group,
            max_attempts=settings.consumer_max_attempts,
            retry_base_seconds=settings.consumer_retry_base_seconds,
        )
        self._routed: set[str] = set()

    @property
    def group_id(self) -> str:
        return f"{self.settings.kafka_topic_prefix}{self.settings.consumer_group}-platforms"

    async def run(self, runtime: ServiceRuntime[JobsSettings], stop: asyncio.Event) -> None:
        """Consume every platform topic until `stop` is set (a background task)."""
        settings = self.settings
        if not settings.kafka_consumer_enabled:
            return
        prefix = settings.kafka_topic_prefix
        self.consumer.bind(
            runtime.sessionmaker,
            runtime.producer,
            topic_prefix=prefix,
            events_per_transaction=settings.consumer_events_per_transaction,
        )
        if self.consumer not in runtime.consumers:  # /readyz reports its faults; stop() ends waits
            runtime.consumers.append(self.consumer)
        kafka = AIOKafkaConsumer(
            bootstrap_servers=settings.kafka_bootstrap_servers,
            client_id=f"closeout-{settings.service_name}-platforms",
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            metadata_max_age_ms=int(settings.platform_topics_refresh_seconds * 1000),
            max_poll_interval_ms=600_000,
        )
        kafka.subscribe(pattern=topic_pattern(prefix))
        await kafka.start()
        try:
            while not stop.is_set():
                batches = await kafka.getmany(timeout_ms=500, max_records=200)
                for tp, records in batches.items():
                    await self._handle(tp, records)
                    # Committed only once every record of the batch is applied or dead-lettered.
                    await kafka.commit({tp: records[-1].offset + 1})
        except ConsumerStoppingError:
            pass  # shutting down while waiting out a fault: redelivered after the restart
        finally:
            await kafka.stop()

    async def _handle(
        self, tp: TopicPartition, records: list[ConsumerRecord[bytes, bytes]]
    ) -> None:
        platform = platform_of(tp.topic, self.settings.kafka_topic_prefix)
        if platform is None:  # the pattern matches only platform topics
            log.error("not a platform topic: %s", tp.topic)
            return
        self._route(tp.topic, platform)
        await self.consumer.process_batch(
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

    def _route(self, topic: str, platform: str) -> None:
        """Route a platform topic's report types the first time the topic is seen."""
        if topic in self._routed:
            return
        handler = platform_report_handler(platform)
        unprefixed = topic.removeprefix(self.settings.kafka_topic_prefix)
        for event_type in ACTION_OF_INBOUND:
            self.consumer.on(event_type, topic=unprefixed, data_model=InboundJob)(handler)
        self._routed.add(topic)
