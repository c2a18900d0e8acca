"""The benchmark counts only with the durability settings the product promises."""

from __future__ import annotations

import asyncpg

REQUIRED = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


async def assert_durable(postgres_url: str) -> dict[str, str]:
    conn = await asyncpg.connect(f"{postgres_url}/postgres")
    try:
        found = {name: str(await conn.fetchval(f"SHOW {name}")) for name in REQUIRED}
    finally:
        await conn.close()
    wrong = {name: value for name, value in found.items() if value != REQUIRED[name]}
    if wrong:
        raise SystemExit(f"[bench] durability settings are off, refusing to measure: {wrong}")
    return found
