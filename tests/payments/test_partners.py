"""Partners and their payouts against stripe-mock: paid once, reversed in proportion, held by
a dispute, retried then failed when Stripe refuses, and private to their business."""

from __future__ import annotations

import random
from typing import Any

from closeout.payments.adapters.stripe_gateway import StripeClientGateway, StripeRefused
from closeout.payments.usecases.reconcile import reconcile_once
from payments.gateways import Recording
from payments.test_reconcile_and_manual import CompletedAtStripe
from payments.test_webhook_metrics import sample
from support.payments import Payments, StartPayments, key_headers, new_ids
from support.stripe_events import stripe_event
from support.waiting import eventually

FAST = {
    "partner_payout_poll_seconds": 0.1,
    "partner_payout_retry_base_seconds": 0.1,
}


async def add_partner(
    payments: Payments, business_id: str, rule: dict[str, Any], *, enable: bool = True
) -> tuple[str, str]:
    """A partner onboarded through Stripe Connect (stripe-mock); its `account.updated` says it
    can take transfers when `enable`. Returns (partner id, account id)."""
    admin = key_headers(business_id)
    created = await payments.client.post(
        "/v1/partners", json={"name": "Referrer Ltd", "rule": rule}, headers=admin
    )
    assert created.status_code == 201, created.text
    partner_id: str = created.json()["partner_id"]
    started = await payments.client.post(f"/v1/partners/{partner_id}/onboarding", headers=admin)
    assert started.status_code == 200, started.text
    account_id: str = started.json()["account_id"]
    again = await payments.client.post(f"/v1/partners/{partner_id}/onboarding", headers=admin)
    assert again.json()["account_id"] == account_id
    if enable:
        await enable_partner(payments, business_id, partner_id, account_id)
    return partner_id, account_id


async def enable_partner(
    payments: Payments, business_id: str, partner_id: str, account_id: str
) -> None:
    updated = stripe_event(
        "account.updated",
        {"id": account_id, "object": "account", "payouts_enabled": True, "details_submitted": True},
    )
    updated["account"] = account_id
    assert (await payments.deliver(updated)).status_code == 200

    async def enabled() -> bool:
        got = await payments.client.get(
            f"/v1/partners/{partner_id}", headers=key_headers(business_id)
        )
        return bool(got.json()["payouts_enabled"])

    await eventually(enabled, what="partner's account.updated applied")


async def payouts(payments: Payments, invoice_id: str) -> list[dict[str, Any]]:
    return await payments.rows(
        "SELECT * FROM partner_payouts WHERE invoice_id = :i ORDER BY created_at", i=invoice_id
    )


async def paid_payout(payments: Payments, invoice_id: str) -> dict[str, Any]:
    async def paid() -> list[dict[str, Any]]:
        rows = await payouts(payments, invoice_id)
        return rows if rows and all(r["status"] == "paid" for r in rows) else []

    [row] = await eventually(paid, what="partner payout paid")
    return row


async def pay_by_card(
    payments: Payments, invoice_id: str, business_id: str, amount: int, intent: str
) -> dict[str, Any]:
    created = await payments.checkout(invoice_id, business_id, amount)
    assert created.status_code == 201, created.text
    paid = await payments.stripe.session(
        invoice_id=invoice_id,
        business_id=business_id,
        attempt_id=created.json()["attempt_id"],
        amount=amount,
        payment_intent=intent,
    )
    evt = stripe_event("checkout.session.completed", paid)
    assert (await payments.deliver(evt)).status_code == 200
    return evt


