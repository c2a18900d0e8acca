"""Payments keeps a projection of invoices (from invoice.* events) to check admin requests;
an invoice paid, voided or with a new balance has its open Checkout sessions expired."""

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import ProjectedInvoice
from closeout.payments.usecases.expiry import request_expiry
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.events import Envelope
from closeout.shared.events.catalogue import CATALOGUE
from closeout.shared.kafka import EventConsumer


async def project_invoice(event: Envelope[InvoiceEvent], session: AsyncSession) -> None:
    invoice = event.data.invoice
    await repo.set_timeouts(session)
    await repo.upsert_invoice(
        session,
        ProjectedInvoice(
            invoice_id=invoice.invoice_id,
            business_id=event.business_id,
            version=invoice.version,
            number=invoice.number,
            status=invoice.status,
            currency=invoice.currency,
            total=invoice.total,
            amount_due=invoice.amount_due,
            customer_email=invoice.customer.email,
            stripe_account_id=event.data.business.stripe_account_id,
        ),
    )
    projected = await repo.get_invoice(session, invoice.invoice_id)
    if projected is not None and projected.version == invoice.version:
        await request_expiry(session, projected)


def build_consumer() -> EventConsumer:
    """One consumer per app (its counters and bindings belong to that app)."""
    consumer = EventConsumer("payments", ignore_unrouted=True)
    for event_type in sorted(t for t in CATALOGUE if t.startswith("invoice.")):
        consumer.on(event_type)(project_invoice)
    return consumer
