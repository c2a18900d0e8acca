"""One trace follows a job across the services, as separate processes exporting over OTLP:
the job report, its invoice, the invoice email's send; then the card payment's webhook, the
paid invoice and the receipt's send. W3C context travels in HTTP headers and in the events."""

from __future__ import annotations

import secrets

import httpx

from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from support import stripe_events
from support.otlp_collector import CollectedSpan
from support.waiting import eventually

TOTAL = 138_490


def traceparent() -> tuple[str, str]:
    trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
    return trace_id, f"00-{trace_id}-{span_id}-01"


def services_of(spans: list[CollectedSpan]) -> set[str]:
    return {span.service.removeprefix("closeout-") for span in spans}


def assert_one_tree(spans: list[CollectedSpan], caller: str) -> None:
    """Every span's parent is in the trace, except the first, whose parent is the caller."""
    ids = {span.span_id for span in spans}
    orphans = [s for s in spans if s.parent_span_id not in ids and s.parent_span_id != caller]
    assert not orphans, f"spans outside the tree: {orphans}"


async def traced(stack: Stack, trace_id: str, services: set[str]) -> list[CollectedSpan]:
    assert stack.traces is not None

    async def spans() -> list[CollectedSpan]:
        assert stack.traces is not None
        return stack.traces.trace(trace_id)

    return await eventually(
        spans,
        lambda found: services <= services_of(found) and any(s.name == "email send" for s in found),
    )


async def test_a_job_and_its_payment_are_each_one_trace_across_the_services(stack: Stack) -> None:
    email = unique_email("traced")
    job = job_completed_event(email)["data"]
    job_trace, job_parent = traceparent()
    async with httpx.AsyncClient(base_url=stack.urls["jobs"], timeout=10) as platform:
        reported = await platform.post(
            "/v1/jobs/completed",
            json=job,
            headers={
                "Authorization": f"Bearer {stack.key('demo', 'integration')}",
                "traceparent": job_parent,
            },
        )
    assert reported.status_code == 201, reported.text
    invoice_mail = (await flows.mails(stack, email, 1))[0]

    spans = await traced(stack, job_trace, {"jobs", "invoicing", "notifications"})
    assert_one_tree(spans, job_parent.split("-")[2])
    names = {span.name for span in spans}
    assert "POST /v1/jobs/completed" in names
    assert {"job.completed process", "invoice.issued process"} <= names, names

    invoice = await flows.invoice_for_job(stack, job["external_id"])
    await flows.start_card_checkout(stack, flows.link_in(invoice_mail))
    attempt_id = await flows.checkout_attempt(stack, invoice["invoice_id"])
    session = stripe_events.checkout_session(
        invoice_id=invoice["invoice_id"], business_id="demo", amount=TOTAL,
        attempt_id=attempt_id, payment_intent=f"pi_{secrets.token_hex(6)}", email=email,
    )  # fmt: skip
    payload = stripe_events.event("checkout.session.completed", session)
    pay_trace, pay_parent = traceparent()
    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=10) as stripe:
        delivered = await stripe.post(
            "/webhooks/stripe",
            content=payload,
            headers={
                "Stripe-Signature": stripe_events.sign(payload, stack.webhook_secret),
                "Content-Type": "application/json",
                "traceparent": pay_parent,
            },
        )
    assert delivered.status_code == 200, delivered.text
    await flows.mails(stack, email, 2)

    spans = await traced(stack, pay_trace, {"payments", "invoicing", "notifications"})
    assert_one_tree(spans, pay_parent.split("-")[2])
    names = {span.name for span in spans}
    assert "POST /webhooks/stripe" in names
    assert {"payment.confirmed process", "invoice.paid process"} <= names, names
