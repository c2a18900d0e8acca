"""Kafka handlers: `job.*` create, follow and cancel invoices; `payment.*` apply payment facts
(a failed refund is undone)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.usecases import cancellations, invoices, payments
from closeout.invoicing.usecases.business import UnknownBusinessError
from closeout.invoicing.usecases.links import Linker
from closeout.shared.contracts.jobs import JobCancelled, JobCompleted, JobUpdated
from closeout.shared.contracts.payments import ClaimRejected, PaymentEvent, RefundFailed
from closeout.shared.events import Envelope
from closeout.shared.events.envelope import EnvelopeHeader
from closeout.shared.kafka import EventConsumer, PermanentError

PAYMENT_FACTS = (
    "payment.confirmed",
    "payment.failed",
    "payment.processing",
    "payment.refunded",
    "payment.disputed",
    "payment.dispute_closed",
)


def _actor(event: EnvelopeHeader) -> str:
    return f"event:{event.type}:{event.id}"


def build_consumer(settings: InvoicingSettings) -> EventConsumer:
    """One consumer per app instance (it is bound to that instance's database)."""
    consumer = EventConsumer(
        settings.consumer_group,
        max_attempts=settings.consumer_max_attempts,
        retry_base_seconds=settings.consumer_retry_base_seconds,
        ignore_unrouted=True,
    )

    @consumer.on("job.completed")
    async def on_job_completed(event: Envelope[JobCompleted], session: AsyncSession) -> None:
        try:
            await invoices.bill_job(
                session,
                event.data,
                business_id=event.business_id,
                correlation_id=event.correlation_id,
                actor=_actor(event),
                linker=Linker.of(settings),
            )
        except UnknownBusinessError as exc:
            raise PermanentError(str(exc)) from exc

    @consumer.on("job.updated")
    async def on_job_updated(event: Envelope[JobUpdated], session: AsyncSession) -> None:
        await invoices.follow_job(
            session, event.data, business_id=event.business_id, actor=_actor(event)
        )

    @consumer.on("job.cancelled")
    async def on_job_cancelled(event: Envelope[JobCancelled], session: AsyncSession) -> None:
        await cancellations.cancel_job(
            session, event.data, business_id=event.business_id, actor=_actor(event)
        )

    async def on_payment_fact(event: Envelope[PaymentEvent], session: AsyncSession) -> None:
        try:
            await payments.apply_payment_fact(
                session, event.type, event.data, business_id=event.business_id, actor=_actor(event)
            )
        except (payments.ForeignFactError, ValueError) as exc:
            raise PermanentError(str(exc)) from exc

    for event_type in PAYMENT_FACTS:
        consumer.on(event_type)(on_payment_fact)

    @consumer.on("payment.refund_failed")
    async def on_refund_failed(event: Envelope[RefundFailed], session: AsyncSession) -> None:
        try:
            await payments.apply_refund_failure(
                session, event.data, business_id=event.business_id, actor=_actor(event)
            )
        except (payments.ForeignFactError, ValueError) as exc:
            raise PermanentError(str(exc)) from exc

    @consumer.on("payment.claim_rejected")
    async def on_claim_rejected(event: Envelope[ClaimRejected], session: AsyncSession) -> None:
        try:
            await payments.reject_claim(
                session, event.data, business_id=event.business_id, actor=_actor(event)
            )
        except payments.ForeignFactError as exc:
            raise PermanentError(str(exc)) from exc

    return consumer
