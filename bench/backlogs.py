"""Backlogs sampled from the services' own /metrics while a run goes on: Kafka consumer lag,
outbox rows not yet published, Stripe events not yet processed, mail not yet sent."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass, field

import httpx

LINE = re.compile(r"^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})? (?P<value>[-+0-9.eEinfNa]+)$")
LABEL = re.compile(r'(\w+)="([^"]*)"')
KINDS = ("kafka_lag", "outbox", "webhooks_pending", "mail_pending")


def parse(text: str) -> dict[str, float]:
    """The four backlogs from the Prometheus text of one or more services."""
    found = dict.fromkeys(KINDS, 0.0)
    for line in text.splitlines():
        match = LINE.match(line)
        if match is None:
            continue
        name, value = match["name"], float(match["value"])
        labels = dict(LABEL.findall(match["labels"] or ""))
        if name == "closeout_consumer_lag":
            found["kafka_lag"] += value
        elif name == "closeout_outbox_backlog":
            found["outbox"] += value
        elif name == "closeout_webhook_events" and labels.get("status") in ("pending", "waiting"):
            found["webhooks_pending"] += value
        elif name == "closeout_notifications_messages" and labels.get("state") in (
            "pending",
            "deferred",
        ):
            found["mail_pending"] += value
    return found


def flat(samples: list[float], allowance: float) -> bool:
    """Not growing: the last third's mean is within `allowance` of the first third's."""
    if len(samples) < 3:
        return True
    third = len(samples) // 3
    first, last = samples[:third], samples[-third:]
    return sum(last) / len(last) - sum(first) / len(first) <= allowance


@dataclass
class Sampler:
    urls: Mapping[str, str]
    interval: float = 1.0
    samples: list[tuple[float, dict[str, float]]] = field(default_factory=list)

    async def sample(self, client: httpx.AsyncClient) -> dict[str, float]:
        texts = await asyncio.gather(
            *(client.get(f"{url}/metrics") for url in self.urls.values()), return_exceptions=True
        )
        return parse("\n".join(r.text for r in texts if isinstance(r, httpx.Response)))

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while not stop.is_set():
                self.samples.append((time.monotonic(), await self.sample(client)))
                with suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.interval)

    def series(self, kind: str) -> list[float]:
        return [values[kind] for _, values in self.samples]

    def report(self, allowance: float, kinds: tuple[str, ...] = KINDS) -> dict[str, object]:
        """Max and last value of each backlog; `flat` judged on the sum of `kinds`."""
        totals = [sum(values[k] for k in kinds) for _, values in self.samples]
        return {
            "max": {kind: max(self.series(kind), default=0.0) for kind in KINDS},
            "end": dict(self.samples[-1][1]) if self.samples else {},
            "flat": flat(totals, allowance),
            "flat_judged_on": list(kinds),
            "samples": len(self.samples),
        }

    async def wait_empty(self, timeout: float) -> float | None:
        """Seconds until every backlog is zero (three times in a row), None after `timeout`."""
        started = time.monotonic()
        zero_seen = 0
        async with httpx.AsyncClient(timeout=10) as client:
            while time.monotonic() - started < timeout:
                values = await self.sample(client)
                zero_seen = zero_seen + 1 if not any(values.values()) else 0
                if zero_seen >= 3:
                    return round(time.monotonic() - started, 1)
                await asyncio.sleep(0.5)
        return None
