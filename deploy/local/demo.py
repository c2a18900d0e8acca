#!/usr/bin/env python3
"""See Closeout work in five minutes, against the stack `make run` / `make up` started.

    demo.py job [--email E] [--external-id X]   a field platform reports a finished job (Kafka);
                                                prints the invoice it became
    demo.py pay <invoice id | job external id>  the customer pays by card: a Checkout session is
                                                created and Stripe's signed
                                                `checkout.session.completed` is delivered, as
                                                `stripe trigger` would; waits until it is paid

Development only: it signs requests with the development secrets `make run` uses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer

from closeout.shared.auth import mint_service_token

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))  # the Stripe event builder the tests use
from support import stripe_events  # noqa: E402

DEFAULTS = {
    "CLOSEOUT_AUTH_SECRET": "local-dev-secret-change-me",
    "STRIPE_WEBHOOK_SECRET": "whsec_local_dev_secret",
    "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092",
    "MAILPIT_API_URL": "http://127.0.0.1:8025",
}
BUSINESS = "demo"


def setting(name: str) -> str:
    return os.environ.get(name) or DEFAULTS[name]


def url(service: str, default_port: int) -> str:
    return f"http://127.0.0.1:{os.environ.get(f'{service.upper()}_PORT', default_port)}"


def client(service: str, default_port: int) -> httpx.AsyncClient:
    token = mint_service_token(setting("CLOSEOUT_AUTH_SECRET"), issuer="demo")
    return httpx.AsyncClient(
        base_url=url(service, default_port),
        headers={"Authorization": f"Bearer {token}"},
        timeout=15,
    )


def job_completed(external_id: str, email: str) -> dict[str, Any]:
    now = datetime.now(UTC).isoformat()
    return {
        "specversion": "1.0",
        "id": f"evt-{uuid.uuid4().hex[:12]}",
        "source": "demo-dispatch",
        "type": "job.completed",
        "time": now,
        "business_id": BUSINESS,
        "data": {
            "external_id": external_id,
            "title": "Replace water heater",
            "customer": {"name": "Dana Lee", "email": email},
            "currency": "AUD",
            "line_items": [
                {"description": "Labour", "quantity": 3, "unit_amount": 12000, "tax_rate": "10"},
                {
                    "description": "Water heater",
                    "quantity": 1,
                    "unit_amount": 89900,
                    "tax_rate": "10",
                },
            ],
            "completed_at": now,
        },
    }


async def find_invoice(reference: str, *, wait: float) -> dict[str, Any]:
    """By invoice id, or by the external id of the job it bills (waiting for it to appear)."""
    async with client("invoicing", 8002) as invoicing:
        deadline = time.monotonic() + wait
        while True:
            found = await invoicing.get(
                "/v1/invoices", params={"business_id": BUSINESS, "job_external_id": reference}
            )
            found.raise_for_status()
            items: list[dict[str, Any]] = found.json()["items"]
            if items:
                return items[0]
            direct = await invoicing.get(
                f"/v1/invoices/{reference}", params={"business_id": BUSINESS}
            )
            if direct.status_code == 200:
                invoice: dict[str, Any] = direct.json()
                return invoice
            if time.monotonic() > deadline:
                sys.exit(f"no invoice for {reference!r} (an invoice id or a job's external id)")
            await asyncio.sleep(0.3)


async def report_job(external_id: str, email: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=setting("KAFKA_BOOTSTRAP_SERVERS"))
    await producer.start()
    try:
        event = json.dumps(job_completed(external_id, email)).encode()
        topic = os.environ.get("KAFKA_TOPIC_PREFIX", "") + "jobs.inbound"
        await producer.send_and_wait(topic, event, key=external_id.encode())
    finally:
        await producer.stop()
    print(f"job {external_id} reported for business {BUSINESS!r} on jobs.inbound")
    invoice = await find_invoice(external_id, wait=30)
    print(
        f"invoice {invoice['number'] or invoice['invoice_id']}: {invoice['status']}, "
        f"{invoice['amount_due'] / 100:.2f} {invoice['currency']} due "
        f"(id {invoice['invoice_id']})"
    )
    print(f"the email to {email} is in Mailpit: {setting('MAILPIT_API_URL')}")
    print(f"pay it as the customer would by card: make demo-pay INVOICE={external_id}")


async def pay(reference: str) -> None:
    invoice = await find_invoice(reference, wait=10)
    if invoice["amount_due"] <= 0:
        sys.exit(f"invoice {invoice['invoice_id']} is {invoice['status']}: nothing to pay")
    async with client("payments", 8003) as payments:
        created = await payments.post(
            "/internal/v1/checkout-sessions",
            json={
                "invoice_id": invoice["invoice_id"],
                "business_id": BUSINESS,
                "amount": invoice["amount_due"],
                "currency": invoice["currency"],
                "success_url": url("invoicing", 8002),
                "cancel_url": url("invoicing", 8002),
            },
        )
        if created.status_code >= 400:
            sys.exit(f"payments refused the checkout: {created.status_code} {created.text}")
        checkout = created.json()
    session = stripe_events.checkout_session(
        invoice_id=invoice["invoice_id"],
        business_id=BUSINESS,
        amount=invoice["amount_due"],
        currency=invoice["currency"].lower(),
        session_id=checkout["checkout_session_id"],
        attempt_id=checkout["attempt_id"],
        payment_intent=f"pi_demo_{uuid.uuid4().hex[:16]}",
        email=invoice["customer"].get("email"),
    )
    payload = stripe_events.event("checkout.session.completed", session)
    # While a secret is rotated the setting holds several; the first is the current one.
    signature = stripe_events.sign(payload, setting("STRIPE_WEBHOOK_SECRET").split(",")[0])
    async with httpx.AsyncClient(base_url=url("payments", 8003), timeout=15) as stripe:
        delivered = await stripe.post(
            "/webhooks/stripe",
            content=payload,
            headers={"Stripe-Signature": signature, "Content-Type": "application/json"},
        )
    if delivered.status_code != 200:
        sys.exit(f"the webhook was refused: {delivered.status_code} {delivered.text}")
    print(f"Stripe's checkout.session.completed delivered for {invoice['invoice_id']}")
    deadline = time.monotonic() + 30
    while (current := await find_invoice(invoice["invoice_id"], wait=5))["status"] != "paid":
        if time.monotonic() > deadline:
            sys.exit(f"invoice is still {current['status']} after 30 s")
        await asyncio.sleep(0.3)
    print(f"invoice {current['number']}: paid; the receipt is in Mailpit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="demo.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    job = sub.add_parser("job", help="report a finished job as a field platform would")
    job.add_argument("--external-id", default=f"JOB-{uuid.uuid4().hex[:6].upper()}")
    job.add_argument("--email", default="dana@example.com")
    paying = sub.add_parser("pay", help="pay an invoice by card, as Stripe would confirm it")
    paying.add_argument("invoice", help="an invoice id or the external id of its job")
    args = parser.parse_args(argv)
    if args.command == "job":
        asyncio.run(report_job(args.external_id, args.email))
    else:
        asyncio.run(pay(args.invoice))
    return 0


if __name__ == "__main__":
    sys.exit(main())
