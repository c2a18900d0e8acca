"""Partners of a business (its own admin only; another business's partner is not found)."""

from fastapi import APIRouter, Depends, status

from closeout.payments.api.deps import AdminDep, GatewayDep, RuntimeDep
from closeout.payments.api.schemas import (
    ConnectOnboardingResponse,
    FixedRuleBody,
    PartnerCreateRequest,
    PartnerPayoutResponse,
    PartnerResponse,
    PartnerReversalResponse,
    PartnerStatementResponse,
    PartnerTotalsResponse,
    PartnerUpdateRequest,
    PercentRuleBody,
)
from closeout.payments.storage.partners import Partner
from closeout.payments.usecases.partners import (
    PartnerInput,
    RuleInput,
    create_partner,
    end_partner,
    list_partners,
    owned_partner,
    partner_statement,
    start_partner_onboarding,
    update_partner,
)
from closeout.shared.contracts.common import Timestamp
from closeout.shared.web.deps import SessionDep, reject_nul_characters
from closeout.shared.web.problem_docs import problem_responses

router = APIRouter(prefix="/v1", tags=["partners"], dependencies=[Depends(reject_nul_characters)])


def _partner(partner: Partner) -> PartnerResponse:
    rule = partner.rule
    return PartnerResponse(
        partner_id=partner.partner_id,
        business_id=partner.business_id,
        name=partner.name,
        email=partner.email,
        customer_emails=partner.customer_emails,
        rule=(
            FixedRuleBody(
                kind="fixed",
                fixed_amount=rule.fixed_amount,
                cap_amount=rule.cap_amount,
                ends_at=rule.ends_at,
            )
            if rule.kind == "fixed"
            else PercentRuleBody(
                kind="percent",
                percent_bps=rule.percent_bps,
                cap_amount=rule.cap_amount,
                ends_at=rule.ends_at,
            )
        ),
        account_id=partner.account_id,
        payouts_enabled=partner.payouts_enabled,
        details_submitted=partner.details_submitted,
        status="ended" if partner.status == "ended" else "active",
        ended_at=partner.ended_at,
        created_at=partner.created_at,
    )


def _rule(body: PercentRuleBody | FixedRuleBody) -> RuleInput:
    if isinstance(body, FixedRuleBody):
        return RuleInput("fixed", 0, body.fixed_amount, body.cap_amount, body.ends_at)
    return RuleInput("percent", body.percent_bps, 0, body.cap_amount, body.ends_at)


@router.post(
    "/partners",
    status_code=status.HTTP_201_CREATED,
    response_model=PartnerResponse,
    summary="Add a partner earning a share of the business's paid invoices",
)
async def create(
    body: PartnerCreateRequest, principal: AdminDep, session: SessionDep
) -> PartnerResponse:
    data = PartnerInput(body.name, body.email, body.customer_emails, _rule(body.rule))
    async with session.begin():
        return _partner(await create_partner(session, principal, data))


@router.get(
    "/partners",
    response_model=list[PartnerResponse],
    summary="The business's partners (ended ones too)",
)
async def list_all(principal: AdminDep, session: SessionDep) -> list[PartnerResponse]:
    async with session.begin():
        return [_partner(p) for p in await list_partners(session, principal)]


@router.get("/partners/{partner_id}", response_model=PartnerResponse, summary="A partner")
async def get(partner_id: str, principal: AdminDep, session: SessionDep) -> PartnerResponse:
    async with session.begin():
        return _partner(await owned_partner(session, principal, partner_id))


@router.patch(
    "/partners/{partner_id}",
    response_model=PartnerResponse,
    summary="Change a partner's details or rule (applies to payments confirmed from now on)",
)
async def update(
    partner_id: str, body: PartnerUpdateRequest, principal: AdminDep, session: SessionDep
) -> PartnerResponse:
    async with session.begin():
        partner = await update_partner(
            session,
            principal,
            partner_id,
            name=body.name,
            email=body.email,
            customer_emails=body.customer_emails,
            rule=_rule(body.rule) if body.rule is not None else None,
        )
    return _partner(partner)


@router.post(
    "/partners/{partner_id}/end",
    response_model=PartnerResponse,
    summary="End a partner: no share of payments confirmed from now on (due payouts are made)",
)
async def end(partner_id: str, principal: AdminDep, session: SessionDep) -> PartnerResponse:
    async with session.begin():
        return _partner(await end_partner(session, principal, partner_id))


@router.post(
    "/partners/{partner_id}/onboarding",
    response_model=ConnectOnboardingResponse,
    summary="Create (or reuse) the partner's connected Stripe account; a Stripe onboarding link",
    responses=problem_responses(409, 502),
)
async def onboarding(
    partner_id: str, principal: AdminDep, runtime: RuntimeDep, gateway: GatewayDep
) -> ConnectOnboardingResponse:
    # Stripe is called between transactions: the use case opens them.
    account_id, url = await start_partner_onboarding(
        runtime.sessionmaker, gateway, runtime.settings, principal, partner_id
    )
    return ConnectOnboardingResponse(account_id=account_id, url=url)


@router.get(
    "/partners/{partner_id}/statement",
    response_model=PartnerStatementResponse,
    summary="A partner's payouts and reversals recorded in [since, until), with totals",
)
async def statement(
    partner_id: str,
    principal: AdminDep,
    session: SessionDep,
    since: Timestamp | None = None,
    until: Timestamp | None = None,
) -> PartnerStatementResponse:
    async with session.begin():
        found = await partner_statement(session, principal, partner_id, since=since, until=until)
    return PartnerStatementResponse(
        partner=_partner(found.partner),
        since=found.since,
        until=found.until,
        payouts=[
            PartnerPayoutResponse.model_validate(p, from_attributes=True) for p in found.payouts
        ],
        reversals=[
            PartnerReversalResponse.model_validate(r, from_attributes=True) for r in found.reversals
        ],
        totals=[PartnerTotalsResponse.model_validate(vars(t)) for t in found.totals],
    )
