"""The notifications service: consumers record messages, the delivery worker sends them."""

import asyncio

from fastapi import FastAPI

from closeout.notifications.alerts import DeadLetterAlerts
from closeout.notifications.api.routes import router
from closeout.notifications.channels import Channel, EmailChannel, SmsChannel
from closeout.notifications.consumers import build_consumer
from closeout.notifications.delivery import DeliveryWorker
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from closeout.shared.web.runtime import BackgroundTask, ServiceRuntime


def default_channels(settings: NotificationsSettings) -> dict[str, Channel]:
    channels: dict[str, Channel] = {"email": EmailChannel(settings)}
    if settings.sms_enabled:
        channels["sms"] = SmsChannel()
    return channels


def create_app(
    settings: ServiceSettings | None = None, *, channels: dict[str, Channel] | None = None
) -> FastAPI:
    if settings is None:
        settings = NotificationsSettings()
    if not isinstance(settings, NotificationsSettings):
        raise TypeError("the notifications service needs NotificationsSettings")
    worker = DeliveryWorker(settings, channels or default_channels(settings))

    async def delivery_worker(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
        await worker.run(runtime.sessionmaker, stop)

    consumer = build_consumer(settings)
    background: list[BackgroundTask] = [delivery_worker]
    if settings.dead_letter_alerts_enabled:
        alerts = DeadLetterAlerts(settings)

        async def dead_letter_alerts(runtime: ServiceRuntime, stop: asyncio.Event) -> None:
            await alerts.run(runtime.sessionmaker, stop)

        background.append(dead_letter_alerts)
    app = create_service_app(
        title="Closeout notifications",
        description="Invoice, receipt, reminder and alert messages, sent exactly once.",
        settings=settings,
        routers=[router],
        consumers=[consumer],
        background=background,
    )
    app.state.delivery_worker = worker
    app.state.consumer = consumer
    return app
