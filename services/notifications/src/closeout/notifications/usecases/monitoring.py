"""Gauges for `/metrics`: how many messages are sent, failed, suppressed, waiting or deferred,
and how long the oldest unsent one has waited."""

from __future__ import annotations

from prometheus_client import Gauge

from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage.monitoring import messages_by_state
from closeout.shared.web.runtime import ServiceRuntime

MESSAGES = Gauge(
    "closeout_notifications_messages",
    "Messages by channel and state (pending, deferred after a failed try, sent, failed, "
    "suppressed)",
    ["channel", "state"],
)
OLDEST_UNSENT = Gauge(
    "closeout_notifications_oldest_unsent_seconds",
    "Age of the oldest pending or deferred message, by channel (0 when none)",
    ["channel"],
)
STATES = ("pending", "deferred", "sent", "failed", "suppressed")


async def delivery_probe(runtime: ServiceRuntime[NotificationsSettings]) -> None:
    async with runtime.engine.connect() as conn:
        counts = await messages_by_state(conn)
    channels = {c.channel for c in counts} | {"email"}
    for channel in channels:
        found = {c.state: c for c in counts if c.channel == channel}
        for state in STATES:
            MESSAGES.labels(channel, state).set(found[state].count if state in found else 0)
        waiting = [found[s].oldest_seconds for s in ("pending", "deferred") if s in found]
        OLDEST_UNSENT.labels(channel).set(max(waiting, default=0.0))
