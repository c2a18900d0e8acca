"""A business's Stripe Connect account: onboarding, status, disconnection, `account.updated`.

The account id is stored only here, from Stripe's answer to our own account creation: never
typed in by anyone. Stripe is called with no transaction held (like checkout), so these take
the sessionmaker and open their own transactions.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import connect as store
from closeout.payments.usecases.card_payments import Rejected
from closeout.payments.usecases.partners import apply_partner_account
from closeout.payments.usecases.publishing import publish_account_updated
from closeout.shared.auth import Principal
from closeout.shared.errors import ConflictError, NotFoundError
from closeout.shared.ids import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConnectStatus:
    business_id: str
    connected: bool
    account_id: str | None
    status: str
    charges_enabled: bool
    details_submitted: bool


def _status(business_id: str, account: store.ConnectAccount | None) -> ConnectStatus:
    if account is None:
        return ConnectStatus(business_id, False, None, "not_connected", False, False)
    connected = account.status != "disconnected"
    return ConnectStatus(
        business_id,
        connected,
        account.account_id,
        account.status,
        account.charges_enabled and connected,
        account.details_submitted,
    )


def _own_business(principal: Principal, business_id: str | None) -> str:
    business = business_id or principal.business_id
    if not principal.can_act_for(business):
        raise NotFoundError("not found")
    return business


async def start_onboarding(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
    principal: Principal,
) -> tuple[str, str]:
    """Create (or reuse) the business's connected account; returns (account id, link URL)."""
    business_id = _own_business(principal, None)
    async with sessionmaker() as session, session.begin():
        account = await store.get_account(session, business_id)
    if account is None or account.status == "disconnected":
        # Deterministic per business and generation: a retried request creates one account.
        generation = 0 if account is None else len(await _history(sessionmaker, business_id))
        created = await gateway.create_account(
            {
                "type": settings.connect_account_type,
                "metadata": {"business_id": business_id},
            },
            idempotency_key=f"connect-account-{business_id}-{generation}",
        )
        async with sessionmaker() as session, session.begin():
            current = await store.get_account(session, business_id, lock=True)
            if current is None or current.status == "disconnected":
                await store.save_account(session, business_id, created.account_id)
                await store.add_history(
                    session, business_id, created.account_id, "created", actor=principal.key_id
                )
                account_id = created.account_id
            else:
                account_id = current.account_id  # a concurrent request won
    else:
        account_id = account.account_id
    url = await gateway.create_account_link(
        {
            "account": account_id,
            "refresh_url": settings.connect_refresh_url,
            "return_url": settings.connect_return_url,
            "type": "account_onboarding",
        }
    )
    return account_id, url


async def _history(
    sessionmaker: async_sessionmaker[AsyncSession], business_id: str
) -> list[dict[str, object]]:
    async with sessionmaker() as session, session.begin():
        return await store.history(session, business_id)


async def connect_status(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    principal: Principal,
    business_id: str | None,
) -> ConnectStatus:
    """The business's account. Until it can take charges, as Stripe sees it now (the owner
    is back from onboarding); from then on `account.updated` webhooks keep it current."""
    business = _own_business(principal, business_id)
    async with sessionmaker() as session, session.begin():
        account = await store.get_account(session, business)
    if account is None or account.status == "disconnected" or account.charges_enabled:
        return _status(business, account)
    fresh = await gateway.retrieve_account(account.account_id)
    async with sessionmaker() as session, session.begin():
        await apply_account_state(
            session, account.account_id, fresh.charges_enabled, fresh.details_submitted
        )
        return _status(business, await store.get_account(session, business))


async def disconnect(
    session: AsyncSession, principal: Principal, business_id: str | None
) -> ConnectStatus:
    business = _own_business(principal, business_id)
    account = await store.get_account(session, business, lock=True)
    if account is None or account.status == "disconnected":
        raise ConflictError("no connected Stripe account")
    await store.update_account(session, business, status="disconnected", charges_enabled=False)
    await store.add_history(
        session, business, account.account_id, "disconnected", actor=principal.key_id
    )
    await publish_account_updated(
        session,
        business,
        account.account_id,
        connected=False,
        charges_enabled=False,
        occurred_at=utcnow(),
    )
    return _status(business, await store.get_account(session, business))


async def apply_account_state(
    session: AsyncSession, account_id: str, charges_enabled: bool, details_submitted: bool
) -> str:
    """Record the account's state; a change of `charges_enabled` is kept and published."""
    account = await store.account_by_id(session, account_id)
    if account is None:
        raise Rejected(f"account {account_id} is not a connected account of any business")
    account = await store.get_account(session, account.business_id, lock=True)
    assert account is not None
    if account.status == "disconnected":
        return "account disconnected: ignored"
    changed = account.charges_enabled != charges_enabled
    status = "connected" if details_submitted or charges_enabled else account.status
    await store.update_account(
        session,
        account.business_id,
        charges_enabled=charges_enabled,
        details_submitted=details_submitted,
        status=status,
    )
    if not changed:
        return "account unchanged"
    await store.add_history(
        session, account.business_id, account_id, "updated", charges_enabled=charges_enabled
    )
    await publish_account_updated(
        session,
        account.business_id,
        account_id,
        connected=True,
        charges_enabled=charges_enabled,
        occurred_at=utcnow(),
    )
    return f"charges_enabled={str(charges_enabled).lower()}"


async def apply_account_updated(
    session: AsyncSession, obj: dict[str, Any], account: str | None
) -> str:
    """`account.updated`: the event's `account` must be the account it describes, and one
    of our businesses' accounts; anything else is rejected (kept with the reason, logged)."""
    account_id = obj.get("id")
    if not isinstance(account_id, str):
        raise Rejected("account.updated without an account id")
    if account is not None and account != account_id:
        raise Rejected(f"event account {account} is not the updated account {account_id}")
    partner_outcome = await apply_partner_account(session, account_id, obj)
    if partner_outcome is not None:
        return partner_outcome
    return await apply_account_state(
        session,
        account_id,
        bool(obj.get("charges_enabled")),
        bool(obj.get("details_submitted")),
    )
