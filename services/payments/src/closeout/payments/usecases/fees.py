"""A business's platform fee rule: set by operators, read by the business's admin."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.payments.domain.fees import FeeRule
from closeout.payments.storage import connect as store
from closeout.shared.auth import Principal
from closeout.shared.errors import InvalidInputError, NotFoundError


async def set_fee_rule(
    session: AsyncSession,
    principal: Principal,
    business_id: str,
    *,
    percent_bps: int,
    fixed_amount: int,
    cap_amount: int | None,
) -> FeeRule:
    try:
        rule = FeeRule(percent_bps=percent_bps, fixed_amount=fixed_amount, cap_amount=cap_amount)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from exc
    await store.put_fee_rule(
        session, business_id, rule, actor=f"{principal.role}:{principal.key_id}"
    )
    return rule


async def read_fee_rule(session: AsyncSession, principal: Principal, business_id: str) -> FeeRule:
    """The rule (no rule: no fee); another business's is not found."""
    if not principal.can_act_for(business_id):
        raise NotFoundError("not found")
    return await store.get_fee_rule(session, business_id) or FeeRule()
