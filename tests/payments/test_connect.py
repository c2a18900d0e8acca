"""Stripe Connect against stripe-mock: onboarding, account.updated, routing and fees."""

from typing import Any

from closeout.payments.adapters.stripe_gateway import StripeClientGateway
from payments.gateways import Recording
from support.payments import Payments, StartPayments, key_headers, new_ids, ops_headers
from support.stripe_events import stripe_event
from support.waiting import eventually


async def _event_row(payments: Payments, event_id: str) -> dict[str, Any]:
    async def processed() -> list[dict[str, Any]]:
        return await payments.rows(
            "SELECT status, outcome FROM webhook_events"
            " WHERE event_id = :e AND status <> 'pending'",
            e=event_id,
        )

    [row] = await eventually(processed, what=f"event {event_id} processed")
    return row


async def test_onboarding_round_trip_and_account_updated(payments: Payments) -> None:
    _, business_id = new_ids()
    admin = key_headers(business_id)
    before = await payments.client.get("/v1/connect/status", headers=admin)
    assert before.json()["status"] == "not_connected"

    started = await payments.client.post("/v1/connect/onboarding", headers=admin)
    assert started.status_code == 200, started.text
    account_id = started.json()["account_id"]
    assert account_id.startswith("acct_")
    assert started.json()["url"].startswith("https://")
    again = await payments.client.post("/v1/connect/onboarding", headers=admin)
    assert again.json()["account_id"] == account_id  # reused, not a second account

    status = (await payments.client.get("/v1/connect/status", headers=admin)).json()
    assert status["account_id"] == account_id
    assert status["charges_enabled"] is False
    assert status["details_submitted"] is False

    updated = stripe_event(
        "account.updated",
        {"id": account_id, "object": "account", "charges_enabled": True, "details_submitted": True},
    )
    updated["account"] = account_id
    assert (await payments.deliver(updated)).status_code == 200
    assert (await _event_row(payments, updated["id"]))["status"] == "done"
    status = (await payments.client.get("/v1/connect/status", headers=admin)).json()
    assert status["charges_enabled"] is True
    assert status["status"] == "connected"
    [published] = [
        e
        for e in await payments.events("payment.account_updated")
        if e["business_id"] == business_id
    ]
    assert published["data"]["card_payments_possible"] is True

    gone = await payments.client.post("/v1/connect/disconnect", headers=admin)
    assert gone.status_code == 200, gone.text
    assert gone.json()["connected"] is False
    history = await payments.rows(
        "SELECT action FROM connect_account_history WHERE business_id = :b ORDER BY id",
        b=business_id,
    )
    assert [h["action"] for h in history] == ["created", "updated", "disconnected"]


async def test_mismatched_account_in_account_updated_is_rejected(payments: Payments) -> None:
    _, business_id = new_ids()
    account_id = await payments.connect_account(business_id, charges_enabled=False)
    forged = stripe_event(
        "account.updated",
        {"id": account_id, "object": "account", "charges_enabled": True},
    )
    forged["account"] = "acct_1SomeoneElse"
    assert (await payments.deliver(forged)).status_code == 200
    row = await _event_row(payments, forged["id"])
    assert row["status"] == "rejected"
    assert "acct_1SomeoneElse" in row["outcome"]
    unknown = stripe_event("account.updated", {"id": "acct_1Unknown", "charges_enabled": True})
    unknown["account"] = "acct_1Unknown"
    assert (await payments.deliver(unknown)).status_code == 200
    assert (await _event_row(payments, unknown["id"]))["status"] == "rejected"
    [stored] = await payments.rows(
        "SELECT charges_enabled FROM connect_accounts WHERE business_id = :b", b=business_id
    )
    assert stored["charges_enabled"] is False


