"""A business's partners: their share rule, their connected account and their statement.

Only the business's own admin sees or changes a partner; any other caller gets 404. The
partner's account id is stored only from Stripe's answer to our own account creation, and
`account.updated` keeps its state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.adapters.stripe_gateway import StripeGateway
from closeout.payments.domain.partners import PartnerRule, RuleKind
from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import partners as store
from closeout.payments.storage.partners import Partner, Payout, Reversal
from closeout.shared.auth import ANY_BUSINESS, Principal
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError
from closeout.shared.ids import new_id, utcnow


@dataclass(frozen=True)
class RuleInput:
    kind: RuleKind
    percent_bps: int
    fixed_amount: int
    cap_amount: int | None
    ends_at: datetime | None


@dataclass(frozen=True)
class PartnerInput:
    name: str
    email: str | None
    customer_emails: list[str]
    rule: RuleInput


@dataclass(frozen=True)
class CurrencyTotals:
    currency: str
    paid: int
    reversed: int
    net: int
    failed: int
    pending: int


@dataclass(frozen=True)
class Statement:
    partner: Partner
    since: datetime | None
    until: datetime | None
    payouts: list[Payout]
    reversals: list[Reversal]
    totals: list[CurrencyTotals]


def _rule(rule: RuleInput) -> PartnerRule:
    try:
        return PartnerRule(
            kind=rule.kind,
            percent_bps=rule.percent_bps if rule.kind == "percent" else 0,
            fixed_amount=rule.fixed_amount if rule.kind == "fixed" else 0,
            cap_amount=rule.cap_amount,
            ends_at=_aware(rule.ends_at),
        )
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from exc


def _rule_columns(rule: PartnerRule) -> dict[str, object]:
    return {
        "rule_kind": rule.kind,
        "percent_bps": rule.percent_bps,
        "fixed_amount": rule.fixed_amount,
        "cap_amount": rule.cap_amount,
        "ends_at": rule.ends_at,
    }


def _emails(emails: list[str]) -> list[str]:
    return sorted({e.strip().lower() for e in emails if e.strip()})


def _own_business(principal: Principal) -> str:
    if principal.business_id == ANY_BUSINESS:
        raise InvalidInputError("partners belong to a business: use that business's key")
    return principal.business_id


async def owned_partner(
    session: AsyncSession, principal: Principal, partner_id: str, *, lock: bool = False
) -> Partner:
    partner = await store.get_partner(session, partner_id, lock=lock)
    if partner is None or not principal.can_act_for(partner.business_id):
        raise NotFoundError("partner not found")
    return partner


async def create_partner(
    session: AsyncSession, principal: Principal, data: PartnerInput
) -> Partner:
    business_id = _own_business(principal)
    rule = _rule(data.rule)
    partner_id = new_id()
    await store.insert_partner(
        session,
        partner_id=partner_id,
        business_id=business_id,
        name=data.name,
        email=data.email,
        customer_emails=_emails(data.customer_emails),
        **_rule_columns(rule),
    )
    return await owned_partner(session, principal, partner_id)


async def list_partners(session: AsyncSession, principal: Principal) -> list[Partner]:
    return await store.partners_of(session, principal.business_id)


async def update_partner(
    session: AsyncSession,
    principal: Principal,
    partner_id: str,
    *,
    name: str | None,
    email: str | None,
    customer_emails: list[str] | None,
    rule: RuleInput | None,
) -> Partner:
    """Change what is given; the new rule applies to payments confirmed from now on."""
    partner = await owned_partner(session, principal, partner_id, lock=True)
    if partner.status == "ended":
        raise ConflictError("the partner has ended")
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = name
    if email is not None:
        values["email"] = email
    if customer_emails is not None:
        values["customer_emails"] = _emails(customer_emails)
    if rule is not None:
        values.update(_rule_columns(_rule(rule)))
    if values:
        await store.update_partner(session, partner_id, **values)
    return await owned_partner(session, principal, partner_id)


async def end_partner(session: AsyncSession, principal: Principal, partner_id: str) -> Partner:
    """No share of payments confirmed from now on; payouts already due are still made."""
    partner = await owned_partner(session, principal, partner_id, lock=True)
    if partner.status != "ended":
        await store.update_partner(session, partner_id, status="ended", ended_at=utcnow())
    return await owned_partner(session, principal, partner_id)


async def start_partner_onboarding(
    sessionmaker: async_sessionmaker[AsyncSession],
    gateway: StripeGateway,
    settings: PaymentsSettings,
    principal: Principal,
    partner_id: str,
) -> tuple[str, str]:
    """The partner's connected account (created once) and a Stripe onboarding link for it.
    Stripe is called with no transaction open, so this takes the sessionmaker."""
    async with sessionmaker() as session, session.begin():
        partner = await owned_partner(session, principal, partner_id)
    if partner.status == "ended":
        raise ConflictError("the partner has ended")
    account_id = partner.account_id
    if account_id is None:
        created = await gateway.create_account(
            {
                "type": settings.connect_account_type,
                "capabilities": {"transfers": {"requested": True}},
                "metadata": {"partner_id": partner_id, "business_id": partner.business_id},
            },
            idempotency_key=f"partner-account-{partner_id}",
        )
        async with sessionmaker() as session, session.begin():
            current = await owned_partner(session, principal, partner_id, lock=True)
            account_id = current.account_id
            if account_id is None:  # else a concurrent request stored the same account
                account_id = created.account_id
                await store.update_partner(session, partner_id, account_id=account_id)
    url = await gateway.create_account_link(
        {
            "account": account_id,
            "refresh_url": settings.partner_onboarding_refresh_url,
            "return_url": settings.partner_onboarding_return_url,
            "type": "account_onboarding",
        }
    )
    return account_id, url


async def apply_partner_account(
    session: AsyncSession, account_id: str, obj: dict[str, Any]
) -> str | None:
    """`account.updated` about a partner's account: its state kept (payouts waiting for it
    are made at once); None when the account is not a partner's."""
    partner = await store.partner_by_account(session, account_id)
    if partner is None:
        return None
    capabilities = obj.get("capabilities")
    transfers = capabilities.get("transfers") if isinstance(capabilities, dict) else None
    payouts_enabled = bool(obj.get("payouts_enabled")) or transfers == "active"
    await store.update_partner(
        session,
        partner.partner_id,
        payouts_enabled=payouts_enabled,
        details_submitted=bool(obj.get("details_submitted")),
    )
    if payouts_enabled:
        await store.wake_payouts_of(session, partner.partner_id)
    return f"partner {partner.partner_id} payouts_enabled={str(payouts_enabled).lower()}"


