"""Variants of the job-to-cash scenario, each through public interfaces only."""

from __future__ import annotations

import asyncio
import random
import uuid

import httpx

from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from support import stripe_events
from support.waiting import eventually

TOTAL = 138_490


async def issued_invoice(stack: Stack, label: str) -> tuple[str, str, dict[str, object], str]:
    """A job completed for the auto-sending demo business: (email, external id, invoice, link)."""
    email = unique_email(label)
    event = job_completed_event(email)
    await flows.publish_job(stack, event)
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    return email, event["data"]["external_id"], invoice, link


async def test_draft_mode_waits_for_an_admin_to_issue(stack: Stack) -> None:
    business = f"draft-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        settings = await admin.patch("/v1/business", json={"name": "Draft Co", "auto_send": False})
        assert settings.status_code == 200, settings.text
        email = unique_email("draft")
        event = job_completed_event(email, business_id=business)
        await flows.publish_job(stack, event)

        async def drafts() -> list[dict[str, object]]:
            found = await admin.get("/v1/invoices", params={"status": "draft"})
            items: list[dict[str, object]] = found.json()["items"]
            return items

        [draft] = await eventually(drafts, lambda items: len(items) == 1)
        assert draft["number"] is None
        await flows.settled(stack)
        assert await flows.recorded(stack, email) == []
        assert await flows.mails(stack, email, 0) == []

        issued = await admin.post(f"/v1/invoices/{draft['invoice_id']}/issue")
        assert issued.status_code == 200, issued.text
        assert issued.json()["invoice"]["number"].startswith("INV-")
    mail = (await flows.mails(stack, email, 1))[0]
    assert "$1,384.90" in mail["Text"]


async def test_bank_transfer_claim_pays_nothing_until_an_admin_confirms(stack: Stack) -> None:
    email, external_id, invoice, link = await issued_invoice(stack, "claim")
    async with httpx.AsyncClient(timeout=10) as browser:
        claimed = await browser.post(
            f"{link}/claim", data={"method": "bank_transfer", "reference": "DL-0042"}
        )
    assert claimed.status_code == 303
    detail = await flows.wait_for_invoice(
        stack, str(invoice["invoice_id"]), lambda i: len(i["claims"]) == 1
    )
    assert detail["status"] == "open"
    assert detail["amount_paid"] == 0
    await flows.no_receipt_yet(stack, email)

    await flows.confirm_manual(
        stack, str(invoice["invoice_id"]), TOTAL, "bank_transfer", "DL-0042",
        claim_id=detail["claims"][0]["claim_id"],
    )  # fmt: skip
    paid = await flows.invoice_paid(stack, str(invoice["invoice_id"]))
    assert paid["claims"][0]["status"] != "pending"
    assert len(await flows.receipts(stack, email)) == 1
    job = await flows.wait_for_job(stack, external_id, lambda j: j["billing"]["status"] == "paid")
    assert job["billing"]["last_payment"]["method"] == "bank_transfer"


async def test_card_failure_then_success_on_a_second_attempt(stack: Stack) -> None:
    email, _, invoice, link = await issued_invoice(stack, "failure")
    invoice_id = str(invoice["invoice_id"])
    await flows.start_card_checkout(stack, link)
    attempt_id = await flows.checkout_attempt(stack, invoice_id)
    failed_intent = {
        "id": "pi_e2e_failed", "object": "payment_intent", "amount": TOTAL, "currency": "aud",
        "status": "requires_payment_method", "payment_method_types": ["card"],
        "metadata": {"invoice_id": invoice_id, "business_id": "demo", "attempt_id": attempt_id},
        "last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds",
                               "message": "Your card has insufficient funds."},
    }  # fmt: skip
    await flows.deliver_webhook(stack, "payment_intent.payment_failed", failed_intent)

    told = await flows.mails(stack, email, 2)
    assert any("did not go through" in m["Subject"] for m in told)
    detail = await flows.wait_for_invoice(
        stack, invoice_id, lambda i: any("fail" in t["kind"] for t in i["timeline"])
    )
    assert detail["status"] == "open"
    admin_mail = await eventually(
        lambda: flows.wait_for_messages_about(stack, "admin@demo.example", detail["number"]), bool
    )
    assert any("Payment failed" in m["Subject"] for m in admin_mail)

    await flows.pay_by_card(stack, link, invoice_id, TOTAL, email, "pi_e2e_second")
    await flows.invoice_paid(stack, invoice_id)
    assert len(await flows.receipts(stack, email)) == 1


