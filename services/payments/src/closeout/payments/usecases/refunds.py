"""Refunds started by an admin: card refunds go to Stripe, manual ones are recorded here."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.storage import repository as repo
from closeout.payments.stripe_gateway import StripeGateway
from closeout.payments.usecases.errors import Refused
from closeout.payments.usecases.publishing import publish_payment
from closeout.shared.auth import Principal
from closeout.shared.ids import utcnow


class RefundRefused(Refused):
    pass


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    amount: int
    status: str  # "requested" (waiting for Stripe's charge.refunded) or "refunded"
    payment_id: str


async def _refundable(
    session: AsyncSession, principal: Principal, payment_id: str, amount: int | None
) -> tuple[RowMapping, int]:
    payment = await repo.get_payment(session, payment_id)
    if payment is None or not principal.can_act_for(payment["business_id"]):
        raise RefundRefused("payment not found", 404)
    if payment["status"] != "confirmed":
        raise RefundRefused(f"the payment is {payment['status']}, not confirmed", 409)
    left = payment["amount"] - payment["amount_refunded"]
    amount = left if amount is None else amount
    if left <= 0:
        raise RefundRefused("the payment is fully refunded", 409)
    if amount > left:
        raise RefundRefused(f"at most {left} can be refunded", 422)
    return payment, amount


async def start_refund(
    session: AsyncSession,
    gateway: StripeGateway,
    principal: Principal,
    payment_id: str,
    amount: int | None,
    reason: str | None,
    client_key: str | None,
) -> RefundResult:
    async with session.begin():
        known = await repo.get_payment(session, payment_id)
        if known is not None and known["provider"] == "manual":
            if not client_key:
                raise RefundRefused("an Idempotency-Key header is required", 400)
            refund_id = f"mref_{client_key}"[:100]
            if await repo.has_entry(session, f"refund:{payment_id}:{refund_id}"):
                return RefundResult(refund_id, amount or 0, "refunded", payment_id)
        payment, amount = await _refundable(session, principal, payment_id, amount)
        await repo.lock_invoice(session, payment["invoice_id"])
        actor = f"{principal.role}:{principal.key_id}"
        now = utcnow()
        if payment["provider"] == "manual":
            return await _record_manual_refund(
                session, payment, amount, f"mref_{client_key}"[:100], actor, reason
            )
        if not payment["payment_intent_id"]:
            raise RefundRefused("no Stripe payment intent is known for this payment", 409)
        # Without a client key, the key follows the payment's refund state: a retry before
        # Stripe's charge.refunded arrives asks for the same refund again, and a request after
        # a failed refund is a new refund (Stripe would answer the old key with the failed one).
        key = client_key or f"{amount}:{payment['amount_refunded']}"
        if not client_key and (
            failures := await repo.count_entries(session, payment_id, "refund_failed")
        ):
            key += f":after-{failures}-failed"
        idempotency_key = f"refund:{payment_id}:{key}"
        attempt = (
            await repo.get_attempt(session, payment["attempt_id"])
            if payment["attempt_id"]
            else None
        )
        metadata = {
            "invoice_id": payment["invoice_id"],
            "business_id": payment["business_id"],
            "payment_id": payment_id,
        }
        params: dict[str, object] = {
            "payment_intent": payment["payment_intent_id"],
            "amount": amount,
            "metadata": metadata,
        }
        if reason in ("duplicate", "fraudulent", "requested_by_customer"):
            params["reason"] = reason
        refund = await gateway.create_refund(
            params,
            idempotency_key=idempotency_key,
            stripe_account=attempt["stripe_account_id"] if attempt else None,
        )
        await repo.add_entry(
            session,
            invoice_id=payment["invoice_id"],
            business_id=payment["business_id"],
            payment_id=payment_id,
            kind="refund_requested",
            amount=amount,
            currency=payment["currency"],
            method=payment["method"],
            reference=refund.refund_id,
            detail=reason,
            actor=actor,
            dedupe_key=f"refund_request:{idempotency_key}",
            occurred_at=now,
        )
    return RefundResult(refund.refund_id, amount, "requested", payment_id)


async def _record_manual_refund(
    session: AsyncSession,
    payment: RowMapping,
    amount: int,
    refund_id: str,
    actor: str,
    reason: str | None,
) -> RefundResult:
    now = utcnow()
    recorded = await repo.add_entry(
        session,
        invoice_id=payment["invoice_id"],
        business_id=payment["business_id"],
        payment_id=payment["payment_id"],
        kind="refunded",
        amount=amount,
        currency=payment["currency"],
        method=payment["method"],
        reference=payment["reference"],
        detail=reason,
        actor=actor,
        dedupe_key=f"refund:{payment['payment_id']}:{refund_id}",
        occurred_at=now,
    )
    if recorded:
        await repo.update_payment(
            session, payment["payment_id"], amount_refunded=payment["amount_refunded"] + amount
        )
        await publish_payment(
            session,
            "payment.refunded",
            payment,
            occurred_at=now,
            amount=amount,
            refund_id=refund_id,
        )
    return RefundResult(refund_id, amount, "refunded", payment["payment_id"])
