"""Derive an invoice's status and amounts from its facts, with a timeline row on change, and
when the scheduler next has work for it (`next_action_at`)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.status import Facts, amount_due, derive_status, is_overpaid
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice
from closeout.invoicing.usecases import business as businesses
from closeout.invoicing.usecases.schedule import next_action_at


async def recompute(
    session: AsyncSession, invoice: Invoice, *, actor: str, business: Business | None = None
) -> Invoice:
    ledger = await repo.ledger_facts(session, invoice.invoice_id)
    paid, refunded = ledger.paid, ledger.refunded
    facts = Facts(
        issued=invoice.issued_at is not None,
        voided=invoice.voided_at is not None,
        uncollectible=invoice.uncollectible_at is not None,
        past_due=invoice.overdue_at is not None,
        total=invoice.total,
        paid=paid,
        refunded=refunded,
        open_dispute=ledger.open_dispute,
    )
    status = derive_status(facts)
    overpaid = is_overpaid(facts)
    business = business or await businesses.load(session, invoice.business_id)
    updated = await repo.update_invoice(
        session,
        invoice.invoice_id,
        status=status,
        amount_paid=paid,
        amount_refunded=refunded,
        amount_due=amount_due(status, facts),
        overpaid=overpaid,
        paid_at=ledger.last_paid_at if facts.issued and paid >= invoice.total else None,
        next_action_at=next_action_at(replace(invoice, status=status), business),
    )
    if status != invoice.status:
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "status_changed",
            f"{invoice.status} -> {status}",
            actor=actor,
            data={"from": invoice.status, "to": status},
        )
    if overpaid and not invoice.overpaid:
        await repo.add_timeline(
            session,
            invoice.invoice_id,
            "overpaid",
            f"confirmed payments exceed the total by {facts.net_paid - facts.total}",
            actor=actor,
        )
    return updated
