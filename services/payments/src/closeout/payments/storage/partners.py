"""Queries over partners, their payouts and the reversals refunds take back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.partners import PartnerRule, RuleKind
from closeout.payments.storage.tables import partner_payouts, partner_reversals, partners


@dataclass(frozen=True, kw_only=True)
class Partner:
    partner_id: str
    business_id: str
    name: str
    email: str | None
    customer_emails: list[str]
    rule_kind: str
    percent_bps: int
    fixed_amount: int
    cap_amount: int | None
    ends_at: datetime | None
    account_id: str | None
    payouts_enabled: bool
    details_submitted: bool
    status: str
    ended_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def rule(self) -> PartnerRule:
        kind: RuleKind = "fixed" if self.rule_kind == "fixed" else "percent"
        return PartnerRule(
            kind=kind,
            percent_bps=self.percent_bps,
            fixed_amount=self.fixed_amount,
            cap_amount=self.cap_amount,
            ends_at=self.ends_at,
        )


@dataclass(frozen=True, kw_only=True)
class Payout:
    payout_id: str
    partner_id: str
    business_id: str
    payment_id: str
    invoice_id: str
    amount: int
    currency: str
    status: str
    transfer_id: str | None
    destination: str | None
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    paid_at: datetime | None
    updated_at: datetime


@dataclass(frozen=True, kw_only=True)
class Reversal:
    reversal_id: str
    payout_id: str
    partner_id: str
    business_id: str
    refund_key: str
    amount: int
    status: str
    stripe_reversal_id: str | None
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    created_at: datetime
    done_at: datetime | None


# --- partners --------------------------------------------------------------------------


async def insert_partner(session: AsyncSession, **values: object) -> None:
    await session.execute(insert(partners).values(**values))


async def get_partner(
    session: AsyncSession, partner_id: str, *, lock: bool = False
) -> Partner | None:
    stmt = select(partners).where(partners.c.partner_id == partner_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await session.execute(stmt)).mappings().one_or_none()
    return None if row is None else Partner(**row)


async def partner_by_account(session: AsyncSession, account_id: str) -> Partner | None:
    stmt = select(partners).where(partners.c.account_id == account_id)
    row = (await session.execute(stmt)).mappings().one_or_none()
    return None if row is None else Partner(**row)


async def partners_of(session: AsyncSession, business_id: str) -> list[Partner]:
    stmt = (
        select(partners)
        .where(partners.c.business_id == business_id)
        .order_by(partners.c.created_at, partners.c.partner_id)
    )
    return [Partner(**r) for r in (await session.execute(stmt)).mappings()]


async def update_partner(session: AsyncSession, partner_id: str, **values: object) -> None:
    await session.execute(
        update(partners)
        .where(partners.c.partner_id == partner_id)
        .values(**values, updated_at=func.now())
    )


# --- payouts ---------------------------------------------------------------------------


async def add_payout(session: AsyncSession, **values: object) -> bool:
    """False when this payment's payout to this partner already exists."""
    result = await session.execute(
        pg_insert(partner_payouts)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["payment_id", "partner_id"])
        .returning(partner_payouts.c.payout_id)
    )
    return result.first() is not None


async def invoice_has_payout(session: AsyncSession, invoice_id: str, partner_id: str) -> bool:
    stmt = select(partner_payouts.c.payout_id).where(
        partner_payouts.c.invoice_id == invoice_id,
        partner_payouts.c.partner_id == partner_id,
        partner_payouts.c.status != "cancelled",
    )
    return (await session.execute(stmt)).first() is not None


async def get_payout(session: AsyncSession, payout_id: str, *, lock: bool = False) -> Payout | None:
    stmt = select(partner_payouts).where(partner_payouts.c.payout_id == payout_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await session.execute(stmt)).mappings().one_or_none()
    return None if row is None else Payout(**row)


async def payouts_of_payment(session: AsyncSession, payment_id: str) -> list[Payout]:
    stmt = (
        select(partner_payouts)
        .where(partner_payouts.c.payment_id == payment_id)
        .order_by(partner_payouts.c.created_at, partner_payouts.c.payout_id)
    )
    return [Payout(**r) for r in (await session.execute(stmt)).mappings()]


