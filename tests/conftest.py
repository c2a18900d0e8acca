"""Session-wide fixtures: the real infrastructure every integration test runs against."""

from collections.abc import Iterator

import pytest

from support.infra import Infra, discover_infra


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    with discover_infra() as found:
        yield found
