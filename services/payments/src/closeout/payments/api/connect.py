"""Stripe Connect: a business connects its Stripe account; operators set its platform fee."""

from fastapi import APIRouter, Depends

from closeout.payments.api.deps import AdminDep, GatewayDep, OpsDep, RuntimeDep
from closeout.payments.api.schemas import (
    ConnectOnboardingResponse,
    ConnectStatusResponse,
    FeeRuleBody,
)
from closeout.payments.domain.fees import FeeRule
from closeout.payments.usecases.connect import (
    ConnectStatus,
    connect_status,
    disconnect,
    start_onboarding,
)
from closeout.payments.usecases.fees import read_fee_rule, set_fee_rule
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(prefix="/v1", tags=["connect"], dependencies=[Depends(reject_nul_characters)])


def _status(status: ConnectStatus) -> ConnectStatusResponse:
    return ConnectStatusResponse.model_validate(vars(status))


def _rule(business_id: str, rule: FeeRule) -> FeeRuleBody:
    return FeeRuleBody(business_id=business_id, **vars(rule))


@router.post(
    "/connect/onboarding",
    response_model=ConnectOnboardingResponse,
    summary="Create (or reuse) the business's connected Stripe account; a Stripe onboarding link",
)
async def onboarding(
    principal: AdminDep, runtime: RuntimeDep, gateway: GatewayDep
) -> ConnectOnboardingResponse:
    # Stripe is called between transactions: the use case opens them.
    account_id, url = await start_onboarding(
        runtime.sessionmaker, gateway, runtime.settings, principal
    )
    return ConnectOnboardingResponse(account_id=account_id, url=url)


@router.get(
    "/connect/status",
    response_model=ConnectStatusResponse,
    summary="The business's connected account: id, charges_enabled, details_submitted",
)
async def status_of_own(
    principal: AdminDep, runtime: RuntimeDep, gateway: GatewayDep
) -> ConnectStatusResponse:
    return _status(await connect_status(runtime.sessionmaker, gateway, principal, None))


@router.get(
    "/businesses/{business_id}/connect/status",
    response_model=ConnectStatusResponse,
    summary="A business's connected account (its own admin only; others get 404)",
)
async def status_of(
    business_id: str, principal: AdminDep, runtime: RuntimeDep, gateway: GatewayDep
) -> ConnectStatusResponse:
    return _status(await connect_status(runtime.sessionmaker, gateway, principal, business_id))


@router.post(
    "/connect/disconnect",
    response_model=ConnectStatusResponse,
    summary="Record that the business disconnected its Stripe account (card payments: platform)",
)
async def disconnect_own(principal: AdminDep, session: SessionDep) -> ConnectStatusResponse:
    async with session.begin():
        return _status(await disconnect(session, principal, None))


@router.get(
    "/businesses/{business_id}/fee-rule",
    response_model=FeeRuleBody,
    summary="The platform fee rule on the business's card payments (its own admin only)",
)
async def get_fee_rule(business_id: str, principal: AdminDep, session: SessionDep) -> FeeRuleBody:
    async with session.begin():
        return _rule(business_id, await read_fee_rule(session, principal, business_id))


@router.put(
    "/ops/businesses/{business_id}/fee-rule",
    response_model=FeeRuleBody,
    summary="Set a business's platform fee rule (operators)",
)
async def put_fee_rule(
    business_id: str, body: FeeRuleBody, principal: OpsDep, session: SessionDep
) -> FeeRuleBody:
    async with session.begin():
        rule = await set_fee_rule(
            session,
            principal,
            business_id,
            percent_bps=body.percent_bps,
            fixed_amount=body.fixed_amount,
            cap_amount=body.cap_amount,
        )
    return _rule(business_id, rule)
