"""Ask Stripe about checkout sessions still unsettled, and apply what the webhook would have."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import repository as repo
from closeout.payments.usecases.card_payments import owner_of_attempt
from closeout.payments.usecases.stripe_events import apply_checkout_session
from closeout.shared.ids import utcnow

log = logging.getLogger(__name__)

BATCH = 100


@dataclass
class ReconcileReport:
    checked: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    errors: int = 0


def as_event_type(status: str | None) -> str | None:
    """The webhook a retrieved session's state stands for (None while it is open)."""
    if status == "complete":
        return "checkout.session.completed"  # paid -> confirmed, unpaid -> processing
    if status == "expired":
        return "checkout.session.expired"
    return None


async def reconcile_once(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
) -> ReconcileReport:
    """Takes the sessionmaker: Stripe is asked with no transaction open, and each session's
    state is applied in a transaction of its own."""
    report = ReconcileReport()
    now = utcnow()
    async with sessionmaker() as session:
        due = await repo.unsettled_attempts(
            session,
            created_before=now - timedelta(seconds=settings.reconcile_after_seconds),
            checked_before=now - timedelta(seconds=settings.reconcile_interval_seconds / 2),
            limit=BATCH,
        )
    for attempt in due:
        report.checked += 1
        try:
            obj = await gateway.retrieve_checkout_session(
                attempt.session_id, stripe_account=attempt.stripe_account_id
            )
            event_type = as_event_type(obj.get("status"))
            async with sessionmaker() as session, session.begin():
                outcome = "still open"
                if event_type is not None:
                    # Our own attempt decides whose session it is, as its metadata would.
                    outcome = await apply_checkout_session(
                        session, event_type, obj, utcnow(), owner_of_attempt(attempt)
                    )
                await repo.mark_reconciled(session, attempt.attempt_id)
        except Exception:
            log.exception("reconciling attempt %s failed", attempt.attempt_id)
            report.errors += 1
            continue
        report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
    return report
