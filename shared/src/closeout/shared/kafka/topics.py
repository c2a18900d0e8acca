"""Create the topics a service uses before it subscribes (consumers never auto-create)."""

import contextlib
import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)


async def ensure_topics(bootstrap_servers: str, topics: Iterable[str], partitions: int = 3) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = sorted(set(topics) - existing)
        if not missing:
            return
        new = [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in missing]
        with contextlib.suppress(TopicAlreadyExistsError):  # another service was first
            await admin.create_topics(new)
        log.info("created topics", extra={"topics": missing})
    finally:
        await admin.close()