def _aware(moment: datetime | None) -> datetime | None:
    """A time given without a zone is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


async def partner_statement(
    session: AsyncSession,
    principal: Principal,
    partner_id: str,
    *,
    since: datetime | None,
    until: datetime | None,
) -> Statement:
    """The partner's payouts and reversals recorded in [since, until), and per currency what
    was paid, taken back, the net, and what failed or is still to be paid (an empty period:
    nothing)."""
    since, until = _aware(since), _aware(until)
    partner = await owned_partner(session, principal, partner_id)
    payouts = await store.payouts_of_partner(session, partner_id, since=since, until=until)
    reversals = await store.reversals_of_partner(session, partner_id, since=since, until=until)
    # A reversal in the period of a payout made before it still counts in its currency.
    all_payouts = {p.payout_id: p for p in payouts}
    for reversal in reversals:
        if reversal.payout_id not in all_payouts:
            earlier = await store.get_payout(session, reversal.payout_id)
            if earlier is not None:
                all_payouts[earlier.payout_id] = earlier
    totals = _totals(payouts, list(all_payouts.values()), reversals)
    return Statement(partner, since, until, payouts, reversals, totals)


def _totals(
    in_period: list[Payout], for_currency: list[Payout], reversals: list[Reversal]
) -> list[CurrencyTotals]:
    currency_of = {p.payout_id: p.currency for p in for_currency}
    currencies = sorted({p.currency for p in in_period} | set(currency_of.values()))
    totals = []
    for currency in currencies:
        mine = [p for p in in_period if p.currency == currency]
        paid = sum(p.amount for p in mine if p.status == "paid")
        reversed_ = sum(
            r.amount
            for r in reversals
            if r.status == "reversed" and currency_of.get(r.payout_id) == currency
        )
        failed = sum(p.amount for p in mine if p.status == "failed")
        pending = sum(p.amount for p in mine if p.status in ("pending", "held"))
        totals.append(CurrencyTotals(currency, paid, reversed_, paid - reversed_, failed, pending))
    return totals
