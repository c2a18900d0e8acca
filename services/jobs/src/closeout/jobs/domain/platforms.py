"""A platform's name, its principal and the one topic it may write."""

from __future__ import annotations

import re

from closeout.shared.errors import InvalidInputError

NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
TOPIC_PREFIX = "platform."
TOPIC_SUFFIX = ".jobs"


class InvalidPlatformNameError(InvalidInputError, ValueError):
    pass


def check_name(name: str) -> str:
    """Lower-case letters, digits and inner hyphens, at most 63: no dot, so the topic name
    names exactly one platform."""
    if not NAME.fullmatch(name):
        raise InvalidPlatformNameError(
            f"platform name {name!r} must be 1-63 lower-case letters, digits or inner hyphens"
        )
    return name


def principal(name: str) -> str:
    return f"User:{check_name(name)}"


def topic_of(name: str, topic_prefix: str = "") -> str:
    """`platform.<name>.jobs`, the only topic the platform's principal may write."""
    return f"{topic_prefix}{TOPIC_PREFIX}{check_name(name)}{TOPIC_SUFFIX}"


def topic_pattern(topic_prefix: str = "") -> str:
    """A regex matching every platform topic (and no dead-letter topic)."""
    return f"^{re.escape(topic_prefix + TOPIC_PREFIX)}{NAME.pattern}{re.escape(TOPIC_SUFFIX)}$"


def platform_of(topic: str, topic_prefix: str = "") -> str | None:
    """The platform whose topic this is, or None for any other topic."""
    rest = topic.removeprefix(topic_prefix)
    if not (rest.startswith(TOPIC_PREFIX) and rest.endswith(TOPIC_SUFFIX)):
        return None
    name = rest[len(TOPIC_PREFIX) : -len(TOPIC_SUFFIX)]
    return name if NAME.fullmatch(name) else None