async def test_a_paid_invoice_pays_the_partner_once_under_shuffled_redelivery_and_reconciliation(
    start_payments: StartPayments, make_settings: Any
) -> None:
    settings = make_settings(reconcile_after_seconds=0, **FAST)
    gateway = Recording(CompletedAtStripe(StripeClientGateway(settings)))
    async with start_payments(stripe_gateway=gateway, reconcile_after_seconds=0, **FAST) as p:
        invoice_id, business_id = new_ids()
        partner_id, account_id = await add_partner(
            p, business_id, {"kind": "percent", "percent_bps": 1_000, "cap_amount": 5_000}
        )
        created = await p.checkout(invoice_id, business_id, 12_345)
        paid = await p.stripe.session(
            invoice_id=invoice_id,
            business_id=business_id,
            attempt_id=created.json()["attempt_id"],
            amount=12_345,
            payment_intent="pi_recon_1",  # what CompletedAtStripe reports to the reconciler
        )
        completed = stripe_event("checkout.session.completed", paid)
        succeeded = stripe_event("checkout.session.async_payment_succeeded", paid)
        deliveries = [completed, succeeded] * 3
        random.Random(14).shuffle(deliveries)
        sessionmaker = p.app.state.runtime.sessionmaker
        for n, evt in enumerate(deliveries):
            assert (await p.deliver(evt)).status_code == 200
            if n == 2:
                await reconcile_once(sessionmaker, gateway, p.settings)
        await p.settled()
        await reconcile_once(sessionmaker, gateway, p.settings)

        payout = await paid_payout(p, invoice_id)
        assert payout["amount"] == 1_235  # 10 % of 12 345, half up
        assert payout["destination"] == account_id
        key = f"payout:{payout['payment_id']}:{partner_id}"
        assert [k for k, _ in gateway.transfers] == [key]
        [(_, params)] = gateway.transfers
        assert params["destination"] == account_id
        assert params["amount"] == 1_235
        [event] = await p.events("payment.partner_paid", invoice_id)
        assert event["data"]["transfer_id"] == payout["transfer_id"]
        ledger = await p.rows(
            "SELECT amount, reference FROM ledger_entries"
            " WHERE invoice_id = :i AND kind = 'partner_paid'",
            i=invoice_id,
        )
        assert ledger == [{"amount": 1_235, "reference": payout["transfer_id"]}]
        # The owner sees the share beside the payment.
        log = await p.client.get(
            f"/v1/invoices/{invoice_id}/payments", headers=key_headers(business_id)
        )
        [payment] = log.json()["payments"]
        assert payment["partner_share"] == 1_235


class AnswerLost:
    """Stripe makes the first transfer, but its answer never reaches us (a crash or a cut
    connection after the call): the retry must carry the same idempotency key."""

    def __init__(self, real: Recording) -> None:
        self.real = real
        self.lost = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str:
        transfer = await self.real.create_transfer(params, idempotency_key=idempotency_key)
        if self.lost == 0:
            self.lost += 1
            raise ConnectionResetError("answer lost")
        return transfer


async def test_a_lost_answer_retries_with_the_same_key_and_records_one_payout(
    start_payments: StartPayments, make_settings: Any
) -> None:
    recording = Recording(StripeClientGateway(make_settings()))
    gateway = AnswerLost(recording)
    async with start_payments(stripe_gateway=gateway, **FAST) as p:
        invoice_id, business_id = new_ids()
        partner_id, _ = await add_partner(p, business_id, {"kind": "fixed", "fixed_amount": 700})
        await pay_by_card(p, invoice_id, business_id, 9_000, "pi_partner_lost_1")
        payout = await paid_payout(p, invoice_id)
        assert payout["amount"] == 700
        keys = [k for k, _ in recording.transfers]
        assert keys == [f"payout:{payout['payment_id']}:{partner_id}"] * 2
        assert len(await p.events("payment.partner_paid", invoice_id)) == 1


