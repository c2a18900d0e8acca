"""A platform's name decides its principal and its one topic; the jobs service's pattern must
match every platform topic and nothing else (never a dead-letter topic)."""

from __future__ import annotations

import re

import pytest

from closeout.jobs.domain.platforms import (
    InvalidPlatformNameError,
    check_name,
    platform_of,
    principal,
    topic_of,
    topic_pattern,
)


def test_a_platform_has_one_principal_and_one_topic() -> None:
    assert principal("acme-demo") == "User:acme-demo"
    assert topic_of("acme-demo") == "platform.acme-demo.jobs"
    assert topic_of("acme-demo", "t1.") == "t1.platform.acme-demo.jobs"


@pytest.mark.parametrize("name", ["", "Acme", "acme.demo", "-acme", "acme-", "a" * 64, "acme_1"])
def test_names_that_could_be_confused_are_refused(name: str) -> None:
    with pytest.raises(InvalidPlatformNameError):
        check_name(name)


def test_the_pattern_matches_platform_topics_of_this_prefix_only() -> None:
    pattern = re.compile(topic_pattern("t1."))
    assert pattern.match("t1.platform.acme-demo.jobs")
    assert not pattern.match("t1.platform.acme-demo.jobs.dlq")
    assert not pattern.match("t2.platform.acme-demo.jobs")
    assert not pattern.match("t1.jobs.inbound")
    assert not pattern.match("t1.platform.a.b.jobs")


def test_the_topic_names_its_platform() -> None:
    assert platform_of("t1.platform.acme-demo.jobs", "t1.") == "acme-demo"
    assert platform_of("t1.platform.acme-demo.jobs.dlq", "t1.") is None
    assert platform_of("t1.job.completed", "t1.") is None
