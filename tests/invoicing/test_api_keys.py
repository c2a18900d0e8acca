"""A business's API keys through invoicing's use cases (what the dashboard will call)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from closeout.invoicing.usecases import api_keys
from closeout.shared.auth import key_hash
from closeout.shared.errors import InvalidInputError, NotFoundError
from closeout.shared.ids import utcnow
from support.api_keys import bearer, issue_key
from support.invoicing import Harness, configure_business
from support.services import runtime_of


async def test_a_business_issues_lists_and_revokes_its_own_keys(harness: Harness) -> None:
    await configure_business(harness)
    sessions = runtime_of(harness.app).sessionmaker
    async with sessions() as session, session.begin():
        issued = await api_keys.issue_key(
            session, harness.business_id, ["admin"], label="bookkeeper"
        )
    headers = bearer(issued.key)
    assert (await harness.client.get("/v1/business", headers=headers)).status_code == 200

    async with sessions() as session:
        listed = await api_keys.list_keys(session, harness.business_id)
    mine = [k for k in listed if k.key_id == issued.record.key_id]
    assert [(k.prefix, k.label, k.scopes) for k in mine] == [
        (issued.key.split(".")[0], "bookkeeper", ["admin"])
    ]
    [stored] = await harness.sql("SELECT * FROM api_keys WHERE key_id = :k", k=mine[0].key_id)
    assert stored["key_hash"] == key_hash(issued.key)
    assert issued.key.split(".")[1] not in str(stored), "only the hash is kept"

    async with sessions() as session, session.begin():
        with pytest.raises(NotFoundError):
            await api_keys.revoke_key(session, "someone-else", issued.record.key_id)
    assert (await harness.client.get("/v1/business", headers=headers)).status_code == 200

    async with sessions() as session, session.begin():
        revoked = await api_keys.revoke_key(session, harness.business_id, issued.record.key_id)
    assert revoked.revoked_at is not None
    refused = await harness.client.get("/v1/business", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "API key revoked"

    events = await harness.sql(
        "SELECT event_type FROM outbox WHERE key = :k ORDER BY id", k=issued.record.key_id
    )
    assert [e["event_type"] for e in events] == ["apikey.issued", "apikey.revoked"]


async def test_only_tenant_scopes_for_a_known_business(harness: Harness) -> None:
    await configure_business(harness)
    sessions = runtime_of(harness.app).sessionmaker
    async with sessions() as session, session.begin():
        with pytest.raises(NotFoundError):
            await api_keys.issue_key(session, "no-such-business", ["admin"])
        for scopes in (["ops"], ["service"], ["admin", "ops"], []):
            with pytest.raises(InvalidInputError):
                await api_keys.issue_key(session, harness.business_id, scopes)
        past = utcnow() - timedelta(minutes=1)
        with pytest.raises(InvalidInputError, match="future"):
            await api_keys.issue_key(session, harness.business_id, ["admin"], expires_at=past)


async def test_an_expired_key_is_refused(harness: Harness) -> None:
    await configure_business(harness)
    databases = [harness.database_url]
    soon = issue_key(harness.business_id, "admin", databases=databases,
                     expires_at=utcnow() + timedelta(hours=1))  # fmt: skip
    gone = issue_key(harness.business_id, "admin", databases=databases,
                     expires_at=utcnow() - timedelta(seconds=1))  # fmt: skip
    assert (await harness.client.get("/v1/business", headers=bearer(soon))).status_code == 200
    expired = await harness.client.get("/v1/business", headers=bearer(gone))
    assert expired.status_code == 401
    assert expired.json()["detail"] == "API key expired"
