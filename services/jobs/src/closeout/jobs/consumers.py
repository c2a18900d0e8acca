"""Kafka handlers: field-platform reports on `jobs.inbound` and on each platform's own topic
(read by `workers.PlatformIntake`); `invoice.*` and `payment.*` for the billing mirror."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.jobs.domain.jobs import ACTION_OF_INBOUND, JobConflictError
from closeout.jobs.settings import JobsSettings
from closeout.jobs.usecases import billing_mirror, platforms, reporting
from closeout.shared.contracts.invoices import InvoiceEvent
from closeout.shared.contracts.jobs import InboundJob
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.events import Envelope
from closeout.shared.events.catalogue import CATALOGUE, JOBS_INBOUND_TOPIC
from closeout.shared.kafka import EventConsumer, PermanentError
from closeout.shared.kafka.consumer import Handler

INVOICE_EVENTS = sorted(t for t, s in CATALOGUE.items() if s.data_model is InvoiceEvent)
PAYMENT_EVENTS = sorted(t for t, s in CATALOGUE.items() if s.data_model is PaymentEvent)


async def on_inbound(event: Envelope[InboundJob], session: AsyncSession) -> None:
    """A field platform's report, from `jobs.inbound` or (once its grant is checked) from the
    platform's own topic."""
    try:
        await reporting.report_job(
            session,
            business_id=event.business_id,
            action=ACTION_OF_INBOUND[event.type],
            job=event.data,
            source=event.source,
            correlation_id=event.correlation_id,
            reported_at=event.time,
        )
    except JobConflictError as exc:
        raise PermanentError(str(exc)) from exc


def not_granted_reason(platform: str, business_id: str) -> str:
    return (
        f"platform {platform!r} may not report jobs for business {business_id!r} "
        f"(grant it with: closeout-jobs grant-platform {platform} {business_id}, "
        "then replay this dead letter)"
    )


def platform_report_handler(platform: str) -> Handler:
    """A report on the platform's own topic: handled as one on `jobs.inbound` once the
    platform is granted the report's business, dead-lettered with the reason otherwise."""

    async def on_platform_report(event: Envelope[InboundJob], session: AsyncSession) -> None:
        if not await platforms.is_granted(session, platform, event.business_id):
            raise PermanentError(not_granted_reason(platform, event.business_id))
        await on_inbound(event, session)

    return on_platform_report


def build_consumer(settings: JobsSettings) -> EventConsumer:
    """One consumer per app instance (it is bound to that instance's database)."""
    consumer = EventConsumer(
        settings.consumer_group,
        max_attempts=settings.consumer_max_attempts,
        retry_base_seconds=settings.consumer_retry_base_seconds,
    )

    for event_type in ACTION_OF_INBOUND:
        consumer.on(event_type, topic=JOBS_INBOUND_TOPIC, data_model=InboundJob)(on_inbound)

    async def on_invoice(event: Envelope[InvoiceEvent], session: AsyncSession) -> None:
        await billing_mirror.apply_invoice_event(
            session,
            business_id=event.business_id,
            event_type=event.type,
            data=event.data,
            event_time=event.time,
        )

    for event_type in INVOICE_EVENTS:
        consumer.on(event_type)(on_invoice)

    async def on_payment(event: Envelope[PaymentEvent], session: AsyncSession) -> None:
        await billing_mirror.apply_payment_event(
            session,
            business_id=event.business_id,
            event_type=event.type,
            data=event.data,
            event_time=event.time,
        )

    for event_type in PAYMENT_EVENTS:
        consumer.on(event_type)(on_payment)

    return consumer
