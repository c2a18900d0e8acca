"""Reconciliation of sessions whose webhook never came; admin-confirmed manual payments."""

from typing import Any

from closeout.payments.adapters.stripe_gateway import (
    ConnectedAccount,
    CreatedRefund,
    CreatedSession,
    StripeClientGateway,
    StripeGateway,
)
from closeout.payments.usecases.reconcile import reconcile_once
from support.kafka import events_of, read_topic
from support.payments import Payments, StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event


class CompletedAtStripe:
    """stripe-mock is stateless (every session it returns is open): this gateway asks it for
    real and then reports the session as Stripe would once the customer has paid."""

    def __init__(self, real: StripeGateway) -> None:
        self.real = real
        self.retrieved: list[str] = []

    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedSession:
        return await self.real.create_checkout_session(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )

    async def retrieve_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> dict[str, Any]:
        obj = await self.real.retrieve_checkout_session(session_id, stripe_account=stripe_account)
        self.retrieved.append(session_id)
        return dict(obj, status="complete", payment_status="paid", payment_intent="pi_recon_1")

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedRefund:
        return await self.real.create_refund(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )

    async def expire_checkout_session(self, session_id: str, *, stripe_account: str | None) -> None:
        await self.real.expire_checkout_session(session_id, stripe_account=stripe_account)

    async def create_account(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> ConnectedAccount:
        return await self.real.create_account(params, idempotency_key=idempotency_key)

    async def retrieve_account(self, account_id: str) -> ConnectedAccount:
        return await self.real.retrieve_account(account_id)

    async def create_account_link(self, params: dict[str, Any]) -> str:
        return await self.real.create_account_link(params)

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str:
        return await self.real.create_transfer(params, idempotency_key=idempotency_key)

    async def create_transfer_reversal(
        self, transfer_id: str, params: dict[str, Any], *, idempotency_key: str
    ) -> str:
        return await self.real.create_transfer_reversal(
            transfer_id, params, idempotency_key=idempotency_key
        )

    async def latest_charge(self, payment_intent_id: str) -> str | None:
        return await self.real.latest_charge(payment_intent_id)


async def test_reconciliation_confirms_a_session_whose_webhook_never_came(
    start_payments: StartPayments, make_settings: Any
) -> None:
    settings = make_settings(reconcile_after_seconds=0, reconcile_interval_seconds=0)
    gateway = CompletedAtStripe(StripeClientGateway(settings))
    async with start_payments(
        stripe_gateway=gateway, reconcile_after_seconds=0, reconcile_interval_seconds=0
    ) as payments:
        invoice_id, business_id = new_ids()
        response = await payments.checkout(invoice_id, business_id, 8_800)
        attempt_id = response.json()["attempt_id"]
        sessionmaker = payments.app.state.runtime.sessionmaker

        report = await reconcile_once(sessionmaker, gateway, payments.settings)
        assert report.outcomes == {"confirmed": 1}
        assert gateway.retrieved == [response.json()["checkout_session_id"]]
        confirmed = await payments.events("payment.confirmed", invoice_id)
        assert len(confirmed) == 1
        assert confirmed[0]["data"]["amount"] == 8_800
        assert confirmed[0]["data"]["attempt_id"] == attempt_id

        # The late webhook, and another pass, change nothing.
        paid = await payments.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=attempt_id,
            amount=8_800,
            payment_intent="pi_recon_1",
        )
        await payments.deliver(stripe_event("checkout.session.completed", paid))
        await payments.settled()
        again = await reconcile_once(sessionmaker, gateway, payments.settings)
        assert again.checked == 0  # the attempt is settled
        assert len(await payments.events("payment.confirmed", invoice_id)) == 1
        outcome = await payments.rows("SELECT outcome FROM webhook_events")
        assert outcome == [{"outcome": "already confirmed"}]


