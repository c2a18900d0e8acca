"""The time zones a business may be in: IANA place names."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

UTC = ZoneInfo("UTC")

# `localtime` is the machine's zone and `Factory` is no place; a name such as `America` is a
# directory of the zone database (ZoneInfo raised IsADirectoryError on it).
_NOT_PLACES = frozenset({"localtime", "Factory"})


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_PLACES


def is_known_zone(name: str) -> bool:
    return name in known_zones()


def zone_named(name: str) -> ZoneInfo:
    """The zone a stored name stands for; UTC for one this machine does not know."""
    return ZoneInfo(name) if is_known_zone(name) else UTC
