"""Helpers for the notifications tests: the app under test, its consumer, an admin's headers,
and waiting until events are handled and mail is settled."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import text

from closeout.notifications.app import create_app
from closeout.notifications.domain.outgoing import Channel
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.db import create_engine
from closeout.shared.events import Envelope
from closeout.shared.kafka import EventConsumer
from closeout.shared.kafka.consumer import Outcome
from support.api_keys import bearer, issue_key
from support.sms_provider import ACCOUNT_SID, AUTH_TOKEN, SENDER, StandInSmsProvider
from support.waiting import eventually

MIGRATIONS = (
    Path(__file__).resolve().parents[2]
    / "services/notifications/src/closeout/notifications/migrations"
)
SECRET = "notifications-test-secret"
SMTP_USER = "mailer"
SMTP_PASSWORD = "correct-horse-battery"

# The `make_settings` and `publish` fixtures (tests/notifications/conftest.py).
MakeSettings = Callable[..., NotificationsSettings]
Publish = Callable[[NotificationsSettings, Envelope[Any]], Awaitable[None]]


def build_app(
    settings: NotificationsSettings, channels: dict[str, Channel] | None = None
) -> FastAPI:
    return create_app(settings, channels=channels)


# The public URL of the status callback as the in-process test client reaches the app.
SMS_STATUS_CALLBACK_URL = "http://testserver/webhooks/sms/status"


def sms_settings(provider: StandInSmsProvider) -> dict[str, Any]:
    """Settings overrides that send SMS through the stand-in provider."""
    return {
        "sms_enabled": True,
        "sms_api_base": provider.base_url,
        "sms_account_sid": ACCOUNT_SID,
        "sms_auth_token": AUTH_TOKEN,
        "sms_from": SENDER,
        "sms_status_callback_url": SMS_STATUS_CALLBACK_URL,
        "sms_timeout_seconds": 5.0,
    }


def consumer_of(app: FastAPI) -> EventConsumer:
    consumer: EventConsumer = app.state.consumer
    return consumer


def admin_headers(business_id: str) -> dict[str, str]:
    return bearer(issue_key(business_id, "admin"))


async def handled(app: FastAPI, count: int, timeout: float = 30) -> None:
    """Wait until the app's consumer has taken `count` messages (applied or duplicate)."""

    async def taken() -> int:
        counts = consumer_of(app).counts
        return counts[Outcome.APPLIED] + counts[Outcome.DUPLICATE]

    await eventually(
        taken, until=lambda n: n >= count, timeout=timeout, what=f"{count} events handled"
    )


async def mail_settled(database_url: str, timeout: float = 30) -> None:
    """Wait until no recorded message is still pending. After `handled(...)` (every event
    taken), what Mailpit holds then is final: a check for "no more mail" can follow."""
    engine = create_engine(database_url, pool_size=1)
    try:

        async def pending() -> int:
            async with engine.connect() as conn:
                found = await conn.execute(
                    text("SELECT count(*) FROM notifications WHERE status = 'pending'")
                )
                return int(found.scalar_one())

        await eventually(
            pending, until=lambda n: n == 0, timeout=timeout, what="every message sent or failed"
        )
    finally:
        await engine.dispose()
