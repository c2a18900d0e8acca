"""Queries over the Connect tables: a business's connected account, its history, its fee rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.fees import FeeRule
from closeout.payments.storage.tables import connect_account_history, connect_accounts, fee_rules


@dataclass(frozen=True, kw_only=True)
class ConnectAccount:
    business_id: str
    account_id: str
    status: str
    charges_enabled: bool
    details_submitted: bool
    created_at: datetime
    updated_at: datetime


async def get_account(
    session: AsyncSession, business_id: str, *, lock: bool = False
) -> ConnectAccount | None:
    stmt = select(connect_accounts).where(connect_accounts.c.business_id == business_id)
    if lock:
        stmt = stmt.with_for_update()
    row = (await session.execute(stmt)).mappings().one_or_none()
    return None if row is None else ConnectAccount(**row)


async def account_by_id(session: AsyncSession, account_id: str) -> ConnectAccount | None:
    stmt = select(connect_accounts).where(connect_accounts.c.account_id == account_id)
    row = (await session.execute(stmt)).mappings().one_or_none()
    return None if row is None else ConnectAccount(**row)


async def save_account(session: AsyncSession, business_id: str, account_id: str) -> None:
    """The business's account (a new one replaces a disconnected one), onboarding again."""
    stmt = pg_insert(connect_accounts).values(
        business_id=business_id, account_id=account_id, status="onboarding"
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["business_id"],
            set_={
                "account_id": account_id,
                "status": "onboarding",
                "charges_enabled": False,
                "details_submitted": False,
                "updated_at": func.now(),
            },
        )
    )


async def update_account(session: AsyncSession, business_id: str, **values: object) -> None:
    await session.execute(
        update(connect_accounts)
        .where(connect_accounts.c.business_id == business_id)
        .values(**values, updated_at=func.now())
    )


async def add_history(
    session: AsyncSession,
    business_id: str,
    account_id: str,
    action: str,
    *,
    charges_enabled: bool | None = None,
    actor: str | None = None,
) -> None:
    await session.execute(
        insert(connect_account_history).values(
            business_id=business_id,
            account_id=account_id,
            action=action,
            charges_enabled=charges_enabled,
            actor=actor,
        )
    )


async def history(session: AsyncSession, business_id: str) -> list[dict[str, object]]:
    stmt = (
        select(connect_account_history)
        .where(connect_account_history.c.business_id == business_id)
        .order_by(connect_account_history.c.id)
    )
    return [dict(r) for r in (await session.execute(stmt)).mappings()]


async def get_fee_rule(session: AsyncSession, business_id: str) -> FeeRule | None:
    stmt = select(fee_rules).where(fee_rules.c.business_id == business_id)
    row = (await session.execute(stmt)).mappings().one_or_none()
    if row is None:
        return None
    return FeeRule(
        percent_bps=row["percent_bps"],
        fixed_amount=row["fixed_amount"],
        cap_amount=row["cap_amount"],
    )


async def put_fee_rule(
    session: AsyncSession, business_id: str, rule: FeeRule, *, actor: str | None
) -> None:
    values = {
        "percent_bps": rule.percent_bps,
        "fixed_amount": rule.fixed_amount,
        "cap_amount": rule.cap_amount,
        "updated_by": actor,
    }
    stmt = pg_insert(fee_rules).values(business_id=business_id, **values)
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["business_id"], set_={**values, "updated_at": func.now()}
        )
    )
