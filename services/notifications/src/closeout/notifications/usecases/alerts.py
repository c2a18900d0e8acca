"""Rate-limited alerts (dead letters, failed Stripe webhooks).

Every alert goes to the operators (`NOTIFICATIONS_OPS_EMAIL`) with its full detail (errors,
topics, offsets); with no ops address it is logged as an error instead. When the alert concerns
a known business whose admin has an address, that admin also gets a short notice without any of
those details (no SQL, exception text, hosts, topics or offsets).

Per kind, at most one mail per recipient per time window. Later occurrences in the window are
counted, and the next alert's mail says how many were held back, so an event storm yields one
mail per recipient, not one per event.

Runs in the caller's transaction, which also claims the cause in the inbox: each occurrence is
counted once however often it is redelivered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.outgoing import message_id_for
from closeout.notifications.domain.planning import admin_address
from closeout.notifications.domain.rendering import RenderedMessage
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NewNotification
from closeout.shared.ids import new_id
from closeout.shared.observability.tracing import current_traceparent

log = logging.getLogger(__name__)

# Operators' alerts are recorded under this business id.
OPS_BUSINESS = "ops"

Render = Callable[[int], RenderedMessage]  # given how many earlier ones were held back


@dataclass(frozen=True)
class Alert:
    kind: str  # one rate limit per kind, e.g. "dead-letters", "webhook-failures"
    template: str  # the operators' alert; the business's notice is `notice_template`
    business_id: str | None  # whose event it was, when known
    cause_event_id: str
    cause_event_type: str
    render: Render  # the full detail, for operators only
    render_notice: Render | None = None  # short and sanitized, for the business's admin
    notice_template: str | None = None
    invoice_id: str | None = None
    correlation_id: str | None = None


async def business_admin(session: AsyncSession, business_id: str | None) -> str | None:
    """The admin address of the business the alert concerns, if we know one."""
    if business_id is None:
        return None
    profile = await repo.latest_business_profile(session, business_id)
    return None if profile is None else admin_address(profile)


async def record_alert(
    session: AsyncSession,
    settings: NotificationsSettings,
    alert: Alert,
    *,
    now: float | None = None,
) -> bool:
    """Record the operators' alert and the business's notice, each only if it is the first of
    its kind to its recipient in this window (otherwise only counted). True when a mail was
    recorded."""
    bucket = int((time.time() if now is None else now) // settings.alert_window_seconds)
    recorded = False
    if settings.ops_email:
        recorded |= await _record_mail(
            session, alert, settings.ops_email, OPS_BUSINESS, alert.template, alert.render, bucket
        )
    else:
        detail = alert.render(0)
        log.error(
            "%s alert and no NOTIFICATIONS_OPS_EMAIL to send it to (%s): %s\n%s",
            alert.kind, alert.cause_event_id, detail.subject, detail.text,
        )  # fmt: skip
    admin = await business_admin(session, alert.business_id)
    if admin and alert.business_id and alert.render_notice and alert.notice_template:
        recorded |= await _record_mail(
            session, alert, admin, alert.business_id, alert.notice_template, alert.render_notice,
            bucket,
        )  # fmt: skip
    return recorded


async def _record_mail(
    session: AsyncSession,
    alert: Alert,
    recipient: str,
    owner: str,
    template: str,
    render: Render,
    bucket: int,
) -> bool:
    where = {"kind": alert.kind, "business_id": owner, "recipient": recipient}
    if await repo.count_alert(session, bucket=bucket, **where) > 1:
        log.info("%s alert to %s held back: one was sent this window", alert.kind, recipient)
        return False
    held_back = await repo.take_held_back(session, before_bucket=bucket, **where)
    rendered = render(held_back)
    notification_id = new_id()
    suppressed = await repo.is_suppressed(session, owner, recipient)
    return await repo.insert_notification(
        session,
        NewNotification(
            id=notification_id,
            dedupe_key=f"{alert.kind}|{owner}|{recipient.lower()}|{bucket}",
            business_id=owner,
            invoice_id=alert.invoice_id,
            template=template,
            channel="email",
            recipient=recipient,
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
            reply_to=None,
            sender_name="Closeout",
            cause_event_id=alert.cause_event_id,
            cause_event_type=alert.cause_event_type,
            correlation_id=alert.correlation_id,
            status="suppressed" if suppressed else "pending",
            last_error=None,
            message_id=message_id_for(notification_id),
            traceparent=current_traceparent(),
            attachment=None,
        ),
    )


def window_minutes(settings: NotificationsSettings) -> int:
    return max(settings.alert_window_seconds // 60, 1)
