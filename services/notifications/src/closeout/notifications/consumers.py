"""Kafka handlers: every `invoice.*` event refreshes what we know of the invoice and may call
for messages; `payment.failed`, `payment.refunded` and `payment.refund_failed` call for messages
too, and `payment.webhook_failed` for a rate-limited admin alert; the dashboard's `account.*`
events (invitation, password reset) each call for one mail to the person.

`payment.processing`, `payment.confirmed` and claims never produce a receipt: receipts follow
`invoice.payment_recorded` / `invoice.paid`, which invoicing publishes only for confirmed money.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.usecases import messages
from closeout.notifications.usecases.account_mail import ACCOUNT_EVENTS, handle_account_email
from closeout.notifications.usecases.webhook_alerts import handle_webhook_failed
from closeout.shared.contracts.accounts import AccountEmail
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.payments import PaymentEvent, WebhookFailed
from closeout.shared.events import Envelope
from closeout.shared.events.catalogue import CATALOGUE
from closeout.shared.kafka import EventConsumer

INVOICE_EVENTS = sorted(t for t in CATALOGUE if t.startswith("invoice."))
PAYMENT_EVENTS = [
    "payment.failed",
    "payment.refunded",
    "payment.refund_failed",
    "payment.disputed",
]


def build_consumer(settings: NotificationsSettings) -> EventConsumer:
    consumer = EventConsumer(
        "notifications",
        max_attempts=settings.consumer_max_attempts,
        retry_base_seconds=settings.consumer_retry_base_seconds,
    )
    sms = settings.sms_enabled

    async def on_invoice(event: Envelope[InvoiceEvent], session: AsyncSession) -> None:
        await messages.handle_invoice_event(session, event, sms_enabled=sms)

    async def on_payment(event: Envelope[PaymentEvent], session: AsyncSession) -> None:
        await messages.handle_payment_event(session, event, sms_enabled=sms)

    for event_type in INVOICE_EVENTS:
        consumer.on(event_type)(on_invoice)

    async def on_webhook_failed(event: Envelope[WebhookFailed], session: AsyncSession) -> None:
        await handle_webhook_failed(session, event, settings)

    for event_type in PAYMENT_EVENTS:
        consumer.on(event_type)(on_payment)
    consumer.on("payment.webhook_failed")(on_webhook_failed)

    async def on_account_email(event: Envelope[AccountEmail], session: AsyncSession) -> None:
        await handle_account_email(session, event)

    for event_type in ACCOUNT_EVENTS:
        consumer.on(event_type)(on_account_email)
    return consumer
