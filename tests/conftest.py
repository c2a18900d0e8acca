"""Session-wide fixtures: the real infrastructure every integration test runs against."""

import asyncio
import logging
from collections.abc import Iterator

import pytest

from support.infra import Infra, discover_infra
from support.kafka import PREFIXES_USED, delete_topics_with_prefixes

log = logging.getLogger(__name__)

STACK_TEST_TIMEOUT_SECONDS = 480


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with discover_infra() as found:
        yield found
        try:
            asyncio.run(delete_topics_with_prefixes(found.kafka_bootstrap_servers, PREFIXES_USED))
        except Exception:  # a cleanup failure must not fail the run it follows
            log.exception("could not delete this session's test topics")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that never asks for the infrastructure (and is not marked as needing it) is a pure
    one: `make test-fast` runs those."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "stack" in fixtures and item.get_closest_marker("timeout") is None:
            # The first test to ask for the four-service stack also pays for starting it
            # (migrations, seeding, four processes): up to a few minutes on a busy machine.
            item.add_marker(pytest.mark.timeout(STACK_TEST_TIMEOUT_SECONDS))
        if "infra" in fixtures:
            item.add_marker(pytest.mark.integration)
        elif not any(item.iter_markers("integration")) and not any(item.iter_markers("e2e")):
            item.add_marker(pytest.mark.unit)