async def test_checkout_on_connected_account_carries_the_fee(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway) as payments:
        invoice_id, business_id = new_ids()
        account_id = await payments.connect_account(business_id)
        rule = {"percent_bps": 300, "fixed_amount": 30, "cap_amount": 500}
        put = await payments.client.put(
            f"/v1/ops/businesses/{business_id}/fee-rule", json=rule, headers=ops_headers()
        )
        assert put.status_code == 200, put.text
        read = await payments.client.get(
            f"/v1/businesses/{business_id}/fee-rule", headers=key_headers(business_id)
        )
        assert read.json()["cap_amount"] == 500

        # Invoicing's free-text account is ignored: payments routes by its own record.
        created = await payments.checkout(
            invoice_id, business_id, 10_000, stripe_account_id="acct_1TypedByAnAdmin"
        )
        assert created.status_code == 201, created.text
        assert gateway.session_accounts == [account_id]
        assert gateway.sessions[-1]["payment_intent_data"]["application_fee_amount"] == 330

        # Confirmed: the fee is in the ledger beside the payment.
        paid = await payments.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=created.json()["attempt_id"],
            amount=10_000,
            payment_intent="pi_connect_fee_1",
        )
        evt = dict(stripe_event("checkout.session.completed", paid), account=account_id)
        assert (await payments.deliver(evt)).status_code == 200
        assert (await _event_row(payments, evt["id"]))["status"] == "done"
        [fee] = await payments.rows(
            "SELECT amount, reference FROM ledger_entries"
            " WHERE invoice_id = :i AND kind = 'application_fee'",
            i=invoice_id,
        )
        assert fee == {"amount": 330, "reference": account_id}

        # A half refund, giving the fee back in proportion when the owner asks for it.
        [payment] = await payments.rows(
            "SELECT payment_id FROM payments WHERE invoice_id = :i", i=invoice_id
        )
        refund = await payments.client.post(
            f"/v1/payments/{payment['payment_id']}/refunds",
            json={"amount": 5_000, "refund_application_fee": True},
            headers=key_headers(business_id),
        )
        assert refund.status_code == 202, refund.text
        assert gateway.refunds[-1]["refund_application_fee"] is True
        [fee_back] = await payments.rows(
            "SELECT amount FROM ledger_entries"
            " WHERE invoice_id = :i AND kind = 'application_fee_refund_requested'",
            i=invoice_id,
        )
        assert fee_back["amount"] == 165
        kept = await payments.client.post(
            f"/v1/payments/{payment['payment_id']}/refunds",
            json={"amount": 1_000},
            headers=key_headers(business_id),
        )
        assert kept.status_code == 202, kept.text
        assert "refund_application_fee" not in gateway.refunds[-1]


async def test_checkout_refused_while_charges_are_not_enabled(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway) as payments:
        invoice_id, business_id = new_ids()
        await payments.connect_account(business_id, charges_enabled=False)
        refused = await payments.checkout(invoice_id, business_id, 5_000)
        assert refused.status_code == 422, refused.text
        assert "cannot take charges" in refused.text
        assert gateway.sessions == []

        # A business without Connect uses the platform account, whatever invoicing says.
        other_invoice, other_business = new_ids()
        created = await payments.checkout(
            other_invoice, other_business, 5_000, stripe_account_id="acct_1TypedByAnAdmin"
        )
        assert created.status_code == 201, created.text
        assert gateway.session_accounts == [None]
        assert "application_fee_amount" not in gateway.sessions[0]["payment_intent_data"]


async def test_another_business_cannot_see_or_change_connect_or_fees(payments: Payments) -> None:
    _, business_id = new_ids()
    _, intruder = new_ids()
    await payments.connect_account(business_id, charges_enabled=False)
    theirs = key_headers(intruder)
    for path in (
        f"/v1/businesses/{business_id}/connect/status",
        f"/v1/businesses/{business_id}/fee-rule",
    ):
        assert (await payments.client.get(path, headers=theirs)).status_code == 404
    own = await payments.client.get(
        f"/v1/businesses/{business_id}/connect/status", headers=key_headers(business_id)
    )
    assert own.status_code == 200
    # The intruder's own disconnect touches only its own (absent) account.
    assert (await payments.client.post("/v1/connect/disconnect", headers=theirs)).status_code == 409
    # Only operators set a fee rule.
    put = await payments.client.put(
        f"/v1/ops/businesses/{business_id}/fee-rule", json={"percent_bps": 100}, headers=theirs
    )
    assert put.status_code in (401, 403)
    [stored] = await payments.rows(
        "SELECT status FROM connect_accounts WHERE business_id = :b", b=business_id
    )
    assert stored["status"] == "onboarding"
