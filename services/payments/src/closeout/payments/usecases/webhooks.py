"""Stripe webhook events: stored once on receipt, processed by a background worker."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from opentelemetry.trace import SpanKind
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import WebhookEventRecord, WebhookEventSummary
from closeout.payments.usecases.card_payments import NotOurs, NotYetKnown, Rejected
from closeout.payments.usecases.stripe_events import apply_stripe_event
from closeout.payments.usecases.webhook_failures import report_failed_event
from closeout.shared.errors import NotFoundError
from closeout.shared.observability.tracing import continued_span, current_traceparent

log = logging.getLogger(__name__)


def webhook_row(event: dict[str, Any]) -> repo.WebhookEventRow:
    """What is stored of a verified Stripe event, with the trace its processing continues."""
    account = event.get("account")
    return repo.WebhookEventRow(
        event_id=str(event["id"]),
        event_type=str(event["type"]),
        account=account if isinstance(account, str) else None,
        payload=event,
        traceparent=current_traceparent(),
    )


async def store_event(session: AsyncSession, event: dict[str, Any]) -> bool:
    """True when the event is new; a redelivery of the same Stripe event id is a no-op."""
    return bool(await repo.store_webhook_events(session, [webhook_row(event)]))


def retry_delay(settings: PaymentsSettings, attempts_so_far: int) -> timedelta | None:
    """Backoff before the next try, or None once the event has used all its attempts."""
    if attempts_so_far + 1 >= settings.webhook_max_attempts:
        return None
    seconds = min(settings.webhook_retry_base_seconds * 2**attempts_so_far, 3600)
    return timedelta(seconds=seconds)


async def _retry(
    session: AsyncSession,
    settings: PaymentsSettings,
    row: WebhookEventRecord,
    exc: Exception,
    *,
    waiting_for: str | None,
) -> None:
    """Try again after a backoff, or give up (and report) once the attempts are used. An event
    waiting for a payment's confirmation is requeued by that confirmation, re-checked slowly."""
    event_id = row.event_id
    delay = retry_delay(settings, row.attempts)
    if waiting_for is not None and await repo.has_confirmed_payment(session, waiting_for):
        # Confirmed since this try looked (by another worker): no need to wait for it.
        delay, waiting_for = timedelta(0), None
    elif delay is not None and waiting_for is not None:
        delay = timedelta(seconds=settings.webhook_wait_recheck_seconds)
    attempts = row.attempts + 1
    log.warning("stripe event %s failed (attempt %d): %r", event_id, attempts, exc)
    error = f"{type(exc).__name__}: {exc}"
    await repo.fail_webhook_event(
        session, event_id, error=error, retry_in=delay, waiting_for=waiting_for
    )
    if delay is None:
        await report_failed_event(session, row, error=error, attempts=attempts)


async def process_next(session: AsyncSession, settings: PaymentsSettings) -> bool:
    """Process one due event in the caller's transaction (which holds its row lock until the
    outcome is recorded); False when nothing is due."""
    return await process_due(session, settings, limit=1) == 1


async def process_due(session: AsyncSession, settings: PaymentsSettings, *, limit: int) -> int:
    """Process up to `limit` due events in the caller's transaction, each in a savepoint of its
    own (so one failing undoes only its own effects); how many. An event is taken at most once
    per call: one retried at once waits for the next transaction."""
    taken: list[str] = []
    while len(taken) < limit:
        row = await repo.claim_due_webhook_event(session, skip=taken)
        if row is None:
            break
        taken.append(row.event_id)
        carrier = {"traceparent": row.traceparent} if row.traceparent else {}
        attributes: dict[str, str | int] = {
            "closeout.stripe_event.type": row.event_type,
            "closeout.attempt": row.attempts,
        }
        with continued_span(
            "stripe event process", carrier, kind=SpanKind.CONSUMER, attributes=attributes
        ):
            await _process(session, settings, row)
    return len(taken)


async def _process(
    session: AsyncSession, settings: PaymentsSettings, row: WebhookEventRecord
) -> None:
    event_id = row.event_id
    try:
        # A savepoint: a failure undoes the effects but keeps the claim and the bookkeeping.
        async with session.begin_nested():
            outcome = await apply_stripe_event(session, row.payload)
    except NotOurs as exc:
        await repo.finish_webhook_event(
            session, event_id, status="ignored", outcome=f"not ours: {exc}"
        )
    except Rejected as exc:
        log.warning("stripe event %s rejected: %s", event_id, exc)
        await repo.finish_webhook_event(
            session, event_id, status="rejected", outcome=f"rejected: {exc}"
        )
    except NotYetKnown as exc:
        await _retry(session, settings, row, exc, waiting_for=exc.waiting_for)
    except Exception as exc:
        await _retry(session, settings, row, exc, waiting_for=None)
    else:
        status = "ignored" if outcome is None else "done"
        await repo.finish_webhook_event(
            session, event_id, status=status, outcome=outcome or "unhandled event type"
        )


async def list_events(
    session: AsyncSession, *, status: str | None, limit: int
) -> list[WebhookEventSummary]:
    return await repo.list_webhook_events(session, status=status, limit=limit)


async def replay_event(session: AsyncSession, event_id: str) -> None:
    """Queue a stored event for processing again (safe: every effect is deduplicated)."""
    if not await repo.requeue_webhook_event(session, event_id):
        raise NotFoundError("no such event")
