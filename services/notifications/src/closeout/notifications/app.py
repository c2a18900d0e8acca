"""The notifications service: consumers record messages, the delivery worker sends them."""

from __future__ import annotations

from fastapi import FastAPI

from closeout.notifications.adapters.channels import EmailChannel
from closeout.notifications.adapters.documents import DocumentsClient
from closeout.notifications.api import notifications, sms_status, suppressions, templates
from closeout.notifications.consumers import build_consumer
from closeout.notifications.domain.outgoing import Channel
from closeout.notifications.settings import NotificationsSettings
from closeout.notifications.usecases.monitoring import delivery_probe
from closeout.notifications.workers import DeliveryWorker, background_tasks
from closeout.shared.web.app import create_service_app


def default_channels(settings: NotificationsSettings) -> dict[str, Channel]:
    documents = DocumentsClient(settings.invoicing_url, settings.auth_secret)
    channels: dict[str, Channel] = {"email": EmailChannel(settings, documents)}
    if settings.sms_enabled:
        # Imported only when enabled: httpx is needed for SMS alone.
        from closeout.notifications.adapters.sms import TwilioSmsChannel

        channels["sms"] = TwilioSmsChannel(settings)
    return channels


def create_app(
    settings: NotificationsSettings | None = None, *, channels: dict[str, Channel] | None = None
) -> FastAPI:
    if settings is None:
        settings = NotificationsSettings()
    if channels is None:  # the real channels: one SMTP connection per delivery lane
        worker = DeliveryWorker(
            settings, default_channels(settings), more_channels=lambda: default_channels(settings)
        )
    else:
        worker = DeliveryWorker(settings, channels)
    consumer = build_consumer(settings)
    app = create_service_app(
        title="Closeout notifications",
        description="Invoice, receipt, reminder and alert messages, sent exactly once.",
        settings=settings,
        routers=[notifications.router, suppressions.router, templates.router, sms_status.router],
        consumers=[consumer],
        background=background_tasks(settings, worker),
        metrics=[delivery_probe],
    )
    app.state.delivery_worker = worker
    app.state.consumer = consumer
    return app
