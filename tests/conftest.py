"""Session-wide fixtures: the real infrastructure every integration test runs against."""

import asyncio
import logging
from collections.abc import Iterator

import pytest

from support.infra import Infra, discover_infra
from support.kafka import LASTING_PREFIXES, PREFIXES_USED, delete_topics_with_prefixes

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


@pytest.fixture(autouse=True)
def delete_this_tests_topics(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test on the real broker, delete the topics it made. Left until the end of
    the session, the suite's ~70 topics per test added up to more partitions than the broker
    has file handles (one each), and it died in the last minutes of the run."""
    before = set(PREFIXES_USED)
    yield
    if "infra" not in request.fixturenames:
        return
    made = PREFIXES_USED - before - LASTING_PREFIXES
    if not made:
        return
    infra: Infra = request.getfixturevalue("infra")
    try:
        asyncio.run(delete_topics_with_prefixes(infra.kafka_bootstrap_servers, made))
        PREFIXES_USED.difference_update(made)
    except Exception:  # cleanup; whatever is left goes at the end of the session
        log.warning("could not delete the topics of %s", request.node.nodeid, exc_info=True)


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
