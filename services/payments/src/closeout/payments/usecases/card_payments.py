"""Apply what Stripe reports about card payments: each fact once, in any order.

Refunds and disputes of a confirmed payment are in `charge_events`.

Every function runs inside the caller's transaction, takes the invoice's advisory lock first
(so concurrent reports of the same payment serialise) and relies on unique ledger keys, so a
second report of a fact (another event, a redelivery, the reconciler) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.stripe_objects import IntentFailure, Ownership, SessionFacts
from closeout.payments.storage import connect as connect_store
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import (
    AttemptRecord,
    NewLedgerEntry,
    NewPayment,
    PaymentRecord,
)
from closeout.payments.usecases.partner_payouts import schedule_payouts
from closeout.payments.usecases.publishing import publish_payment
from closeout.shared.ids import new_id


class NotOurs(Exception):
    """The Stripe object does not belong to a Closeout invoice: acknowledged and ignored."""


class NotYetKnown(Exception):
    """A fact about a payment we have not recorded yet (e.g. a refund before the
    confirmation was processed): retried later, when the other event has been applied.
    `waiting_for` names the payment intent whose confirmation it waits for, if known."""

    def __init__(self, message: str, *, waiting_for: str | None = None) -> None:
        super().__init__(message)
        self.waiting_for = waiting_for


class Rejected(Exception):
    """The event contradicts our records (another Connect account, another business): kept
    with the reason, never applied."""


def check_account(event_account: str | None, expected: str | None, what: str) -> None:
    """A Connect event comes from the account the payment was made on, or it is not ours."""
    if (event_account or None) != (expected or None):
        raise Rejected(
            f"event account {event_account or 'platform'} is not {what}'s"
            f" account {expected or 'platform'}"
        )


@dataclass(frozen=True)
class Owner:
    invoice_id: str
    business_id: str
    attempt_id: str | None
    attempt: AttemptRecord | None

    @property
    def correlation_id(self) -> str | None:
        return self.attempt.correlation_id if self.attempt is not None else None


async def business_account(session: AsyncSession, business_id: str) -> str | None:
    """The Connect account a business's payments are made on: its own record from onboarding
    (never invoicing's free-text `stripe_account_id`), else the platform (None)."""
    account = await connect_store.get_account(session, business_id)
    return account.account_id if account is not None else None


async def resolve_owner(session: AsyncSession, owner: Ownership, account: str | None) -> Owner:
    """Whose payment this is, from our records: the attempt named in the metadata, else the
    invoice (as invoicing told us). Metadata that contradicts them is rejected, not trusted."""
    attempt = await repo.get_attempt(session, owner.attempt_id) if owner.attempt_id else None
    if attempt is not None:
        if owner.invoice_id and owner.invoice_id != attempt.invoice_id:
            raise NotOurs("metadata invoice_id does not match the attempt's invoice")
        if owner.business_id and owner.business_id != attempt.business_id:
            raise Rejected("metadata business_id is not the attempt's business")
        check_account(account, attempt.stripe_account_id, "the checkout attempt")
        return Owner(attempt.invoice_id, attempt.business_id, owner.attempt_id, attempt)
    if owner.invoice_id is None:
        raise NotOurs("no Closeout invoice in the metadata")
    invoice = await repo.get_invoice(session, owner.invoice_id)
    if invoice is None:
        # Invoicing's invoice.* event may not have reached us yet.
        raise NotYetKnown(f"invoice {owner.invoice_id} is not known to payments yet")
    if owner.business_id and owner.business_id != invoice.business_id:
        raise Rejected("metadata business_id is not the invoice's business")
    check_account(
        account, await business_account(session, invoice.business_id), "the invoice's business"
    )
    return Owner(owner.invoice_id, invoice.business_id, owner.attempt_id, None)


async def check_payment_account(
    session: AsyncSession, payment: PaymentRecord, account: str | None
) -> None:
    """An event about a recorded card payment must come from the account it was made on."""
    if payment.attempt_id:
        attempt = await repo.get_attempt(session, payment.attempt_id)
        expected = attempt.stripe_account_id if attempt is not None else None
    else:
        expected = await business_account(session, payment.business_id)
    check_account(account, expected, "the payment")


def owner_of_attempt(attempt: AttemptRecord) -> Owner:
    return Owner(attempt.invoice_id, attempt.business_id, attempt.attempt_id, attempt)


def _provider_key(owner: Owner, session_id: str | None, intent_id: str | None) -> str:
    # Our attempt id, not Stripe's ids: one attempt is one session and at most one payment.
    if owner.attempt_id:
        return f"attempt:{owner.attempt_id}"
    if session_id:
        return f"session:{session_id}"
    return f"intent:{intent_id}"


async def _card_payment(
    session: AsyncSession,
    owner: Owner,
    *,
    session_id: str | None,
    intent_id: str | None,
    amount: int | None,
    currency: str | None,
    method: str,
) -> PaymentRecord:
    """The payment these reports are about, created (status pending) on first sight."""
    key = _provider_key(owner, session_id, intent_id)
    existing = await repo.find_payment(session, owner.invoice_id, key)
    if existing is None:
        attempt = owner.attempt
        amount = amount if amount is not None else (attempt.amount if attempt else None)
        currency = currency or (attempt.currency if attempt else None)
        if amount is None or currency is None:
            raise NotYetKnown("no amount/currency for a payment we have not seen yet")
        existing = await repo.insert_payment(
            session,
            NewPayment(
                payment_id=new_id(),
                invoice_id=owner.invoice_id,
                business_id=owner.business_id,
                provider="stripe",
                provider_key=key,
                attempt_id=owner.attempt_id if attempt is not None else None,
                method=method,
                amount=amount,
                currency=currency,
                payment_intent_id=intent_id,
                checkout_session_id=session_id,
                reference=intent_id or session_id,
                status="pending",
            ),
        )
    updates: dict[str, object] = {}
    if intent_id and not existing.payment_intent_id:
        updates.update(payment_intent_id=intent_id, reference=intent_id)
    if session_id and not existing.checkout_session_id:
        updates["checkout_session_id"] = session_id
    if updates:
        await repo.update_payment(session, existing.payment_id, **updates)
        existing = await repo.get_payment(session, existing.payment_id)
        assert existing is not None
    return existing


def ledger_entry(
    payment: PaymentRecord,
    kind: str,
    dedupe_key: str,
    occurred_at: datetime,
    *,
    detail: str | None = None,
) -> NewLedgerEntry:
    """A fact about `payment`, with its amount and reference (`replace` to report others)."""
    return NewLedgerEntry(
        invoice_id=payment.invoice_id,
        business_id=payment.business_id,
        payment_id=payment.payment_id,
        attempt_id=payment.attempt_id,
        kind=kind,
        amount=payment.amount,
        currency=payment.currency,
        method=payment.method,
        reference=payment.reference,
        detail=detail,
        dedupe_key=dedupe_key,
        occurred_at=occurred_at,
    )


async def reload_payment(session: AsyncSession, payment_id: str) -> PaymentRecord:
    row = await repo.get_payment(session, payment_id)
    assert row is not None
    return row


async def _session_payment(
    session: AsyncSession, facts: SessionFacts, owner: Owner
) -> PaymentRecord:
    """The card payment a Checkout session stands for, with its invoice locked."""
    await repo.lock_invoice(session, owner.invoice_id)
    return await _card_payment(
        session,
        owner,
        session_id=facts.session_id,
        intent_id=facts.payment_intent_id,
        amount=facts.amount_total,
        currency=facts.currency,
        method=facts.method,
    )


async def confirm_session(
    session: AsyncSession, facts: SessionFacts, owner: Owner, occurred_at: datetime
) -> str:
    payment = await _session_payment(session, facts, owner)
    if payment.status == "confirmed":
        return "already confirmed"
    changes: dict[str, object] = {"status": "confirmed", "confirmed_at": occurred_at}
    if facts.amount_total is not None:
        changes["amount"] = facts.amount_total
    if facts.currency is not None:
        changes["currency"] = facts.currency
    await repo.update_payment(session, payment.payment_id, **changes)
    payment = await reload_payment(session, payment.payment_id)
    if payment.payment_intent_id:
        # Refunds and disputes that came before this confirmation are applied now.
        await repo.wake_waiting_events(session, payment.payment_intent_id)
    if await repo.add_entry(
        session,
        ledger_entry(payment, "confirmed", f"confirmed:{payment.payment_id}", occurred_at),
    ):
        await publish_payment(
            session,
            "payment.confirmed",
            payment,
            occurred_at=occurred_at,
            correlation_id=owner.correlation_id,
            customer_email=facts.customer_email,
        )
        await schedule_payouts(session, payment)
    if owner.attempt is not None and owner.attempt.application_fee_amount:
        # The platform fee Stripe took on the connected account, beside the payment.
        await repo.add_entry(
            session,
            replace(
                ledger_entry(payment, "application_fee", f"fee:{payment.payment_id}", occurred_at),
                amount=owner.attempt.application_fee_amount,
                reference=owner.attempt.stripe_account_id,
            ),
        )
    if owner.attempt is not None:
        await repo.set_attempt_status(
            session,
            owner.attempt.attempt_id,
            "paid",
            only_from=("creating", "open", "processing", "failed", "expired"),
        )
    return "confirmed"


async def mark_processing(
    session: AsyncSession, facts: SessionFacts, owner: Owner, occurred_at: datetime
) -> str:
    payment = await _session_payment(session, facts, owner)
    if payment.status != "pending":
        return f"payment already {payment.status}"
    await repo.update_payment(session, payment.payment_id, status="processing")
    payment = await reload_payment(session, payment.payment_id)
    if await repo.add_entry(
        session,
        ledger_entry(payment, "processing", f"processing:{payment.payment_id}", occurred_at),
    ):
        await publish_payment(
            session,
            "payment.processing",
            payment,
            occurred_at=occurred_at,
            correlation_id=owner.correlation_id,
        )
    if owner.attempt is not None:
        await repo.set_attempt_status(
            session, owner.attempt.attempt_id, "processing", only_from=("open",)
        )
    return "processing"


async def fail_payment(
    session: AsyncSession,
    owner: Owner,
    *,
    session_id: str | None,
    intent_id: str | None,
    reason: str,
    method: str,
    occurred_at: datetime,
    closes_attempt: bool,
    amount: int | None = None,
    currency: str | None = None,
) -> str:
    await repo.lock_invoice(session, owner.invoice_id)
    payment = None
    if not owner.attempt_id and intent_id:
        known = await repo.payments_by_intent(session, intent_id, owner.invoice_id)
        payment = known[-1] if known else None
    if payment is None:
        payment = await _card_payment(
            session,
            owner,
            session_id=session_id,
            intent_id=intent_id,
            amount=amount,
            currency=currency,
            method=method,
        )
    if closes_attempt and owner.attempt is not None:
        await repo.set_attempt_status(
            session, owner.attempt.attempt_id, "failed", only_from=("open", "processing")
        )
    if payment.status in ("confirmed", "failed"):
        return f"payment already {payment.status}"
    await repo.update_payment(session, payment.payment_id, status="failed")
    payment = await reload_payment(session, payment.payment_id)
    number = await repo.count_entries(session, payment.payment_id, "failed") + 1
    key = f"failed:{payment.payment_id}:{number}"
    await repo.add_entry(session, ledger_entry(payment, "failed", key, occurred_at, detail=reason))
    await publish_payment(
        session,
        "payment.failed",
        payment,
        occurred_at=occurred_at,
        correlation_id=owner.correlation_id,
        failure_reason=reason,
    )
    return "failed"


async def fail_intent(
    session: AsyncSession, failure: IntentFailure, occurred_at: datetime, account: str | None
) -> str:
    """`payment_intent.payment_failed`: resolved through the intent's metadata or our records.
    The intent carries its amount and currency, so an attempt we do not know is recorded too."""
    try:
        owner = await resolve_owner(session, failure.owner, account)
    except NotOurs:
        known = await repo.payments_by_intent(session, failure.payment_intent_id)
        if not known:
            raise
        payment = known[-1]
        await check_payment_account(session, payment, account)
        attempt = (
            await repo.get_attempt(session, payment.attempt_id) if payment.attempt_id else None
        )
        owner = Owner(payment.invoice_id, payment.business_id, payment.attempt_id, attempt)
    return await fail_payment(
        session,
        owner,
        session_id=None,
        intent_id=failure.payment_intent_id,
        reason=failure.reason,
        method=failure.method,
        occurred_at=occurred_at,
        # A declined card leaves the Checkout session open for another try.
        closes_attempt=False,
        amount=failure.amount,
        currency=failure.currency,
    )


async def expire_attempt(
    session: AsyncSession, owner: Owner, occurred_at: datetime, *, detail: str | None = None
) -> str:
    if owner.attempt is None:
        return "unknown attempt"
    await repo.lock_invoice(session, owner.invoice_id)
    attempt = owner.attempt
    await repo.set_attempt_status(
        session, attempt.attempt_id, "expired", only_from=("open", "creating")
    )
    await repo.add_entry(
        session,
        NewLedgerEntry(
            invoice_id=attempt.invoice_id,
            business_id=attempt.business_id,
            attempt_id=attempt.attempt_id,
            kind="checkout_expired",
            amount=attempt.amount,
            currency=attempt.currency,
            method="card",
            reference=attempt.checkout_session_id,
            detail=detail,
            dedupe_key=f"expired:{attempt.attempt_id}",
            occurred_at=occurred_at,
        ),
    )
    return "attempt expired"
