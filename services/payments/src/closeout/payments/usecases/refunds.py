"""Refunds started by an admin: card refunds go to Stripe, manual ones are recorded here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.domain.fees import refunded_fee
from closeout.payments.domain.stripe_amounts import StripeAmountError, to_stripe
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import NewLedgerEntry, PaymentRecord
from closeout.payments.usecases.card_payments import reload_payment
from closeout.payments.usecases.partner_payouts import reverse_shares
from closeout.payments.usecases.publishing import publish_payment
from closeout.shared.auth import Principal
from closeout.shared.errors import BadRequestError, ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import utcnow


@dataclass(frozen=True)
class RefundResult:
    refund_id: str
    amount: int
    status: str  # "requested" (waiting for Stripe's charge.refunded) or "refunded"
    payment_id: str


def manual_refund_id(business_id: str, payment_id: str, client_key: str) -> str:
    """Ours, not the caller's text: the same client key on another payment (or another
    business's payment) is another refund."""
    digest = hashlib.sha256(f"{business_id}\n{payment_id}\n{client_key}".encode()).hexdigest()
    return f"mref_{digest[:32]}"


def manual_refund_key(payment_id: str, refund_id: str) -> str:
    return f"refund:{payment_id}:{refund_id}"


async def _owned_payment(
    session: AsyncSession, principal: Principal, payment_id: str
) -> PaymentRecord:
    """Ownership first: another business's payment is not found, whatever else is wrong."""
    payment = await repo.get_payment(session, payment_id)
    if payment is None or not principal.can_act_for(payment.business_id):
        raise NotFoundError("payment not found")
    return payment


def _refundable_amount(payment: PaymentRecord, amount: int | None) -> int:
    if payment.status != "confirmed":
        raise ConflictError(f"the payment is {payment.status}, not confirmed")
    left = payment.amount - payment.amount_refunded
    amount = left if amount is None else amount
    if left <= 0:
        raise ConflictError("the payment is fully refunded")
    if amount > left:
        raise InvalidInputError(f"at most {left} can be refunded")
    return int(amount)


@dataclass(frozen=True)
class _StripeRefund:
    payment: PaymentRecord
    amount: int
    params: dict[str, object]
    idempotency_key: str
    stripe_account: str | None
    # The part of the platform fee given back with this refund (None: the fee is kept).
    fee_refund: int | None = None


async def _stripe_refund(
    session: AsyncSession,
    payment: PaymentRecord,
    amount: int | None,
    reason: str | None,
    client_key: str | None,
    refund_application_fee: bool = False,
) -> _StripeRefund:
    amount = _refundable_amount(payment, amount)
    if not payment.payment_intent_id:
        raise ConflictError("no Stripe payment intent is known for this payment")
    try:
        stripe_amount = to_stripe(amount, payment.currency)
    except StripeAmountError as exc:
        raise InvalidInputError(str(exc)) from exc
    payment_id = payment.payment_id
    # Without a client key, the key follows the payment's refund state: a retry before
    # Stripe's charge.refunded arrives asks for the same refund again, and a request after
    # a failed refund is a new refund (Stripe would answer the old key with the failed one).
    key = client_key or f"{amount}:{payment.amount_refunded}"
    if not client_key and (
        failures := await repo.count_entries(session, payment_id, "refund_failed")
    ):
        key += f":after-{failures}-failed"
    attempt = await repo.get_attempt(session, payment.attempt_id) if payment.attempt_id else None
    params: dict[str, object] = {
        "payment_intent": payment.payment_intent_id,
        "amount": stripe_amount,
        "metadata": {
            "invoice_id": payment.invoice_id,
            "business_id": payment.business_id,
            "payment_id": payment_id,
        },
    }
    if reason in ("duplicate", "fraudulent", "requested_by_customer"):
        params["reason"] = reason
    fee = attempt.application_fee_amount if attempt is not None else None
    fee_refund = None
    if refund_application_fee and fee:
        # Stripe gives the platform fee back in proportion to the refunded amount.
        params["refund_application_fee"] = True
        fee_refund = refunded_fee(fee, payment.amount, amount)
        key += ":with-fee"
    return _StripeRefund(
        payment,
        amount,
        params,
        f"refund:{payment_id}:{key}",
        attempt.stripe_account_id if attempt else None,
        fee_refund,
    )


