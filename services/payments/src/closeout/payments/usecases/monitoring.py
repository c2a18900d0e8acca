"""Gauges for `/metrics`: received Stripe events by status (pending, waiting, done, ignored,
failed, rejected), how long the oldest unfinished one has waited, and failed partner payouts."""

from __future__ import annotations

from prometheus_client import Gauge

from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage.monitoring import failed_partner_payouts, webhook_events_by_status
from closeout.shared.web.runtime import ServiceRuntime

WEBHOOK_EVENTS = Gauge(
    "closeout_webhook_events", "Received Stripe events by processing status", ["status"]
)
OLDEST_UNPROCESSED = Gauge(
    "closeout_webhook_oldest_unprocessed_seconds",
    "Age of the oldest Stripe event still pending or waiting (0 when none)",
)
FAILED_PARTNER_PAYOUTS = Gauge(
    "closeout_partner_payouts_failed",
    "Partner payouts and reversals Stripe refused after their retries (not paid; see the"
    " partner's statement)",
)
STATUSES = ("pending", "waiting", "done", "ignored", "failed", "rejected")


async def webhook_probe(runtime: ServiceRuntime[PaymentsSettings]) -> None:
    async with runtime.engine.connect() as conn:
        counts = {c.status: c for c in await webhook_events_by_status(conn)}
    for status in {*STATUSES, *counts}:
        WEBHOOK_EVENTS.labels(status).set(counts[status].count if status in counts else 0)
    waiting = [counts[s].oldest_seconds for s in ("pending", "waiting") if s in counts]
    OLDEST_UNPROCESSED.set(max(waiting, default=0.0))


async def partner_payout_probe(runtime: ServiceRuntime[PaymentsSettings]) -> None:
    async with runtime.engine.connect() as conn:
        FAILED_PARTNER_PAYOUTS.set(await failed_partner_payouts(conn))
