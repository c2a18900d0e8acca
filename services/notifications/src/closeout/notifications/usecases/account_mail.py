"""Invitations and password resets the dashboard asks for: one mail each, to the person.

The link in the event is a capability-link reference; it is stored as it came and made live
only at sending (`domain.live_links`), so no database here holds a usable link."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.outgoing import SUPPRESSED, message_id_for
from closeout.notifications.domain.rendering import render_account_email
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NewNotification
from closeout.shared.contracts.accounts import AccountEmail
from closeout.shared.events import Envelope
from closeout.shared.ids import new_id
from closeout.shared.observability.tracing import current_traceparent

log = logging.getLogger(__name__)
ACCOUNT_EVENTS = {
    "account.invited": "invitation",
    "account.password_reset_requested": "password_reset",
}


async def handle_account_email(session: AsyncSession, event: Envelope[AccountEmail]) -> None:
    template = ACCOUNT_EVENTS[event.type]
    data = event.data
    rendered = render_account_email(template, data)
    suppressed = await repo.is_suppressed(session, event.business_id, data.recipient)
    notification_id = new_id()
    recorded = await repo.insert_notification(
        session,
        NewNotification(
            id=notification_id,
            dedupe_key=f"account|{data.link_id}|{template}|email|{data.recipient.lower()}",
            business_id=event.business_id,
            invoice_id=None,
            template=template,
            channel="email",
            recipient=data.recipient,
            subject=rendered.subject,
            body_text=rendered.text,
            body_html=rendered.html,
            reply_to=None,
            sender_name="Closeout",
            cause_event_id=event.id,
            cause_event_type=event.type,
            correlation_id=event.correlation_id,
            status="suppressed" if suppressed else "pending",
            last_error=SUPPRESSED if suppressed else None,
            message_id=message_id_for(notification_id),
            traceparent=current_traceparent(),
            attachment=None,
        ),
    )
    if not recorded:
        log.info("%s for link %s already recorded", template, data.link_id)