async def start_refund(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    principal: Principal,
    payment_id: str,
    amount: int | None,
    reason: str | None,
    client_key: str | None,
    *,
    refund_application_fee: bool = False,
) -> RefundResult:
    """Manual refunds are recorded at once. Card refunds are checked and committed first, asked
    of Stripe with no transaction open, then recorded (applied on `charge.refunded`). So it
    takes the sessionmaker and opens its own transactions (the documented exception)."""
    actor = f"{principal.role}:{principal.key_id}"
    async with sessionmaker() as session, session.begin():
        payment = await _owned_payment(session, principal, payment_id)
        await repo.lock_invoice(session, payment.invoice_id)
        payment = await reload_payment(session, payment_id)  # as of the lock
        if payment.provider == "manual":
            return await _manual_refund(session, payment, amount, client_key, actor, reason)
        request = await _stripe_refund(
            session, payment, amount, reason, client_key, refund_application_fee
        )
    refund = await gateway.create_refund(
        request.params,
        idempotency_key=request.idempotency_key,
        stripe_account=request.stripe_account,
    )
    async with sessionmaker() as session, session.begin():
        await repo.add_entry(
            session,
            NewLedgerEntry(
                invoice_id=payment.invoice_id,
                business_id=payment.business_id,
                payment_id=payment_id,
                kind="refund_requested",
                amount=request.amount,
                currency=payment.currency,
                method=payment.method,
                reference=refund.refund_id,
                detail=reason,
                actor=actor,
                dedupe_key=f"refund_request:{request.idempotency_key}",
                occurred_at=utcnow(),
            ),
        )
        if request.fee_refund is not None:
            await repo.add_entry(
                session,
                NewLedgerEntry(
                    invoice_id=payment.invoice_id,
                    business_id=payment.business_id,
                    payment_id=payment_id,
                    kind="application_fee_refund_requested",
                    amount=request.fee_refund,
                    currency=payment.currency,
                    method=payment.method,
                    reference=refund.refund_id,
                    actor=actor,
                    dedupe_key=f"fee_refund_request:{request.idempotency_key}",
                    occurred_at=utcnow(),
                ),
            )
    return RefundResult(refund.refund_id, request.amount, "requested", payment_id)


async def _manual_refund(
    session: AsyncSession,
    payment: PaymentRecord,
    amount: int | None,
    client_key: str | None,
    actor: str,
    reason: str | None,
) -> RefundResult:
    """Under the invoice lock, with the payment read after taking it."""
    if not client_key:
        raise BadRequestError("an Idempotency-Key header is required")
    refund_id = manual_refund_id(payment.business_id, payment.payment_id, client_key)
    done = await repo.entry_amount(session, manual_refund_key(payment.payment_id, refund_id))
    if done is not None:
        if amount is not None and amount != done:
            raise ConflictError(f"this Idempotency-Key was used for a refund of {done}")
        return RefundResult(refund_id, done, "refunded", payment.payment_id)
    return await _record_manual_refund(
        session, payment, _refundable_amount(payment, amount), refund_id, actor, reason
    )


async def _record_manual_refund(
    session: AsyncSession,
    payment: PaymentRecord,
    amount: int,
    refund_id: str,
    actor: str,
    reason: str | None,
) -> RefundResult:
    now = utcnow()
    recorded = await repo.add_entry(
        session,
        NewLedgerEntry(
            invoice_id=payment.invoice_id,
            business_id=payment.business_id,
            payment_id=payment.payment_id,
            kind="refunded",
            amount=amount,
            currency=payment.currency,
            method=payment.method,
            reference=payment.reference,
            detail=reason,
            actor=actor,
            dedupe_key=manual_refund_key(payment.payment_id, refund_id),
            occurred_at=now,
        ),
    )
    if recorded:
        await repo.update_payment(
            session, payment.payment_id, amount_refunded=payment.amount_refunded + amount
        )
        await reverse_shares(
            session,
            payment,
            manual_refund_key(payment.payment_id, refund_id),
            payment.amount_refunded,
            payment.amount_refunded + amount,
        )
        await publish_payment(
            session,
            "payment.refunded",
            payment,
            occurred_at=now,
            amount=amount,
            refund_id=refund_id,
        )
    return RefundResult(refund_id, amount, "refunded", payment.payment_id)
