"""`outbox-parked`: the outbox rows the relay parked because Kafka can never take them."""

from __future__ import annotations

import argparse
import asyncio
import json

from sqlalchemy import text

from closeout.shared.commands import CliCommand
from closeout.shared.db import create_engine
from closeout.shared.settings import ServiceSettings

_PARKED = text(
    "SELECT event_id, event_type, topic, key, octet_length(payload) AS bytes, attempts,"
    " parked_at, last_error FROM outbox WHERE parked_at IS NOT NULL ORDER BY id"
)


async def parked_rows(database_url: str) -> list[dict[str, object]]:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as conn:
            return [dict(row) for row in (await conn.execute(_PARKED)).mappings()]
    finally:
        await engine.dispose()


def outbox_commands(settings: ServiceSettings) -> dict[str, CliCommand]:
    def list_parked(args: argparse.Namespace) -> int:
        rows = asyncio.run(parked_rows(settings.database_url))
        for row in rows:
            print(json.dumps(row, default=str))
        return 0

    return {
        "outbox-parked": CliCommand(
            help="list outbox rows that can never be sent (one JSON object a line)",
            run=list_parked,
        )
    }
