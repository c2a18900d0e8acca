"""Payments' background loops: the webhook worker, the checkout expirer and the reconciler.

Thin: each pass is a use case; a loop only paces the passes and outlives their failures.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.settings import PaymentsSettings
from closeout.payments.usecases.expiry import BATCH as EXPIRY_BATCH
from closeout.payments.usecases.expiry import expire_once
from closeout.payments.usecases.partner_payouts import pay_next, reverse_next
from closeout.payments.usecases.reconcile import reconcile_once
from closeout.payments.usecases.webhooks import process_due
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime

log = logging.getLogger(__name__)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


# Events stored together are processed together: one commit for up to this many.
WEBHOOK_EVENTS_PER_TRANSACTION = 50


async def _process_due_events(runtime: ServiceRuntime[PaymentsSettings]) -> bool:
    """One transaction of due events; False when nothing was due."""
    async with runtime.sessionmaker() as session, session.begin():
        limit = WEBHOOK_EVENTS_PER_TRANSACTION
        return await process_due(session, runtime.settings, limit=limit) > 0


def webhook_worker(wakeup: asyncio.Event) -> BackgroundTask:
    """Processes stored Stripe events; woken at once when the endpoint stores a new one."""

    async def run(runtime: ServiceRuntime[PaymentsSettings], stop: asyncio.Event) -> None:
        while not stop.is_set():
            wakeup.clear()
            try:
                while not stop.is_set() and await _process_due_events(runtime):
                    pass
            except Exception:
                log.exception("webhook worker pass failed")
            waiters = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wakeup.wait())]
            await asyncio.wait(
                waiters,
                timeout=runtime.settings.webhook_poll_seconds,
                return_when="FIRST_COMPLETED",
            )
            for waiter in waiters:
                waiter.cancel()

    return run


def checkout_expirer(gateway: StripeGateway) -> BackgroundTask:
    """Expires at Stripe the open sessions of paid, voided or changed invoices."""

    async def run(runtime: ServiceRuntime[PaymentsSettings], stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                while (
                    not stop.is_set()
                    and await expire_once(runtime.sessionmaker, gateway) == EXPIRY_BATCH
                ):
                    pass
            except Exception:
                log.exception("checkout expiry pass failed")
            await _pause(stop, runtime.settings.checkout_expiry_poll_seconds)

    return run


def reconciler(gateway: StripeGateway) -> BackgroundTask:
    """Asks Stripe about sessions whose webhook has not settled them."""

    async def run(runtime: ServiceRuntime[PaymentsSettings], stop: asyncio.Event) -> None:
        settings = runtime.settings
        while not stop.is_set():
            try:
                report = await reconcile_once(runtime.sessionmaker, gateway, settings)
                if report.checked:
                    log.info("reconciled %d sessions: %s", report.checked, report.outcomes)
            except Exception:
                log.exception("reconciliation pass failed")
            await _pause(stop, settings.reconcile_interval_seconds)

    return run


def partner_payer(gateway: StripeGateway) -> BackgroundTask:
    """Makes due partner payouts and reversals at Stripe (each with its own idempotency key)."""

    async def run(runtime: ServiceRuntime[PaymentsSettings], stop: asyncio.Event) -> None:
        settings = runtime.settings
        while not stop.is_set():
            try:
                while not stop.is_set() and (
                    await pay_next(runtime.sessionmaker, gateway, settings)
                    or await reverse_next(runtime.sessionmaker, gateway, settings)
                ):
                    pass
            except Exception:
                log.exception("partner payout pass failed")
            await _pause(stop, settings.partner_payout_poll_seconds)

    return run


def background_tasks(
    settings: PaymentsSettings, gateway: StripeGateway, wakeup: asyncio.Event
) -> list[BackgroundTask]:
    tasks = [webhook_worker(wakeup), checkout_expirer(gateway), partner_payer(gateway)]
    if settings.reconcile_enabled:
        tasks.append(reconciler(gateway))
    return tasks
