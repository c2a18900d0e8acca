"""Internal API for the customer page: create a Checkout session for an invoice."""

from fastapi import APIRouter, Depends, Response, status

from closeout.payments.api.deps import GatewayDep, RuntimeDep, ServiceDep
from closeout.payments.api.schemas import CheckoutSessionRequest, CheckoutSessionResponse
from closeout.payments.usecases.checkout import CheckoutRequest, start_checkout
from closeout.shared.web.deps import reject_nul_characters

router = APIRouter(
    prefix="/internal/v1", tags=["internal"], dependencies=[Depends(reject_nul_characters)]
)


@router.post(
    "/checkout-sessions",
    status_code=status.HTTP_201_CREATED,
    response_model=CheckoutSessionResponse,
    summary="Create (or reuse) a Stripe Checkout session for an invoice's open balance",
)
async def create_checkout_session(
    body: CheckoutSessionRequest,
    principal: ServiceDep,
    runtime: RuntimeDep,
    gateway: GatewayDep,
    response: Response,
) -> CheckoutSessionResponse:
    # Stripe is called between two transactions: the use case opens them (no session here).
    result = await start_checkout(
        runtime.sessionmaker,
        gateway,
        runtime.settings,
        principal,
        CheckoutRequest(**body.model_dump()),
    )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return CheckoutSessionResponse(
        attempt_id=result.attempt_id,
        checkout_session_id=result.checkout_session_id,
        url=result.url,
    )
