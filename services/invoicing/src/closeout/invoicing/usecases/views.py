"""The customer opening their invoice page."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Invoice, Link
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.events import publish
from closeout.invoicing.usecases.invoices import load_for_update
from closeout.shared.ids import utcnow

# Every view is counted; the timeline row and `invoice.viewed` at most once per this period.
VIEW_EVENT_PERIOD = timedelta(hours=24)


async def record_view(session: AsyncSession, link: Link) -> Invoice:
    await repo.count_link_view(session, link.link_id)
    invoice = await load_for_update(session, link.invoice_id)
    now = utcnow()
    announce = invoice.viewed_event_at is None or now - invoice.viewed_event_at >= VIEW_EVENT_PERIOD
    values: dict[str, object] = {"view_count": invoice.view_count + 1}
    if announce:
        values["viewed_event_at"] = now
    invoice = await repo.update_invoice(session, invoice.invoice_id, **values)
    if announce:
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "viewed",
            f"customer opened the invoice (view {invoice.view_count})",
            actor="customer",
            data={"link_id": link.link_id},
        )
        business = await businesses.load(session, invoice.business_id)
        invoice = await publish(
            session, "invoice.viewed", invoice, business, view_count=invoice.view_count
        )
    return invoice
