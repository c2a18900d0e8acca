"""Webhook intake with group commit: Stripe events arriving together are stored together.

A request hands its verified event to the intake and waits for the commit that stores it, so a
200 still means "durably stored" (fsync on). While one transaction commits, the next requests
queue up; the writer then stores all of them in one transaction (one multi-row insert, one WAL
flush) instead of one each. Nothing waits for a batch to fill: a lone event is written at once.

If a group's transaction fails, its events are written again one transaction each, so one bad
event fails only its own request, and an outage fails each request as it would have alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from closeout.payments.storage import repository as repo
from closeout.payments.usecases.webhooks import webhook_row

log = logging.getLogger(__name__)


@dataclass
class _Arrival:
    row: repo.WebhookEventRow
    stored: asyncio.Future[bool] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class WebhookIntake:
    """One per app; its writer task starts with the first event (on the serving loop)."""

    def __init__(self, *, max_group: int = 500) -> None:
        self._max_group = max_group
        self._queue: asyncio.Queue[_Arrival] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    async def store(
        self, sessionmaker: async_sessionmaker[AsyncSession], event: dict[str, Any]
    ) -> bool:
        """Store `event` durably; True when it is new, False for a redelivery of its id."""
        arrival = _Arrival(webhook_row(event))  # in the request: its trace is continued
        # Read even when the request is gone, so asyncio does not report it as never retrieved.
        arrival.stored.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._queue.put_nowait(arrival)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(
                self._write_forever(sessionmaker),
                name="webhook-intake",
                context=contextvars.Context(),  # not the first request's log fields and span
            )
        return await asyncio.shield(arrival.stored)  # a client hanging up cancels nothing

    async def close(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    async def _write_forever(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        while True:
            group = [await self._queue.get()]
            while len(group) < self._max_group and not self._queue.empty():
                group.append(self._queue.get_nowait())
            await _write(sessionmaker, group)


async def _write(sessionmaker: async_sessionmaker[AsyncSession], group: list[_Arrival]) -> None:
    try:
        async with sessionmaker() as session, session.begin():
            new_ids = await repo.store_webhook_events(session, [a.row for a in group])
    except Exception as exc:
        if len(group) == 1:
            _settle(group[0], exc)
            return
        log.info("a group of %d webhooks failed together (%r): one by one", len(group), exc)
        for arrival in group:
            await _write(sessionmaker, [arrival])
        return
    for arrival in group:  # the same id twice in a group: the second is a duplicate
        _settle(arrival, arrival.row.event_id in new_ids)
        new_ids.discard(arrival.row.event_id)


def _settle(arrival: _Arrival, outcome: bool | BaseException) -> None:
    if arrival.stored.done():
        return
    if isinstance(outcome, BaseException):
        arrival.stored.set_exception(outcome)
    else:
        arrival.stored.set_result(outcome)
