"""One job from completion to receipt, through public interfaces only, on real infrastructure:
Kafka ingress -> invoice email -> customer page -> Stripe Checkout -> signed webhook ->
paid invoice, receipt, job billing status."""

from __future__ import annotations

from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from support import stripe_events

TOTAL = 138_490  # 3 x 120.00 + 899.00 = 1,259.00 net, 10 % tax = 125.90
TOTAL_TEXT = "$1,384.90"


async def test_a_completed_job_is_invoiced_paid_by_card_and_receipted(stack: Stack) -> None:
    timer = flows.StepTimer("card")
    email = unique_email("dana")
    event = job_completed_event(email)
    external_id = event["data"]["external_id"]

    await flows.publish_job(stack, event)
    timer.step("1 job.completed published to jobs.inbound")

    invoice_mail = (await flows.mails(stack, email, 1))[0]
    assert TOTAL_TEXT in invoice_mail["Subject"]
    assert TOTAL_TEXT in invoice_mail["Text"]
    assert TOTAL_TEXT in invoice_mail["HTML"]
    link = flows.link_in(invoice_mail)
    timer.step("2 invoice email in Mailpit")

    page = await flows.open_page(link)
    assert page.status_code == 200
    assert TOTAL_TEXT in page.text
    assert "Replace water heater" in page.text
    invoice = await flows.invoice_for_job(stack, external_id)
    assert invoice["total"] == TOTAL
    assert invoice["status"] == "open"
    assert invoice["number"].startswith("INV-")
    await flows.wait_for_invoice(
        stack, invoice["invoice_id"], lambda i: any(t["kind"] == "viewed" for t in i["timeline"])
    )
    timer.step("3 page opened, viewed on the timeline")

    checkout_url = await flows.start_card_checkout(stack, link)
    attempt_id = await flows.checkout_attempt(stack, invoice["invoice_id"])
    timer.step(f"4 card chosen, Checkout session created ({checkout_url[:40]}...)")

    session = stripe_events.checkout_session(
        invoice_id=invoice["invoice_id"], business_id="demo", amount=TOTAL,
        attempt_id=attempt_id, payment_intent="pi_e2e_card", email=email,
    )  # fmt: skip
    await flows.deliver_webhook(stack, "checkout.session.completed", session)
    timer.step("5 signed checkout.session.completed delivered")

    paid = await flows.wait_for_invoice(
        stack, invoice["invoice_id"], lambda i: i["status"] == "paid"
    )
    assert paid["amount_due"] == 0
    assert paid["amount_paid"] == TOTAL
    receipts = [m for m in await flows.mails(stack, email, 2) if m["ID"] != invoice_mail["ID"]]
    assert len(receipts) == 1
    assert TOTAL_TEXT in receipts[0]["Text"]
    job = await flows.wait_for_job(stack, external_id, lambda j: j["billing"]["status"] == "paid")
    assert job["billing"]["last_payment"]["method"] == "card"
    assert job["billing"]["last_payment"]["reference"]
    assert job["billing"]["paid_at"] is not None
    page = await flows.open_page(link)
    assert "paid" in page.text.lower()
    assert "/pay/card" not in page.text
    timer.step("6 paid: invoice, receipt, job billing status, page")

    assert timer.total() < 60, f"the scenario took {timer.total():.1f}s"