async def payouts_of_partner(
    session: AsyncSession,
    partner_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Payout]:
    stmt = select(partner_payouts).where(partner_payouts.c.partner_id == partner_id)
    if since is not None:
        stmt = stmt.where(partner_payouts.c.created_at >= since)
    if until is not None:
        stmt = stmt.where(partner_payouts.c.created_at < until)
    stmt = stmt.order_by(partner_payouts.c.created_at, partner_payouts.c.payout_id)
    return [Payout(**r) for r in (await session.execute(stmt)).mappings()]


async def update_payout(session: AsyncSession, payout_id: str, **values: object) -> None:
    await session.execute(
        update(partner_payouts)
        .where(partner_payouts.c.payout_id == payout_id)
        .values(**values, updated_at=func.now())
    )


async def claim_due_payout(session: AsyncSession, lease: timedelta) -> Payout | None:
    """The next pending payout that is due, its next try pushed `lease` ahead (so a crash
    mid-call retries it later, with the same idempotency key)."""
    stmt = (
        select(partner_payouts)
        .where(
            partner_payouts.c.status == "pending",
            partner_payouts.c.next_attempt_at <= func.now(),
        )
        .order_by(partner_payouts.c.next_attempt_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    row = (await session.execute(stmt)).mappings().one_or_none()
    if row is None:
        return None
    await update_payout(session, row["payout_id"], next_attempt_at=func.now() + lease)
    return Payout(**row)


async def wake_payouts_of(session: AsyncSession, partner_id: str) -> None:
    """The partner's account can take transfers now: its waiting payouts are due at once."""
    await session.execute(
        update(partner_payouts)
        .where(partner_payouts.c.partner_id == partner_id, partner_payouts.c.status == "pending")
        .values(next_attempt_at=func.now())
    )


# --- reversals -------------------------------------------------------------------------


async def add_reversal(session: AsyncSession, **values: object) -> bool:
    result = await session.execute(
        pg_insert(partner_reversals)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["payout_id", "refund_key"])
        .returning(partner_reversals.c.reversal_id)
    )
    return result.first() is not None


async def reversals_of_payout(session: AsyncSession, payout_id: str) -> list[Reversal]:
    stmt = (
        select(partner_reversals)
        .where(partner_reversals.c.payout_id == payout_id)
        .order_by(partner_reversals.c.created_at, partner_reversals.c.reversal_id)
    )
    return [Reversal(**r) for r in (await session.execute(stmt)).mappings()]


async def reversals_of_partner(
    session: AsyncSession,
    partner_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Reversal]:
    stmt = select(partner_reversals).where(partner_reversals.c.partner_id == partner_id)
    if since is not None:
        stmt = stmt.where(partner_reversals.c.created_at >= since)
    if until is not None:
        stmt = stmt.where(partner_reversals.c.created_at < until)
    stmt = stmt.order_by(partner_reversals.c.created_at, partner_reversals.c.reversal_id)
    return [Reversal(**r) for r in (await session.execute(stmt)).mappings()]


async def update_reversal(session: AsyncSession, reversal_id: str, **values: object) -> None:
    await session.execute(
        update(partner_reversals)
        .where(partner_reversals.c.reversal_id == reversal_id)
        .values(**values)
    )


async def claim_due_reversal(session: AsyncSession, lease: timedelta) -> Reversal | None:
    """The next pending reversal whose payout has been paid (or has ended without a transfer,
    so the reversal is skipped), pushed `lease` ahead like a payout."""
    stmt = (
        select(partner_reversals)
        .join(partner_payouts, partner_payouts.c.payout_id == partner_reversals.c.payout_id)
        .where(
            partner_reversals.c.status == "pending",
            partner_reversals.c.next_attempt_at <= func.now(),
            partner_payouts.c.status.in_(("paid", "failed", "cancelled")),
        )
        .order_by(partner_reversals.c.next_attempt_at)
        .limit(1)
        .with_for_update(of=partner_reversals, skip_locked=True)
    )
    row = (await session.execute(stmt)).mappings().one_or_none()
    if row is None:
        return None
    await update_reversal(session, row["reversal_id"], next_attempt_at=func.now() + lease)
    return Reversal(**row)
