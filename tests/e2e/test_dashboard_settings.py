"""The owner changes the business's settings from the dashboard: invoicing applies them, and
the dashboard shows who changed what, when, before and after."""

from __future__ import annotations

import re
import uuid

import httpx

from e2e.stack import Stack
from support.dashboard import PASSWORD, add_user, csrf_of, sign_in


async def test_a_settings_change_is_applied_and_recorded_with_before_and_after(
    stack: Stack,
) -> None:
    business = f"set-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        created = await admin.patch("/v1/business", json={"name": "Tidy Gardens"})
        assert created.status_code == 200, created.text
        auto_send = created.json()["auto_send"]
    database = stack.env["DASHBOARD_DATABASE_URL"]
    owner = await add_user(database, business, f"owner-{business}@gardens.test", "owner")
    staff = await add_user(database, business, f"staff-{business}@gardens.test", "staff")

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        await sign_in(client, owner.email, PASSWORD)
        page = await client.get("/settings")
        assert page.status_code == 200, page.text
        assert 'value="Tidy Gardens"' in page.text
        csrf = await csrf_of(client)
        saved = await client.post(
            "/settings",
            data={
                "csrf": csrf,
                "name": "Tidy Gardens",
                "bank_transfer_instructions": "BSB 062-000, account 1111 2222",
                "payment_terms_days": "7",
                "timezone": "Australia/Sydney",
                **({"auto_send": "on"} if auto_send else {}),  # left as it is
            },
        )
        assert saved.status_code == 303, saved.text
        after = await client.get("/settings?saved=1")
        rows = re.findall(r'<tr data-change="(\w+)">', after.text)
        assert set(rows) == {"bank_transfer_instructions", "payment_terms_days", "timezone"}
        assert owner.email in after.text
        assert "BSB 062-000, account 1111 2222" in after.text

        refused = await client.post(
            "/settings", data={"csrf": csrf, "name": "", "timezone": "Australia/Sydney"}
        )
        assert refused.status_code == 422
        assert "cannot be cleared" in refused.text

    async with stack.admin("invoicing", business) as admin:
        settings = (await admin.get("/v1/business")).json()
    assert settings["bank_transfer_instructions"] == "BSB 062-000, account 1111 2222"
    assert settings["payment_terms_days"] == 7
    assert settings["timezone"] == "Australia/Sydney"
    assert settings["name"] == "Tidy Gardens"

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        await sign_in(client, staff.email, PASSWORD)
        assert (await client.get("/settings")).status_code == 403
        staff_csrf = await csrf_of(client)
        refused = await client.post("/settings", data={"csrf": staff_csrf, "name": "Mine now"})
        assert refused.status_code == 403
