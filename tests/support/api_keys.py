"""API keys for tests, as every service learns them: a row in its `api_keys` table.

`issue_key` writes the record straight into the databases of the services a test talks to
(what projecting `apikey.issued` does), so a key works at once, with no wait for Kafka.
Service tokens (`*`, scope `service`) need no record: `ServiceTokenHeaders` signs a fresh one
each time it is read.

Harnesses that know their databases pass them; module-level helpers (`key_headers`,
`admin_headers`) use the databases the current test's fixtures registered with
`serve_keys_from` (one per service: each test's fixture replaces the previous test's).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import asyncpg

from closeout.shared.auth import (
    SCOPES,
    check_scopes,
    display_prefix,
    key_hash,
    mint_service_token,
    new_issued_key,
)

_SERVED: dict[str, str] = {}


def serve_keys_from(service: str, database_url: str) -> str:
    """Issue the current test's keys into `database_url` too (returns it, for fixtures)."""
    _SERVED[service] = database_url
    return database_url


def issue_key(
    business_id: str,
    scopes: str | Iterable[str],
    *,
    databases: Iterable[str] | None = None,
    key_id: str | None = None,
    expires_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> str:
    """A key for `business_id` with `scopes` (one, or comma-separated, or a list), stored in
    each database. Callable from sync code while the test's event loop runs."""
    wanted = check_scopes(business_id, scopes.split(",") if isinstance(scopes, str) else scopes)
    key, key_id = new_issued_key(key_id)
    record = {
        "key_id": key_id,
        "business_id": business_id,
        "scopes": ",".join(s for s in SCOPES if s in wanted),
        "prefix": display_prefix(key_id),
        "key_hash": key_hash(key),
        "expires_at": expires_at,
        "revoked_at": revoked_at,
    }
    targets = list(databases) if databases is not None else list(_SERVED.values())
    if not targets:
        raise RuntimeError("no database to issue the key into: pass databases= or register one")
    _run_in_thread(_store(targets, record))
    return key


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


class ServiceTokenHeaders(Mapping[str, str]):
    """`Authorization: Bearer <service token>`, signed afresh each time it is read (service
    tokens live minutes), so a module-level constant never goes stale."""

    def __init__(self, auth_secret: str) -> None:
        self.auth_secret = auth_secret

    def _headers(self) -> dict[str, str]:
        return bearer(mint_service_token(self.auth_secret, issuer="tests"))

    def __getitem__(self, name: str) -> str:
        return self._headers()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers())

    def __len__(self) -> int:
        return 1


async def _store(databases: list[str], record: Mapping[str, object]) -> None:
    for url in databases:
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
        try:
            await conn.execute(
                "INSERT INTO api_keys (key_id, business_id, scopes, prefix, key_hash,"
                " expires_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                " ON CONFLICT (key_id) DO UPDATE SET business_id = EXCLUDED.business_id,"
                " scopes = EXCLUDED.scopes, key_hash = EXCLUDED.key_hash,"
                " expires_at = EXCLUDED.expires_at, revoked_at = EXCLUDED.revoked_at",
                *record.values(),
            )
        finally:
            await conn.close()


def _run_in_thread(coro: Coroutine[Any, Any, None]) -> None:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()
