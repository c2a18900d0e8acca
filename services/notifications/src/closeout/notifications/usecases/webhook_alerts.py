"""`payment.webhook_failed` → a rate-limited alert (see `alert_limits`): the error to the
operators, a notice without it to the admin of the business the Stripe event is about."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.rendering import (
    RenderedMessage,
    render_webhook_failure_alert,
    render_webhook_failure_notice,
)
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.notifications.usecases.alerts import Alert, record_alert, window_minutes
from closeout.shared.contracts.payments import WebhookFailed
from closeout.shared.events import Envelope


async def _invoice_number(session: AsyncSession, data: WebhookFailed) -> str | None:
    if data.invoice_id is None:
        return None
    known = await repo.get_invoice_context(session, data.invoice_id)
    if known is None or known.business_id != data.business_id:
        return None
    return known.invoice.number


async def handle_webhook_failed(
    session: AsyncSession, event: Envelope[WebhookFailed], settings: NotificationsSettings
) -> bool:
    """True when an alert mail was recorded (False: counted within this window's limit)."""
    data = event.data
    number = await _invoice_number(session, data)

    def render(held_back: int) -> RenderedMessage:
        return render_webhook_failure_alert(
            stripe_event_type=data.stripe_event_type,
            stripe_event_id=data.stripe_event_id,
            error=data.error,
            attempts=data.attempts,
            invoice_number=number,
            window_minutes=window_minutes(settings),
            held_back=held_back,
        )

    def render_notice(held_back: int) -> RenderedMessage:
        return render_webhook_failure_notice(
            stripe_event_type=data.stripe_event_type,
            stripe_event_id=data.stripe_event_id,
            invoice_number=number,
            window_minutes=window_minutes(settings),
            held_back=held_back,
        )

    alert = Alert(
        kind="webhook-failures",
        template="webhook_failed_admin",
        business_id=data.business_id,
        cause_event_id=event.id,
        cause_event_type=event.type,
        render=render,
        render_notice=render_notice,
        notice_template="webhook_failed_notice",
        invoice_id=data.invoice_id if number is not None else None,
        correlation_id=event.correlation_id,
    )
    return await record_alert(session, settings, alert)
