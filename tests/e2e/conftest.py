from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.stack import Stack, running_stack
from support.infra import Infra
from support.kafka import keep_topics


@pytest.fixture(scope="session")
def stack(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    state: Path = tmp_path_factory.mktemp("e2e-state")
    with running_stack(infra, state) as started:
        keep_topics(started.topic_prefix)  # shared by every e2e test, deleted at the end
        yield started
