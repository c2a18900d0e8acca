"""Wakes the delivery worker when a transaction that recorded a message to send has committed.

Code that makes a message pending calls `note_message_due(session)`; the flag rides on the
session until its transaction ends. Only a commit wakes a worker (the row is visible by then);
a rollback drops the flag. Workers register per engine, so each app wakes only its own worker.
The worker's poll stays the fallback (another process, or a retry whose time has come).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

_FLAG = "closeout.notifications.message_due"
_waiting: dict[Engine, set[asyncio.Event]] = {}


def note_message_due(session: AsyncSession) -> None:
    session.info[_FLAG] = True


def wake_on_commit(engine: AsyncEngine, wakeup: asyncio.Event) -> Callable[[], None]:
    """Set `wakeup` after each commit on `engine` that noted a message due; returns the undo."""
    key = engine.sync_engine
    _waiting.setdefault(key, set()).add(wakeup)

    def undo() -> None:
        events = _waiting.get(key)
        if events is not None:
            events.discard(wakeup)
            if not events:
                del _waiting[key]

    return undo


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False):
        bind = session.bind
        for wakeup in _waiting.get(bind, ()) if isinstance(bind, Engine) else ():
            wakeup.set()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)
