"""Polling for a condition, and unique names: the waiting every test needs, written once."""

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool] = bool,
    timeout: float = 30,
    what: str = "condition",
    *,
    interval: float = 0.1,
) -> T:
    """Call `probe` until `until(value)` holds (by default: the value is truthy), and return
    that value; fail with the last value seen after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout}s; last value: {value!r}")
        await asyncio.sleep(interval)


def unique(label: str) -> str:
    """A name no other test (or earlier run against the same infrastructure) uses."""
    return f"{label}-{uuid.uuid4().hex[:12]}"
