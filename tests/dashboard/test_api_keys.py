"""The owner issues, lists (by prefix) and revokes the business's API keys."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from closeout.shared.api_keys import authenticate
from closeout.shared.auth import InvalidApiKeyError
from dashboard.conftest import Dashboard
from support.dashboard import PASSWORD, csrf_of, sign_in
from support.services import runtime_of

ISSUED = re.compile(r'value="(cok_[a-z0-9-]+\.[A-Za-z0-9_-]+)" data-issued-key')


async def test_the_owner_issues_a_key_sees_it_once_and_revokes_it(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)
    page = await dashboard.client.post(
        "/settings/api-keys", data={"csrf": csrf, "label": "Bookkeeping sync", "scope": "admin"}
    )
    assert page.status_code == 200, page.text
    found = ISSUED.search(page.text)
    assert found, "the new key is shown"
    key = found.group(1)
    prefix = key.split(".")[0]
    sessionmaker = runtime_of(dashboard.app).sessionmaker
    async with sessionmaker() as session:
        principal = await authenticate(session, key, auth_secret=dashboard.settings.auth_secret)
    assert (principal.business_id, set(principal.scopes)) == ("acme", {"admin"})

    listing = await dashboard.client.get("/settings/api-keys")
    assert prefix in listing.text
    assert "Bookkeeping sync" in listing.text
    assert key not in listing.text  # the secret part is never shown again

    key_id = prefix.removeprefix("cok_")
    confirm = await dashboard.client.get(f"/settings/api-keys/{key_id}/revoke")
    assert confirm.status_code == 200
    done = await dashboard.client.post(f"/settings/api-keys/{key_id}/revoke", data={"csrf": csrf})
    assert done.status_code == 303
    async with sessionmaker() as session:
        with pytest.raises(InvalidApiKeyError, match="revoked"):
            await authenticate(session, key, auth_secret=dashboard.settings.auth_secret)
        # Every other service hears of both from these events (the dashboard's outbox).
        published = (
            await session.execute(text("SELECT event_type FROM outbox ORDER BY id"))
        ).scalars()
        assert list(published) == ["apikey.issued", "apikey.revoked"]
    assert "Revoked" in (await dashboard.client.get("/settings/api-keys")).text


async def test_keys_are_the_owners_alone_and_only_of_their_business(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await dashboard.add_user("acme", "staff@acme.test", "staff")
    await dashboard.add_user("other", "owner@other.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)
    page = await dashboard.client.post(
        "/settings/api-keys", data={"csrf": csrf, "label": "acme key", "scope": "integration"}
    )
    found = ISSUED.search(page.text)
    assert found
    key_id = found.group(1).split(".")[0].removeprefix("cok_")

    async with dashboard.browser() as staff:
        await sign_in(staff, "staff@acme.test", PASSWORD)
        staff_csrf = await csrf_of(staff)
        assert (await staff.get("/settings/api-keys")).status_code == 403
        refused = await staff.post(
            "/settings/api-keys", data={"csrf": staff_csrf, "label": "x", "scope": "admin"}
        )
        assert refused.status_code == 403
        revoke = await staff.post(f"/settings/api-keys/{key_id}/revoke", data={"csrf": staff_csrf})
        assert revoke.status_code == 403

    async with dashboard.browser() as stranger:
        await sign_in(stranger, "owner@other.test", PASSWORD)
        other_csrf = await csrf_of(stranger)
        assert "acme key" not in (await stranger.get("/settings/api-keys")).text
        assert (await stranger.get(f"/settings/api-keys/{key_id}/revoke")).status_code == 404
        revoke = await stranger.post(
            f"/settings/api-keys/{key_id}/revoke", data={"csrf": other_csrf}
        )
        assert revoke.status_code == 404

    async with runtime_of(dashboard.app).sessionmaker() as session:
        principal = await authenticate(
            session, found.group(1), auth_secret=dashboard.settings.auth_secret
        )
    assert principal.business_id == "acme"  # still works: nobody else could revoke it


async def test_a_key_needs_a_name_and_a_known_scope(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)
    for form in ({"label": "", "scope": "admin"}, {"label": "x", "scope": "ops"}):
        refused = await dashboard.client.post("/settings/api-keys", data={"csrf": csrf, **form})
        assert refused.status_code == 422
        assert not ISSUED.search(refused.text)
