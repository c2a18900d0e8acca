"""Session-wide fixtures: the real infrastructure every integration test runs against."""

import asyncio
import logging
from collections.abc import Iterator

import pytest

from support.infra import Infra, discover_infra
from support.kafka import PREFIXES_USED, delete_topics_with_prefixes

log = logging.getLogger(__name__)


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with discover_infra() as found:
        yield found
        try:
            asyncio.run(delete_topics_with_prefixes(found.kafka_bootstrap_servers, PREFIXES_USED))
        except Exception:  # a cleanup failure must not fail the run it follows
            log.exception("could not delete this session's test topics")
