"""The delivery worker sends over several connections at once (issue 15): each lane has its own
channels, lanes claim messages with SKIP LOCKED, so every message is sent once, by one lane."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from closeout.notifications.domain.outgoing import OutgoingMessage
from closeout.notifications.workers import DeliveryWorker
from closeout.shared.db import create_engine, create_sessionmaker
from notifications.test_delivery_wakeup import record_backlog, sent_count
from support.notifications import MakeSettings
from support.waiting import eventually, unique

pytestmark = pytest.mark.integration

LANES = 4


class SlowChannel:
    """A channel that takes a while per message and notes how many are in flight at once."""

    name = "email"

    def __init__(self, sent: Counter[str], in_flight: list[int]) -> None:
        self.sent = sent
        self.in_flight = in_flight  # [now, most ever]

    async def send(self, message: OutgoingMessage) -> str | None:
        self.in_flight[0] += 1
        self.in_flight[1] = max(self.in_flight[1], self.in_flight[0])
        try:
            await asyncio.sleep(0.2)
        finally:
            self.in_flight[0] -= 1
        self.sent[message.notification_id] += 1
        return None

    async def close(self) -> None:
        return None


async def test_lanes_send_side_by_side_and_each_message_once(
    make_settings: MakeSettings, database_url: str
) -> None:
    recipient = f"{unique('lanes')}@example.com"
    await record_backlog(database_url, recipient, 24)
    settings = make_settings(delivery_connections=LANES, delivery_poll_seconds=30.0)
    sent: Counter[str] = Counter()
    in_flight = [0, 0]
    channel_sets = 0

    def more_channels() -> dict[str, SlowChannel]:
        nonlocal channel_sets
        channel_sets += 1
        return {"email": SlowChannel(sent, in_flight)}

    worker = DeliveryWorker(
        settings, {"email": SlowChannel(sent, in_flight)}, more_channels=more_channels
    )
    engine = create_engine(database_url, pool_size=LANES + 1)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run(create_sessionmaker(engine), stop))
    try:

        async def all_sent() -> bool:
            return await sent_count(database_url, recipient) == 24

        await eventually(all_sent, timeout=20, what="the 24 messages sent")
    finally:
        stop.set()
        await running
        await engine.dispose()

    assert channel_sets == LANES - 1  # a channel set (an SMTP connection) per further lane
    assert in_flight[1] == LANES  # one lane alone never has two in flight
    assert len(sent) == 24
    assert set(sent.values()) == {1}


async def test_injected_channels_that_cannot_be_shared_get_one_lane(
    make_settings: MakeSettings,
) -> None:
    worker = DeliveryWorker(make_settings(delivery_connections=LANES), {})
    assert worker.lanes == 1