async def test_reconciliation_leaves_open_sessions_alone(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    await payments.checkout(invoice_id, business_id, 500)
    settings = payments.settings.model_copy(
        update={"reconcile_after_seconds": 0, "reconcile_interval_seconds": 0}
    )
    sessionmaker = payments.app.state.runtime.sessionmaker
    report = await reconcile_once(sessionmaker, payments.app.state.stripe_gateway, settings)
    assert report.outcomes == {"still open": 1}
    assert await payments.events("payment.confirmed", invoice_id) == []


async def test_manual_payment_confirmed_once_by_an_admin(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=15_000)
    admin = key_headers(business_id, key_id="admin-ada")
    url = f"/v1/invoices/{invoice_id}/payments/manual"
    body = {"amount": 10_000, "currency": "USD", "method": "cash", "reference": "receipt 7"}

    missing_key = await payments.client.post(url, json=body, headers=admin)
    assert missing_key.status_code == 400
    integration = await payments.client.post(
        url, json=body, headers={**key_headers(business_id, "integration"), "Idempotency-Key": "k"}
    )
    assert integration.status_code == 403
    stranger = await payments.client.post(
        url, json=body, headers={**key_headers("biz-other"), "Idempotency-Key": "k"}
    )
    assert stranger.status_code == 404
    wrong_currency = await payments.client.post(
        url, json={**body, "currency": "EUR"}, headers={**admin, "Idempotency-Key": "k"}
    )
    assert wrong_currency.status_code == 422
    too_much = await payments.client.post(
        url, json={**body, "amount": 15_001}, headers={**admin, "Idempotency-Key": "k"}
    )
    assert too_much.status_code == 422
    assert await payments.rows("SELECT * FROM payments") == []

    first = await payments.client.post(url, json=body, headers={**admin, "Idempotency-Key": "k1"})
    repeat = await payments.client.post(url, json=body, headers={**admin, "Idempotency-Key": "k1"})
    assert first.status_code == 201, first.text
    assert repeat.status_code == 200
    assert repeat.json()["payment_id"] == first.json()["payment_id"]
    changed = await payments.client.post(
        url, json={**body, "amount": 9_000}, headers={**admin, "Idempotency-Key": "k1"}
    )
    assert changed.status_code == 409
    confirmed = await payments.events("payment.confirmed", invoice_id)
    assert len(confirmed) == 1
    data = confirmed[0]["data"]
    assert (data["provider"], data["method"], data["amount"]) == ("manual", "cash", 10_000)
    assert data["confirmed_by"] == "admin:admin-ada"
    published = await read_topic(
        payments.infra.kafka_bootstrap_servers,
        payments.settings.kafka_topic_prefix + "payment.confirmed",
        until=lambda records: len(records) >= 1,
    )
    assert [e["id"] for e in events_of(published)] == [confirmed[0]["id"]]
    assert published[0].key == invoice_id.encode()

    refund = await payments.client.post(
        f"/v1/payments/{data['payment_id']}/refunds",
        json={"amount": 2_500},
        headers={**admin, "Idempotency-Key": "r1"},
    )
    assert refund.status_code == 202, refund.text
    assert refund.json()["status"] == "refunded"
    await payments.client.post(
        f"/v1/payments/{data['payment_id']}/refunds",
        json={"amount": 2_500},
        headers={**admin, "Idempotency-Key": "r1"},
    )
    refunded = await payments.events("payment.refunded", invoice_id)
    assert [e["data"]["amount"] for e in refunded] == [2_500]


async def test_claims_are_confirmed_or_rejected_once(payments: Payments) -> None:
    invoice_id, business_id = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=5_000)
    admin = key_headers(business_id)

    reject = await payments.client.post(
        f"/v1/invoices/{invoice_id}/claims/claim-1/reject",
        json={"reason": "no transfer arrived"},
        headers=admin,
    )
    assert reject.status_code == 200, reject.text
    await payments.client.post(
        f"/v1/invoices/{invoice_id}/claims/claim-1/reject", json={"reason": "x"}, headers=admin
    )
    rejected = await payments.events("payment.claim_rejected")
    assert [e["data"]["reason"] for e in rejected] == ["no transfer arrived"]
    confirm_rejected = await payments.client.post(
        f"/v1/invoices/{invoice_id}/payments/manual",
        json={"amount": 5_000, "currency": "USD", "method": "bank_transfer", "claim_id": "claim-1"},
        headers=admin,
    )
    assert confirm_rejected.status_code == 409

    body = {"amount": 5_000, "currency": "USD", "method": "bank_transfer", "claim_id": "claim-2"}
    url = f"/v1/invoices/{invoice_id}/payments/manual"
    assert (await payments.client.post(url, json=body, headers=admin)).status_code == 201
    assert (await payments.client.post(url, json=body, headers=admin)).status_code == 200
    confirmed = await payments.events("payment.confirmed", invoice_id)
    assert [e["data"]["claim_id"] for e in confirmed] == ["claim-2"]
    late_reject = await payments.client.post(
        f"/v1/invoices/{invoice_id}/claims/claim-2/reject", json={"reason": "x"}, headers=admin
    )
    assert late_reject.status_code == 409
