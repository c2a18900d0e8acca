"""Rate-limited admin alerts (dead letters, failed Stripe webhooks): per kind, at most one mail
per recipient per time window. Later occurrences in the window are counted, and the next alert's
mail says how many were held back, so an event storm yields one mail, not one per event.

Runs in the caller's transaction, which also claims the cause in the inbox: each occurrence is
counted once however often it is redelivered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.channels import message_id_for
from closeout.notifications.domain.planning import admin_address
from closeout.notifications.rendering import RenderedMessage
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.storage import repository as repo
from closeout.shared.contracts.invoices import BusinessProfile
from closeout.shared.ids import new_id

log = logging.getLogger(__name__)

# Alerts about no known business are recorded under this business id, sent to the ops address.
OPS_BUSINESS = "ops"


@dataclass(frozen=True)
class Alert:
    kind: str  # one rate limit per kind, e.g. "dead-letters", "webhook-failures"
    template: str
    business_id: str | None  # whose event it was, when known
    cause_event_id: str
    cause_event_type: str
    render: Callable[[int], RenderedMessage]  # given how many earlier ones were held back
    invoice_id: str | None = None
    correlation_id: str | None = None


async def alert_recipient(
    session: AsyncSession, settings: NotificationsSettings, business_id: str | None
) -> tuple[str | None, str]:
    """The business's admin if we know the business, else the operators' address."""
    if business_id is not None:
        profile = await repo.latest_business_profile(session, business_id)
        if profile is not None:
            address = admin_address(BusinessProfile.model_validate(profile))
            if address:
                return address, business_id
    return settings.ops_email, OPS_BUSINESS


async def record_alert(
    session: AsyncSession,
    settings: NotificationsSettings,
    alert: Alert,
    *,
    now: float | None = None,
) -> bool:
    """Record the alert's mail if it is the first of its kind to its recipient in this window;
    otherwise only count it. True when a mail was recorded."""
    recipient, owner = await alert_recipient(session, settings, alert.business_id)
    if recipient is None:
        log.warning("%s alert with nobody to send it to (%s)", alert.kind, alert.cause_event_id)
        return False
    bucket = int((time.time() if now is None else now) // settings.alert_window_seconds)
    where = {"kind": alert.kind, "business_id": owner, "recipient": recipient}
    if await repo.count_alert(session, bucket=bucket, **where) > 1:
        log.info("%s alert to %s held back: one was sent this window", alert.kind, recipient)
        return False
    held_back = await repo.take_held_back(session, before_bucket=bucket, **where)
    rendered = alert.render(held_back)
    notification_id = new_id()
    suppressed = await repo.is_suppressed(session, owner, recipient)
    return await repo.insert_notification(
        session,
        {
            "id": notification_id,
            "dedupe_key": f"{alert.kind}|{owner}|{recipient.lower()}|{bucket}",
            "business_id": owner,
            "invoice_id": alert.invoice_id,
            "template": alert.template,
            "channel": "email",
            "recipient": recipient,
            "subject": rendered.subject,
            "body_text": rendered.text,
            "body_html": rendered.html,
            "sender_name": "Closeout",
            "cause_event_id": alert.cause_event_id,
            "cause_event_type": alert.cause_event_type,
            "correlation_id": alert.correlation_id,
            "status": "suppressed" if suppressed else "pending",
            "message_id": message_id_for(notification_id),
        },
    )


def window_minutes(settings: NotificationsSettings) -> int:
    return max(settings.alert_window_seconds // 60, 1)