async def test_a_partial_refund_reverses_the_right_share(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway, **FAST) as p:
        invoice_id, business_id = new_ids()
        await add_partner(p, business_id, {"kind": "percent", "percent_bps": 1_000})
        intent = "pi_partner_refund_1"
        await pay_by_card(p, invoice_id, business_id, 10_000, intent)
        payout = await paid_payout(p, invoice_id)
        assert payout["amount"] == 1_000

        charge = await p.stripe.charge(
            payment_intent=intent, amount=10_000, refunds=[("re_partner_1", 2_500)]
        )
        assert (await p.deliver(stripe_event("charge.refunded", charge))).status_code == 200

        async def reversed_(count: int) -> list[dict[str, Any]]:
            rows = await p.rows(
                "SELECT * FROM partner_reversals WHERE payout_id = :p AND status = 'reversed'"
                " ORDER BY created_at",
                p=payout["payout_id"],
            )
            return rows if len(rows) == count else []

        [first] = await eventually(lambda: reversed_(1), what="first reversal made")
        assert first["amount"] == 250
        assert gateway.reversals[0][1] == payout["transfer_id"]
        assert gateway.reversals[0][2]["amount"] == 250
        assert gateway.reversals[0][0] == f"reversal:{payout['payout_id']}:refund:re_partner_1"

        # The rest refunded: the rest of the share comes back, never more than it.
        charge = await p.stripe.charge(
            payment_intent=intent,
            amount=10_000,
            refunds=[("re_partner_1", 2_500), ("re_partner_2", 7_500)],
        )
        assert (await p.deliver(stripe_event("charge.refunded", charge))).status_code == 200
        rows = await eventually(lambda: reversed_(2), what="second reversal made")
        assert [r["amount"] for r in rows] == [250, 750]
        events = await p.events("payment.partner_reversed", invoice_id)
        assert sorted(e["data"]["amount"] for e in events) == [250, 750]

        statement = await p.client.get(
            f"/v1/partners/{payout['partner_id']}/statement", headers=key_headers(business_id)
        )
        assert statement.status_code == 200, statement.text
        [totals] = statement.json()["totals"]
        assert totals == {
            "currency": "USD",
            "paid": 1_000,
            "reversed": 1_000,
            "net": 0,
            "failed": 0,
            "pending": 0,
        }


async def test_a_dispute_before_the_payout_holds_it(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway, **FAST) as p:
        disputed_invoice, business_id = new_ids()
        other_invoice, _ = new_ids()
        partner_id, account_id = await add_partner(
            p, business_id, {"kind": "percent", "percent_bps": 500}, enable=False
        )
        intent = "pi_partner_dispute_1"
        await pay_by_card(p, disputed_invoice, business_id, 8_000, intent)
        await p.settled()
        dispute = await p.stripe.dispute(
            payment_intent=intent, amount=8_000, status="needs_response", dispute_id="dp_partner_1"
        )
        assert (await p.deliver(stripe_event("charge.dispute.created", dispute))).status_code == 200
        await p.settled()
        [held] = await payouts(p, disputed_invoice)
        assert held["status"] == "held"
        kinds = await p.rows(
            "SELECT kind FROM ledger_entries WHERE invoice_id = :i AND left(kind, 8) = 'partner_'",
            i=disputed_invoice,
        )
        assert kinds == [{"kind": "partner_payout_held"}]

        # The partner's account can take transfers now: another payment's payout is made,
        # the held one is not.
        await pay_by_card(p, other_invoice, business_id, 2_000, "pi_partner_dispute_2")
        await enable_partner(p, business_id, partner_id, account_id)
        await paid_payout(p, other_invoice)
        [still] = await payouts(p, disputed_invoice)
        assert still["status"] == "held"
        assert len(gateway.transfers) == 1

        # Won: released and paid.
        won = await p.stripe.dispute(
            payment_intent=intent, amount=8_000, status="won", dispute_id="dp_partner_1"
        )
        assert (await p.deliver(stripe_event("charge.dispute.closed", won))).status_code == 200
        released = await paid_payout(p, disputed_invoice)
        assert released["amount"] == 400


