"""Partner payouts: scheduled with a payment's confirmation, made by a worker, undone by refunds.

A confirmation (webhook, reconciliation or an admin) adds one pending payout per partner in
its own transaction; the worker then makes it a Stripe Transfer with no transaction open,
under the key `payout:<payment id>:<partner id>`, so a crash or an error retries with the same
key and never pays twice. A refund adds a pending reversal (key
`reversal:<payout id>:<refund key>`), made once the payout is paid. A dispute holds a payout
not made yet. Every outcome is a ledger row and a `payment.partner_*` event.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from prometheus_client import Counter
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway, StripeRefused
from closeout.payments.domain.partners import (
    left_to_reverse,
    partner_share,
    retry_delay_seconds,
    reversal_amount,
)
from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import partners as store
from closeout.payments.storage import repository as repo
from closeout.payments.storage.partners import Payout, Reversal
from closeout.payments.storage.records import NewLedgerEntry, PaymentRecord
from closeout.payments.usecases.publishing import publish_partner_payout
from closeout.shared.errors import ConflictError
from closeout.shared.ids import new_id, utcnow

log = logging.getLogger(__name__)

PAYOUT_OUTCOMES = Counter(
    "closeout_partner_payouts",
    "Partner payouts and reversals by outcome (paid, reversed, refused, failed, error)",
    ["outcome"],
)


def payout_key(payout: Payout) -> str:
    return f"payout:{payout.payment_id}:{payout.partner_id}"


def reversal_key(reversal: Reversal) -> str:
    return f"reversal:{reversal.payout_id}:{reversal.refund_key}"


# --- in the transaction that records the fact -------------------------------------------


async def schedule_payouts(session: AsyncSession, payment: PaymentRecord) -> int:
    """With a payment's confirmation: one pending payout per active partner of the business
    whose rule gives a share (a partner of some customers only: invoices to them)."""
    partners = [p for p in await store.partners_of(session, payment.business_id)]
    partners = [p for p in partners if p.status == "active"]
    if not partners:
        return 0
    invoice = await repo.get_invoice(session, payment.invoice_id)
    customer = (invoice.customer_email or "").strip().lower() if invoice is not None else ""
    confirmed_at = payment.confirmed_at or utcnow()
    scheduled = 0
    for partner in partners:
        if partner.customer_emails and customer not in partner.customer_emails:
            continue
        shared = partner.rule_kind == "fixed" and await store.invoice_has_payout(
            session, payment.invoice_id, partner.partner_id
        )
        share = partner_share(
            partner.rule, payment.amount, confirmed_at, invoice_already_shared=shared
        )
        if share <= 0:
            continue
        scheduled += await store.add_payout(
            session,
            payout_id=new_id(),
            partner_id=partner.partner_id,
            business_id=payment.business_id,
            payment_id=payment.payment_id,
            invoice_id=payment.invoice_id,
            amount=share,
            currency=payment.currency,
            status="pending",
        )
    return scheduled


async def reverse_shares(
    session: AsyncSession, payment: PaymentRecord, refund_key: str, before: int, after: int
) -> None:
    """A refund took the payment's refunded total from `before` to `after`: each payout gives
    back its proportional part (made once the payout is paid; skipped if it never is)."""
    for payout in await store.payouts_of_payment(session, payment.payment_id):
        if payout.status == "cancelled":
            continue
        amount = min(
            reversal_amount(payout.amount, payment.amount, before, after),
            await _unreversed(session, payout),
        )
        if amount <= 0:
            continue
        await store.add_reversal(
            session,
            reversal_id=new_id(),
            payout_id=payout.payout_id,
            partner_id=payout.partner_id,
            business_id=payout.business_id,
            refund_key=refund_key,
            amount=amount,
            status="pending",
        )


async def _unreversed(session: AsyncSession, payout: Payout) -> int:
    reversals = await store.reversals_of_payout(session, payout.payout_id)
    return left_to_reverse(payout.amount, [r.amount for r in reversals])


async def hold_for_dispute(
    session: AsyncSession, payment: PaymentRecord, dispute_id: str, *, closed: bool, status: str
) -> None:
    """Opened: payouts not made yet are held. Closed: lost cancels them, any other outcome
    (won, closed with a warning) releases them; lost after a payout was made reverses what
    of it is left (key `reversal:<payout id>:dispute:<dispute id>`). Each step is a ledger row."""
    for payout in await store.payouts_of_payment(session, payment.payment_id):
        if closed and status == "lost" and payout.status == "paid":
            await _reverse_for_lost_dispute(session, payout, dispute_id)
            continue
        if not closed and payout.status == "pending":
            new_status, kind = "held", "partner_payout_held"
        elif closed and payout.status == "held":
            lost = status == "lost"
            new_status = "cancelled" if lost else "pending"
            kind = "partner_payout_cancelled" if lost else "partner_payout_released"
        else:
            continue
        # Released: due at once (it may have been waiting for the partner's account before).
        await store.update_payout(
            session, payout.payout_id, status=new_status, next_attempt_at=func.now()
        )
        await _ledger(session, payout, kind, f"{kind}:{payout.payout_id}:{dispute_id}", dispute_id)


async def _reverse_for_lost_dispute(session: AsyncSession, payout: Payout, dispute_id: str) -> None:
    amount = await _unreversed(session, payout)
    if amount <= 0:
        return
    await store.add_reversal(
        session,
        reversal_id=new_id(),
        payout_id=payout.payout_id,
        partner_id=payout.partner_id,
        business_id=payout.business_id,
        refund_key=f"dispute:{dispute_id}",
        amount=amount,
        status="pending",
    )


async def _ledger(
    session: AsyncSession, payout: Payout, kind: str, key: str, reference: str | None, **extra: int
) -> None:
    payment = await repo.get_payment(session, payout.payment_id)
    await repo.add_entry(
        session,
        NewLedgerEntry(
            invoice_id=payout.invoice_id,
            business_id=payout.business_id,
            payment_id=payout.payment_id,
            attempt_id=payment.attempt_id if payment is not None else None,
            kind=kind,
            amount=extra.get("amount", payout.amount),
            currency=payout.currency,
            method=payment.method if payment is not None else None,
            reference=reference,
            detail=f"partner {payout.partner_id}",
            dedupe_key=key,
            occurred_at=utcnow(),
        ),
    )


# --- the worker: Stripe outside transactions ----------------------------------------------


def _lease(settings: PaymentsSettings) -> timedelta:
    # Longer than the Stripe calls of one try can take (with stripe-python's own retries).
    tries = settings.stripe_max_network_retries + 1
    return timedelta(seconds=2 * tries * settings.stripe_timeout_seconds + 30)


async def pay_next(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
) -> bool:
    """One due payout; False when none is due."""
    async with sessionmaker() as session, session.begin():
        payout = await store.claim_due_payout(session, _lease(settings))
        if payout is None:
            return False
        partner = await store.get_partner(session, payout.partner_id)
        assert partner is not None
        if partner.account_id is None or not partner.payouts_enabled:
            await store.update_payout(
                session,
                payout.payout_id,
                next_attempt_at=func.now()
                + timedelta(seconds=settings.partner_payout_wait_seconds),
                last_error="waiting for the partner's Stripe account to take transfers",
            )
            return True
        payment = await repo.get_payment(session, payout.payment_id)
        assert payment is not None
        on_platform = payment.provider == "stripe" and payment.payment_intent_id is not None
        if on_platform and payment.attempt_id:
            attempt = await repo.get_attempt(session, payment.attempt_id)
            on_platform = attempt is not None and attempt.stripe_account_id is None
    params: dict[str, object] = {
        "amount": payout.amount,
        "currency": payout.currency,
        "destination": partner.account_id,
        "transfer_group": f"invoice_{payout.invoice_id}",
        "metadata": {
            "payout_id": payout.payout_id,
            "partner_id": payout.partner_id,
            "payment_id": payout.payment_id,
            "invoice_id": payout.invoice_id,
        },
    }
    try:
        if on_platform and payment.payment_intent_id is not None:
            # Tied to the charge, the transfer waits for its funds to be available.
            charge = await gateway.latest_charge(payment.payment_intent_id)
            if charge is not None:
                params["source_transaction"] = charge
        transfer_id = await gateway.create_transfer(params, idempotency_key=payout_key(payout))
    except (StripeRefused, ConflictError) as exc:
        await _refused(sessionmaker, settings, payout, str(exc))
        return True
    except Exception as exc:  # Stripe unreachable, or us: waited out, never given up
        PAYOUT_OUTCOMES.labels("error").inc()
        log.warning("partner payout %s: %s (retried)", payout.payout_id, exc)
        async with sessionmaker() as session, session.begin():
            await store.update_payout(
                session,
                payout.payout_id,
                next_attempt_at=func.now() + _backoff(settings, payout.attempts + 1),
                last_error=str(exc)[:2000],
            )
        return True
    async with sessionmaker() as session, session.begin():
        current = await store.get_payout(session, payout.payout_id, lock=True)
        assert current is not None
        if current.status == "paid":
            return True
        # Money moved: paid, even if a dispute held it while Stripe was answering.
        await store.update_payout(
            session,
            payout.payout_id,
            status="paid",
            transfer_id=transfer_id,
            destination=partner.account_id,
            paid_at=func.now(),
            last_error=None,
        )
        await _ledger(
            session, payout, "partner_paid", f"partner_paid:{payout.payout_id}", transfer_id
        )
        await publish_partner_payout(
            session,
            "payment.partner_paid",
            payout,
            account_id=partner.account_id,
            transfer_id=transfer_id,
        )
    PAYOUT_OUTCOMES.labels("paid").inc()
    return True


def _backoff(settings: PaymentsSettings, attempts: int) -> timedelta:
    return timedelta(
        seconds=retry_delay_seconds(attempts, settings.partner_payout_retry_base_seconds)
    )


async def _refused(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: PaymentsSettings,
    payout: Payout,
    reason: str,
) -> None:
    """Stripe refused the transfer: tried again later, up to the limit, then failed (the
    owner sees it in the partner's payouts, ops in the log and the metric)."""
    attempts = payout.attempts + 1
    async with sessionmaker() as session, session.begin():
        if attempts < settings.partner_payout_max_attempts:
            PAYOUT_OUTCOMES.labels("refused").inc()
            log.warning(
                "partner payout %s refused (try %d): %s", payout.payout_id, attempts, reason
            )
            await store.update_payout(
                session,
                payout.payout_id,
                attempts=attempts,
                next_attempt_at=func.now() + _backoff(settings, attempts),
                last_error=reason[:2000],
            )
            return
        PAYOUT_OUTCOMES.labels("failed").inc()
        log.error(
            "partner payout %s failed after %d tries, not paid: %s",
            payout.payout_id,
            attempts,
            reason,
        )
        await store.update_payout(
            session, payout.payout_id, status="failed", attempts=attempts, last_error=reason[:2000]
        )
        await _ledger(
            session, payout, "partner_payout_failed", f"partner_failed:{payout.payout_id}", None
        )
        await publish_partner_payout(
            session,
            "payment.partner_payout_failed",
            payout,
            failure_reason=reason,
            attempts=attempts,
        )


async def reverse_next(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
) -> bool:
    """One due reversal of a paid payout (a payout never made: the reversal is skipped)."""
    async with sessionmaker() as session, session.begin():
        reversal = await store.claim_due_reversal(session, _lease(settings))
        if reversal is None:
            return False
        payout = await store.get_payout(session, reversal.payout_id)
        assert payout is not None
        if payout.status != "paid" or payout.transfer_id is None:
            await store.update_reversal(
                session, reversal.reversal_id, status="skipped", done_at=func.now()
            )
            return True
    try:
        stripe_id = await gateway.create_transfer_reversal(
            payout.transfer_id,
            {"amount": reversal.amount, "metadata": {"refund": reversal.refund_key}},
            idempotency_key=reversal_key(reversal),
        )
    except (StripeRefused, ConflictError) as exc:
        await _reversal_refused(sessionmaker, settings, reversal, payout, str(exc))
        return True
    except Exception as exc:
        PAYOUT_OUTCOMES.labels("error").inc()
        log.warning("partner reversal %s: %s (retried)", reversal.reversal_id, exc)
        async with sessionmaker() as session, session.begin():
            await store.update_reversal(
                session,
                reversal.reversal_id,
                next_attempt_at=func.now() + _backoff(settings, reversal.attempts + 1),
                last_error=str(exc)[:2000],
            )
        return True
    async with sessionmaker() as session, session.begin():
        await store.update_reversal(
            session,
            reversal.reversal_id,
            status="reversed",
            stripe_reversal_id=stripe_id,
            done_at=func.now(),
            last_error=None,
        )
        await _ledger(
            session,
            payout,
            "partner_reversed",
            f"partner_reversed:{reversal.reversal_id}",
            stripe_id,
            amount=reversal.amount,
        )
        await publish_partner_payout(
            session,
            "payment.partner_reversed",
            payout,
            amount=reversal.amount,
            transfer_id=payout.transfer_id,
            reversal_id=stripe_id,
            account_id=payout.destination,
        )
    PAYOUT_OUTCOMES.labels("reversed").inc()
    return True


async def _reversal_refused(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: PaymentsSettings,
    reversal: Reversal,
    payout: Payout,
    reason: str,
) -> None:
    attempts = reversal.attempts + 1
    async with sessionmaker() as session, session.begin():
        if attempts < settings.partner_payout_max_attempts:
            PAYOUT_OUTCOMES.labels("refused").inc()
            await store.update_reversal(
                session,
                reversal.reversal_id,
                attempts=attempts,
                next_attempt_at=func.now() + _backoff(settings, attempts),
                last_error=reason[:2000],
            )
            return
        PAYOUT_OUTCOMES.labels("failed").inc()
        log.error(
            "partner reversal %s failed after %d tries: %s", reversal.reversal_id, attempts, reason
        )
        await store.update_reversal(
            session, reversal.reversal_id, status="failed", attempts=attempts, last_error=reason
        )
        await _ledger(
            session,
            payout,
            "partner_reversal_failed",
            f"partner_reversal_failed:{reversal.reversal_id}",
            payout.transfer_id,
            amount=reversal.amount,
        )
        await publish_partner_payout(
            session,
            "payment.partner_payout_failed",
            payout,
            amount=reversal.amount,
            transfer_id=payout.transfer_id,
            failure_reason=f"reversal refused: {reason}",
            attempts=attempts,
        )