async def test_a_manual_part_payment_then_card_for_the_rest(stack: Stack) -> None:
    email, external_id, invoice, link = await issued_invoice(stack, "partial")
    invoice_id = str(invoice["invoice_id"])
    await flows.confirm_manual(stack, invoice_id, 40_000, "cash", "cash-on-site")
    part = await flows.wait_for_invoice(
        stack, invoice_id, lambda i: i["status"] == "partially_paid"
    )
    assert part["amount_due"] == TOTAL - 40_000
    await flows.wait_for_job(
        stack, external_id, lambda j: j["billing"]["status"] == "partially_paid"
    )

    await flows.pay_by_card(stack, link, invoice_id, TOTAL - 40_000, email, "pi_e2e_rest")
    paid = await flows.invoice_paid(stack, invoice_id)
    assert paid["amount_paid"] == TOTAL
    assert len(await flows.receipts(stack, email, 2)) == 2


async def test_async_payment_is_processing_until_it_succeeds(stack: Stack) -> None:
    email, _, invoice, link = await issued_invoice(stack, "async")
    invoice_id = str(invoice["invoice_id"])
    await flows.start_card_checkout(stack, link)
    attempt_id = await flows.checkout_attempt(stack, invoice_id)
    session = stripe_events.checkout_session(
        invoice_id=invoice_id, business_id="demo", amount=TOTAL, attempt_id=attempt_id,
        payment_intent="pi_e2e_async", payment_status="unpaid", email=email,
    )  # fmt: skip
    session["payment_method_types"] = ["au_becs_debit"]
    await flows.deliver_webhook(stack, "checkout.session.completed", session)
    processing = await flows.wait_for_invoice(
        stack, invoice_id, lambda i: any("processing" in t["kind"] for t in i["timeline"])
    )
    assert processing["status"] == "open"
    assert processing["amount_paid"] == 0
    await flows.no_receipt_yet(stack, email)

    succeeded = {**session, "payment_status": "paid"}
    await flows.deliver_webhook(stack, "checkout.session.async_payment_succeeded", succeeded)
    await flows.invoice_paid(stack, invoice_id)
    assert len(await flows.receipts(stack, email)) == 1


async def test_refund_after_payment_reaches_invoice_job_and_customer(stack: Stack) -> None:
    email, external_id, invoice, link = await issued_invoice(stack, "refund")
    invoice_id = str(invoice["invoice_id"])
    await flows.pay_by_card(stack, link, invoice_id, TOTAL, email, "pi_e2e_refund")
    await flows.invoice_paid(stack, invoice_id)
    async with stack.admin("payments") as admin:
        log = (await admin.get(f"/v1/invoices/{invoice_id}/payments")).json()
        payment_id = log["payments"][0]["payment_id"]
        started = await admin.post(f"/v1/payments/{payment_id}/refunds", json={})
    assert started.status_code == 202, started.text

    charge = {
        "id": "ch_e2e_refund", "object": "charge", "amount": TOTAL, "amount_refunded": TOTAL,
        "currency": "aud", "payment_intent": "pi_e2e_refund", "refunded": True,
        "metadata": {"invoice_id": invoice_id, "business_id": "demo"},
        "refunds": {"object": "list", "data": [
            {"id": "re_e2e_full", "object": "refund", "amount": TOTAL, "status": "succeeded",
             "created": 1795280000}]},
    }  # fmt: skip
    await flows.deliver_webhook(stack, "charge.refunded", charge)
    refunded = await flows.wait_for_invoice(stack, invoice_id, lambda i: i["status"] == "refunded")
    assert refunded["amount_refunded"] == TOTAL
    await flows.wait_for_job(stack, external_id, lambda j: j["billing"]["status"] == "refunded")
    mails = await flows.mails(stack, email, 3)
    assert any(m["Subject"].startswith("Refund") for m in mails)


