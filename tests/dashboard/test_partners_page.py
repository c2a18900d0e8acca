"""The Partners page over payments' partner API (a real payments app, in process): the owner
adds and ends partners (CSRF-checked), a viewer only looks, the rule and payouts are shown."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from closeout.dashboard.app import create_app
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.usecases import accounts
from support.api_keys import serve_keys_from
from support.dashboard import PASSWORD, hidden_field, sign_in
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.payments import AUTH_SECRET, payments_settings, start_payments
from support.payments import MIGRATIONS as PAYMENTS_MIGRATIONS
from support.services import running, runtime_of

DASHBOARD_MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/dashboard/src/closeout/dashboard/migrations"
)
NOBODY = "http://127.0.0.1:9"


@asynccontextmanager
async def dashboard_over_payments(
    infra: Infra, business_id: str
) -> AsyncIterator[httpx.AsyncClient]:
    """A dashboard whose payments calls reach a real payments app; yields an owner's browser
    (a viewer and the owner exist: owner@ / viewer@ the business)."""
    payments_db = serve_keys_from(
        "payments",
        await create_migrated_database(infra.postgres_url, "payments", PAYMENTS_MIGRATIONS),
    )
    settings = payments_settings(infra, payments_db, unique_prefix())
    async with start_payments(settings, infra) as payments:
        url = await create_migrated_database(infra.postgres_url, "dashboard", DASHBOARD_MIGRATIONS)
        dashboard_settings = DashboardSettings.model_validate(
            {
                "database_url": url,
                "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
                "KAFKA_TOPIC_PREFIX": unique_prefix(),
                "KAFKA_TOPIC_PARTITIONS": 1,
                "CLOSEOUT_AUTH_SECRET": AUTH_SECRET,
                "DASHBOARD_INVOICING_URL": NOBODY,
                "DASHBOARD_PAYMENTS_URL": "http://payments",
                "DASHBOARD_NOTIFICATIONS_URL": NOBODY,
                "LOG_JSON": False,
                "KAFKA_CONSUMER_ENABLED": False,
                "OUTBOX_RELAY_ENABLED": False,
            }
        )
        app = create_app(
            dashboard_settings, upstream_transport=httpx.ASGITransport(app=payments.app)
        )
        async with running(app) as client:
            async with runtime_of(app).sessionmaker() as session, session.begin():
                for role in ("owner", "viewer"):
                    await accounts.create_user(
                        session,
                        business_id=business_id,
                        email=f"{role}@{business_id}.test",
                        password=PASSWORD,
                        role=role,
                    )
            client.app = app  # type: ignore[attr-defined]
            yield client


async def test_the_owner_adds_and_ends_a_partner_and_a_viewer_only_looks(infra: Infra) -> None:
    business_id = f"biz-{uuid.uuid4().hex[:8]}"
    async with dashboard_over_payments(infra, business_id) as owner:
        signed = await sign_in(owner, f"owner@{business_id}.test", PASSWORD)
        assert signed.status_code == 303, signed.text
        page = await owner.get("/partners")
        assert page.status_code == 200, page.text
        assert "No partners yet." in page.text
        csrf = hidden_field(page.text, "csrf")
        form = {"name": "Referrer Ltd", "kind": "percent", "percent": "2.5", "cap_amount": "900"}

        refused = await owner.post("/partners", data=form)
        assert refused.status_code == 403  # no CSRF token
        bad = await owner.post("/partners", data={**form, "percent": "ten", "csrf": csrf})
        assert bad.status_code == 422
        assert "percentage" in bad.text

        added = await owner.post("/partners", data={**form, "csrf": csrf})
        assert added.status_code == 303, added.text
        page = await owner.get("/partners?done=added")
        assert "Referrer Ltd" in page.text
        assert "2.5% of each payment, at most 900" in page.text
        assert "not connected" in page.text

        transport = httpx.ASGITransport(app=owner.app)  # type: ignore[attr-defined]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as viewer:
            await sign_in(viewer, f"viewer@{business_id}.test", PASSWORD)
            looked = await viewer.get("/partners")
            assert looked.status_code == 200
            assert "Referrer Ltd" in looked.text
            assert "Add a partner" not in looked.text
            viewer_csrf = hidden_field(looked.text, "csrf")
            tried = await viewer.post("/partners", data={**form, "csrf": viewer_csrf})
            assert tried.status_code == 403

        partner_id = page.text.split('data-partner="')[1].split('"')[0]
        ended = await owner.post(f"/partners/{partner_id}/end", data={"csrf": csrf})
        assert ended.status_code == 303
        page = await owner.get("/partners")
        assert "Ended" in page.text
        assert f'action="/partners/{partner_id}/end"' not in page.text
