"""Admin API: the payment log, manual payments, claims and refunds."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status

from closeout.payments.api.deps import AdminDep, GatewayDep, RuntimeDep
from closeout.payments.api.schemas import (
    ClaimRejectRequest,
    ClaimRejectResponse,
    LedgerEntryResponse,
    ManualPaymentRequest,
    PaymentLogResponse,
    PaymentResponse,
    RefundRequest,
    RefundResponse,
    RefundStateResponse,
)
from closeout.payments.storage.records import PaymentRecord
from closeout.payments.usecases.manual import (
    ManualPayment,
    confirm_manual,
    reject_claim,
)
from closeout.payments.usecases.payment_log import payment_log as read_payment_log
from closeout.payments.usecases.refunds import start_refund
from closeout.shared.web.deps import SessionDep, reject_nul_characters

router = APIRouter(prefix="/v1", tags=["payments"], dependencies=[Depends(reject_nul_characters)])

IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)
]


def _payment(payment: PaymentRecord) -> PaymentResponse:
    return PaymentResponse.model_validate(payment, from_attributes=True)


@router.get(
    "/invoices/{invoice_id}/payments",
    response_model=PaymentLogResponse,
    summary="The payment log of an invoice: attempts, confirmations, failures, refunds, disputes",
)
async def payment_log(
    invoice_id: str, principal: AdminDep, session: SessionDep
) -> PaymentLogResponse:
    async with session.begin():
        log = await read_payment_log(session, principal, invoice_id)
    return PaymentLogResponse(
        invoice_id=invoice_id,
        payments=[
            _payment(p).model_copy(
                update={
                    "application_fee_amount": log.fees.get(p.payment_id),
                    "partner_share": log.partner_shares.get(p.payment_id, 0),
                }
            )
            for p in log.payments
        ],
        entries=[LedgerEntryResponse.model_validate(e, from_attributes=True) for e in log.entries],
        refunds=[RefundStateResponse.model_validate(vars(r)) for r in log.refunds],
    )


@router.post(
    "/invoices/{invoice_id}/payments/manual",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentResponse,
    summary="Confirm a cash or bank-transfer payment (optionally resolving a customer's claim)",
)
async def confirm_manual_payment(
    invoice_id: str,
    body: ManualPaymentRequest,
    principal: AdminDep,
    session: SessionDep,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PaymentResponse:
    request = ManualPayment(
        invoice_id=invoice_id, idempotency_key=idempotency_key, **body.model_dump()
    )
    async with session.begin():
        payment, created = await confirm_manual(session, principal, request)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _payment(payment)


@router.post(
    "/invoices/{invoice_id}/claims/{claim_id}/reject",
    response_model=ClaimRejectResponse,
    summary="Reject a customer's 'I have paid' claim, with the reason",
)
async def reject_payment_claim(
    invoice_id: str,
    claim_id: str,
    body: ClaimRejectRequest,
    principal: AdminDep,
    session: SessionDep,
) -> ClaimRejectResponse:
    async with session.begin():
        await reject_claim(session, principal, invoice_id, claim_id, body.reason)
    return ClaimRejectResponse(claim_id=claim_id, invoice_id=invoice_id)


@router.post(
    "/payments/{payment_id}/refunds",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RefundResponse,
    summary="Refund a payment (card: through Stripe, applied on charge.refunded; manual: now)",
)
async def refund_payment(
    payment_id: str,
    body: RefundRequest,
    principal: AdminDep,
    runtime: RuntimeDep,
    gateway: GatewayDep,
    idempotency_key: IdempotencyKey = None,
) -> RefundResponse:
    # A card refund asks Stripe between two transactions: the use case opens them.
    result = await start_refund(
        runtime.sessionmaker,
        gateway,
        principal,
        payment_id,
        body.amount,
        body.reason,
        idempotency_key,
        refund_application_fee=body.refund_application_fee,
    )
    return RefundResponse(
        refund_id=result.refund_id,
        payment_id=result.payment_id,
        amount=result.amount,
        status=result.status,
    )
