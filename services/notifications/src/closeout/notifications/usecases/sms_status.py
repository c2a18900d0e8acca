"""A provider's report on an SMS it accepted (a status callback): the message's delivery state.

Idempotent: a report repeated, or arriving after a later one, changes nothing
(`domain.sms.moves_forward`). A failed delivery keeps the message `sent` (the provider took it)
with `delivery_status` `undelivered` or `failed` and the provider's error; a failure that says
the number is bad suppresses it, as a refusal at sending time does.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.notifications.domain.sms import (
    FAILED_DELIVERY_STATUSES,
    REFUSED_NUMBER_CODES,
    moves_forward,
)
from closeout.notifications.storage import repository as repo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusReport:
    provider_message_id: str
    status: str
    error_code: str | None


async def record_status(session: AsyncSession, report: StatusReport) -> bool:
    """Apply the report; False if it names no message of ours or changes nothing."""
    message = await repo.lock_by_provider_id(session, report.provider_message_id)
    if message is None:
        log.warning(
            "SMS status %r for unknown message %s ignored",
            report.status,
            report.provider_message_id,
        )
        return False
    if not moves_forward(message.delivery_status, report.status):
        return False
    failed = report.status in FAILED_DELIVERY_STATUSES
    error = f"provider error {report.error_code}" if failed and report.error_code else None
    await repo.set_delivery_status(session, message.id, status=report.status, error=error)
    code = int(report.error_code) if report.error_code and report.error_code.isdigit() else None
    if failed and code in REFUSED_NUMBER_CODES:
        await repo.add_suppression(
            session, message.business_id, message.recipient, REFUSED_NUMBER_CODES[code], error
        )
    return True