async def test_duplicates_everywhere_give_one_invoice_and_one_receipt(stack: Stack) -> None:
    email = unique_email("dupes")
    event = job_completed_event(email)
    for _ in range(3):
        await flows.publish_job(stack, event)
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    invoice_id = invoice["invoice_id"]
    await flows.start_card_checkout(stack, link)
    attempt_id = await flows.checkout_attempt(stack, invoice_id)

    session = stripe_events.checkout_session(
        invoice_id=invoice_id, business_id="demo", amount=TOTAL, attempt_id=attempt_id,
        payment_intent="pi_e2e_dupes", email=email,
    )  # fmt: skip
    deliveries = [
        ("checkout.session.completed", session, "evt_dupes_completed"),
        ("checkout.session.async_payment_succeeded", session, "evt_dupes_async"),
    ] * 3
    random.Random(7).shuffle(deliveries)
    await asyncio.gather(
        *(flows.deliver_webhook(stack, kind, obj, event_id) for kind, obj, event_id in deliveries)
    )
    paid = await flows.invoice_paid(stack, invoice_id)
    assert paid["amount_paid"] == TOTAL
    await flows.settled(stack)
    await flows.all_sent(stack, email)
    assert await flows.recorded(stack, email, "receipt") == ["sent"]
    assert len(await flows.receipts(stack, email)) == 1
    invoices = await flows.mails(stack, email, 1)
    assert len([m for m in invoices if m["Subject"].startswith("Invoice")]) == 1


async def test_a_cancelled_job_is_never_billed(stack: Stack) -> None:
    """Draft business: the cancellation voids the draft. Auto-sending business: the invoice is
    already with the customer, so it is flagged for an admin instead of changed."""
    business = f"cancel-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        settings = await admin.patch("/v1/business", json={"name": "Cancel Co", "auto_send": False})
        assert settings.status_code == 200, settings.text
        email = unique_email("cancelled")
        completed = job_completed_event(email, business_id=business)
        await flows.publish_job(stack, completed)

        async def invoices() -> list[dict[str, object]]:
            found = await admin.get("/v1/invoices")
            items: list[dict[str, object]] = found.json()["items"]
            return items

        [draft] = await eventually(invoices, lambda items: len(items) == 1)
        assert draft["status"] == "draft"
        cancelled = completed | {"id": f"evt-{uuid.uuid4().hex[:8]}", "type": "job.cancelled"}
        await flows.publish_job(stack, cancelled)
        [voided] = await eventually(invoices, lambda items: items[0]["status"] == "void")
        assert voided["number"] is None

    external_id = completed["data"]["external_id"]
    await flows.wait_for_job(stack, external_id, lambda j: j["status"] == "cancelled", business)
    await flows.settled(stack)
    assert await flows.recorded(stack, email) == []
    assert await flows.mails(stack, email, 0) == []

    # The demo business sends at once: after the cancellation its invoice is flagged, unchanged.
    email, external_id, invoice, _ = await issued_invoice(stack, "cancel-after-issue")
    cancel = job_completed_event(email, external_id=external_id) | {"type": "job.cancelled"}
    await flows.publish_job(stack, cancel)
    flagged = await flows.wait_for_invoice(
        stack, str(invoice["invoice_id"]), lambda i: i["needs_review"]
    )
    assert flagged["status"] == "open"
    assert flagged["total"] == TOTAL
    assert flagged["pending_review"]["cause"] == "job_cancelled"
