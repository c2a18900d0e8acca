"""Template previews and the API's authentication and business scoping."""

from __future__ import annotations

import pytest

from closeout.shared.auth import mint_service_token
from support.api_keys import issue_key
from support.notifications import SECRET, MakeSettings, admin_headers, build_app
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


async def test_previews_and_access(make_settings: MakeSettings) -> None:
    app = build_app(make_settings(kafka_consumer_enabled=False))
    headers = admin_headers(unique("biz"))
    async with running(app) as client:
        html = await client.get("/v1/templates/invoice/preview", headers=headers)
        assert html.status_code == 200
        assert html.headers["content-type"].startswith("text/html")
        assert "Acme Plumbing" in html.text
        assert "$1,234.00" in html.text

        text = await client.get(
            "/v1/templates/reminder/preview", params={"format": "text"}, headers=headers
        )
        assert text.headers["content-type"].startswith("text/plain")
        assert "7 days overdue" in text.text

        preview = await client.get(
            "/v1/templates/receipt/preview", params={"format": "json"}, headers=headers
        )
        body = preview.json()
        assert body["subject"].startswith("Receipt for invoice INV-2026-000123")
        assert "Remaining balance" in body["text"]

        unknown = await client.get("/v1/templates/nope/preview", headers=headers)
        assert unknown.status_code == 404
        assert "invoice" in unknown.json()["detail"]

        assert (await client.get("/v1/notifications")).status_code == 401
        forged = {"Authorization": "Bearer cok_forged.key"}
        assert (await client.get("/v1/notifications", headers=forged)).status_code == 401
        integration = issue_key("b", "integration")
        denied = await client.get(
            "/v1/notifications", headers={"Authorization": f"Bearer {integration}"}
        )
        assert denied.status_code == 403
        other = await client.get(
            "/v1/notifications", params={"business_id": "someone-else"}, headers=headers
        )
        assert other.status_code == 404

        service = mint_service_token(SECRET, issuer="tests")
        unnamed = await client.get(
            "/v1/notifications", headers={"Authorization": f"Bearer {service}"}
        )
        assert unnamed.status_code == 422

        nul = await client.get(
            "/v1/notifications", params={"invoice_id": "a\x00b"}, headers=headers
        )
        assert nul.status_code == 422
        nul_body = await client.post(
            "/v1/suppressions", json={"address": "a\x00b@x.com"}, headers=headers
        )
        assert nul_body.status_code == 422
