"""The owner's emails: a dispute, always; a payment as the business chose (each one, or never;
the daily digest is in test_payment_digest)."""

from __future__ import annotations

from typing import Any

import pytest

from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.events import Envelope, new_event
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import applied, business, payment_event, snapshot
from support.notifications import MakeSettings, Publish, build_app, handled, mail_settled
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


def _events(business_id: str, owner: str, customer: str, notice: str) -> list[Envelope[Any]]:
    invoice_id = unique("inv")
    profile = business(business_id, owner).model_copy(update={"payment_notice": notice})

    def event(event_type: str, paid: int, version: int, **extra: Any) -> Envelope[Any]:
        data = InvoiceEvent(
            invoice=snapshot(invoice_id, customer, paid=paid, version=version),
            business=profile,
            **extra,
        )
        return new_event(
            event_type, data, source="test", business_id=business_id, subject=invoice_id
        )

    return [
        event("invoice.issued", 0, 1),
        event("invoice.payment_recorded", 40000, 2, payment=applied("p1", 40000, "bank_transfer")),
        event("invoice.payment_recorded", 123400, 3, payment=applied("p2", 83400)),
        event("invoice.paid", 123400, 4, payment=applied("p2", 83400)),
        payment_event(
            "payment.disputed",
            business_id,
            invoice_id,
            "p2",
            83400,
            dispute_id="dp_123",
            dispute_status="needs_response",
        ),
    ]


async def _run(
    infra: Infra, make_settings: MakeSettings, publish: Publish, events: list[Envelope[Any]]
) -> None:
    settings = make_settings()
    app = build_app(settings)
    async with running(app):
        await publish(settings, events[0])
        await handled(app, 1)
        for event in events[1:]:
            await publish(settings, event)
        await handled(app, len(events))
        await mail_settled(settings.database_url)


async def test_the_owner_hears_of_each_payment_once_and_of_a_dispute(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    business_id = unique("biz")
    owner, customer = f"{unique('owner')}@example.com", f"{unique('c')}@example.com"
    await _run(infra, make_settings, publish, _events(business_id, owner, customer, "each"))

    mails = await wait_for_messages(infra.mailpit_api_url, owner, count=3)
    subjects = sorted(m["Subject"] for m in mails)
    assert subjects == [
        "$400.00 received for invoice INV-2026-000123 (Jordan Lee)",
        "$834.00 received for invoice INV-2026-000123 (Jordan Lee)",  # paid + recorded: once
        "A payment on invoice INV-2026-000123 is disputed — $834.00",
    ]
    dispute = next(m for m in mails if "disputed" in m["Subject"])
    for part in (dispute["Text"], dispute["HTML"]):
        assert "dp_123 (needs response)" in part
        assert "Stripe" in part
    transfer = next(m for m in mails if m["Subject"].startswith("$400.00"))
    assert "Bank transfer" in transfer["Text"]
    assert "ref-p1" in transfer["Text"]
    # The customer's receipts are unchanged by it.
    assert len(await messages_to(infra.mailpit_api_url, customer)) == 3


async def test_an_owner_who_wants_no_payment_mail_still_hears_of_a_dispute(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    business_id = unique("biz")
    owner, customer = f"{unique('owner')}@example.com", f"{unique('c')}@example.com"
    for notice in ("never", "daily"):
        await _run(infra, make_settings, publish, _events(business_id, owner, customer, notice))
    # Everything handled and sent: the two disputes are all the owner got.
    mails = await messages_to(infra.mailpit_api_url, owner)
    assert [m["Subject"] for m in mails] == [
        "A payment on invoice INV-2026-000123 is disputed — $834.00"
    ] * 2