async def test_a_dispute_lost_after_the_payout_reverses_the_share(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Recording(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway, **FAST) as p:
        invoice_id, business_id = new_ids()
        await add_partner(p, business_id, {"kind": "percent", "percent_bps": 1_000})
        intent = "pi_partner_lost_dispute_1"
        await pay_by_card(p, invoice_id, business_id, 6_000, intent)
        payout = await paid_payout(p, invoice_id)
        assert payout["amount"] == 600

        for status, kind in (("needs_response", "created"), ("lost", "closed"), ("lost", "closed")):
            dispute = await p.stripe.dispute(
                payment_intent=intent, amount=6_000, status=status, dispute_id="dp_partner_lost"
            )
            delivered = await p.deliver(stripe_event(f"charge.dispute.{kind}", dispute))
            assert delivered.status_code == 200

        async def reversed_() -> list[dict[str, Any]]:
            return await p.rows(
                "SELECT * FROM partner_reversals WHERE payout_id = :p AND status = 'reversed'",
                p=payout["payout_id"],
            )

        [reversal] = await eventually(reversed_, what="the lost dispute's reversal made")
        assert reversal["amount"] == 600
        assert [k for k, _, _ in gateway.reversals] == [
            f"reversal:{payout['payout_id']}:dispute:dp_partner_lost"
        ]
        # A refund after it finds nothing of the share left to take back.
        charge = await p.stripe.charge(
            payment_intent=intent, amount=6_000, refunds=[("re_partner_after_lost", 1_000)]
        )
        assert (await p.deliver(stripe_event("charge.refunded", charge))).status_code == 200
        await p.settled()
        rows = await p.rows(
            "SELECT amount FROM partner_reversals WHERE payout_id = :p", p=payout["payout_id"]
        )
        assert rows == [{"amount": 600}]
        [event] = await p.events("payment.partner_reversed", invoice_id)
        assert event["data"]["amount"] == 600


class Refusing(Recording):
    """stripe-mock, except that Stripe refuses every transfer (e.g. the platform's balance)."""

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str:
        self.transfers.append((idempotency_key, params))
        raise StripeRefused("stripe: insufficient funds in the platform's balance")


async def test_a_refused_transfer_is_retried_then_shown_as_failed(
    start_payments: StartPayments, make_settings: Any
) -> None:
    gateway = Refusing(StripeClientGateway(make_settings()))
    async with start_payments(stripe_gateway=gateway, partner_payout_max_attempts=3, **FAST) as p:
        invoice_id, business_id = new_ids()
        partner_id, _ = await add_partner(p, business_id, {"kind": "fixed", "fixed_amount": 300})
        await pay_by_card(p, invoice_id, business_id, 5_000, "pi_partner_refused_1")

        async def failed() -> list[dict[str, Any]]:
            rows = await payouts(p, invoice_id)
            return rows if rows and rows[0]["status"] == "failed" else []

        [row] = await eventually(failed, what="payout failed after its retries")
        assert row["attempts"] == 3
        assert "insufficient funds" in row["last_error"]
        assert len({k for k, _ in gateway.transfers}) == 1
        assert len(gateway.transfers) == 3
        [event] = await p.events("payment.partner_payout_failed", invoice_id)
        assert event["data"]["attempts"] == 3
        statement = await p.client.get(
            f"/v1/partners/{partner_id}/statement", headers=key_headers(business_id)
        )
        [payout] = statement.json()["payouts"]
        assert payout["status"] == "failed"
        assert statement.json()["totals"][0]["failed"] == 300
        metrics = (await p.client.get("/metrics")).text
        assert sample(metrics, "closeout_partner_payouts_failed") == 1


async def test_another_business_cannot_see_or_change_a_partner(payments: Payments) -> None:
    _, business_id = new_ids()
    _, intruder = new_ids()
    partner_id, _ = await add_partner(
        payments, business_id, {"kind": "percent", "percent_bps": 100}, enable=False
    )
    theirs = key_headers(intruder)
    client = payments.client
    base = f"/v1/partners/{partner_id}"
    assert (await client.get(base, headers=theirs)).status_code == 404
    assert (await client.get(f"{base}/statement", headers=theirs)).status_code == 404
    assert (await client.patch(base, json={"name": "Mine"}, headers=theirs)).status_code == 404
    assert (await client.post(f"{base}/end", headers=theirs)).status_code == 404
    assert (await client.post(f"{base}/onboarding", headers=theirs)).status_code == 404
    assert (await client.get("/v1/partners", headers=theirs)).json() == []

    own = key_headers(business_id)
    renamed = await client.patch(
        base,
        json={"name": "Renamed", "rule": {"kind": "fixed", "fixed_amount": 250}},
        headers=own,
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["rule"]["fixed_amount"] == 250
    ended = await client.post(f"{base}/end", headers=own)
    assert ended.json()["status"] == "ended"
    assert (await client.patch(base, json={"name": "x"}, headers=own)).status_code == 409
    bad = await client.post(
        "/v1/partners", json={"name": "x", "rule": {"kind": "percent"}}, headers=own
    )
    assert bad.status_code == 422


async def test_an_admin_confirmation_pays_only_the_partners_whose_rule_applies(
    start_payments: StartPayments,
) -> None:
    async with start_payments(**FAST) as p:
        invoice_id, business_id = new_ids()
        admin = key_headers(business_id)
        ada, _ = await add_partner(
            p, business_id, {"kind": "percent", "percent_bps": 1_000}, enable=True
        )
        await p.client.patch(
            f"/v1/partners/{ada}", json={"customer_emails": [" ADA@example.com"]}, headers=admin
        )
        others = [
            ({"kind": "fixed", "fixed_amount": 500}, ["bob@example.com"]),  # another customer
            ({"kind": "fixed", "fixed_amount": 300}, []),  # ended below
            ({"kind": "fixed", "fixed_amount": 200, "ends_at": "2020-01-01T00:00:00Z"}, []),
        ]
        for rule, emails in others:
            created = await p.client.post(
                "/v1/partners",
                json={"name": "Other", "rule": rule, "customer_emails": emails},
                headers=admin,
            )
            assert created.status_code == 201, created.text
        listed = (await p.client.get("/v1/partners", headers=admin)).json()
        ended = listed[2]["partner_id"]
        assert (await p.client.post(f"/v1/partners/{ended}/end", headers=admin)).status_code == 200

        await p.publish_invoice(invoice_id=invoice_id, business_id=business_id, total=10_000)
        confirmed = await p.client.post(
            f"/v1/invoices/{invoice_id}/payments/manual",
            json={"amount": 4_000, "currency": "USD", "method": "cash"},
            headers={**admin, "Idempotency-Key": "cash-1"},
        )
        assert confirmed.status_code == 201, confirmed.text
        payout = await paid_payout(p, invoice_id)
        assert (payout["partner_id"], payout["amount"]) == (ada, 400)
        log = await p.client.get(f"/v1/invoices/{invoice_id}/payments", headers=admin)
        [payment] = log.json()["payments"]
        assert payment["partner_share"] == 400
        assert payment["application_fee_amount"] is None


async def test_the_partner_schemas_say_what_is_accepted(payments: Payments) -> None:
    """Found by schemathesis: a schema-valid rule (a fixed rule of 0) or period (until before
    since) was refused, and a number was read as a date-time. The schema now bounds each kind
    of rule, times are RFC 3339 with an offset, and an empty period is empty."""
    schemas = payments.app.openapi()["components"]["schemas"]
    assert schemas["PercentRuleBody"]["properties"]["percent_bps"]["minimum"] == 1
    assert "fixed_amount" in schemas["FixedRuleBody"]["required"]
    _, business_id = new_ids()
    admin = key_headers(business_id)
    zero = await payments.client.post(
        "/v1/partners",
        json={"name": "x", "rule": {"kind": "fixed", "fixed_amount": 0}},
        headers=admin,
    )
    assert zero.status_code == 422
    assert zero.json()["errors"][0]["loc"][-1] == "fixed_amount"
    for ends_at in (0, "2020-01-01T00:00:00"):  # Unix seconds, no offset: not RFC 3339
        refused = await payments.client.post(
            "/v1/partners",
            json={"name": "x", "rule": {"kind": "percent", "percent_bps": 5, "ends_at": ends_at}},
            headers=admin,
        )
        assert refused.status_code == 422, refused.text
    partner_id, _ = await add_partner(
        payments, business_id, {"kind": "percent", "percent_bps": 1}, enable=False
    )
    empty = await payments.client.get(
        f"/v1/partners/{partner_id}/statement",
        params={"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
        headers=admin,
    )
    assert empty.status_code == 200, empty.text
    assert (empty.json()["payouts"], empty.json()["totals"]) == ([], [])
    unix = await payments.client.get(
        f"/v1/partners/{partner_id}/statement", params={"until": "0.5"}, headers=admin
    )
    assert unix.status_code == 422
