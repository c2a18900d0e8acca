"""The reminder schedule settings page, the invoice page's pause/resume reminders action and
the Recurring page, over a real invoicing app (in process): the owner sets the schedule (in
the settings audit log), staff pause reminders and manage recurring invoices (CSRF-checked),
a viewer only looks."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from closeout.dashboard.app import create_app
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.usecases import accounts
from support.dashboard import PASSWORD, hidden_field, sign_in
from support.databases import create_migrated_database
from support.infra import Infra
from support.invoicing import MIGRATIONS as INVOICING_MIGRATIONS
from support.invoicing import Harness, configure_business, issued_invoice, start_app
from support.kafka import unique_prefix
from support.services import running, runtime_of

DASHBOARD_MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/dashboard/src/closeout/dashboard/migrations"
)
AUTH_SECRET = "dashboard-schedules-test-secret-of-enough-bytes"
NOBODY = "http://127.0.0.1:9"
NEXT_YEAR = datetime.now(UTC).year + 1


class InvoicingOnly(httpx.AsyncBaseTransport):
    """Invoicing answers in process; payments and notifications are down (503)."""

    def __init__(self, invoicing: Any) -> None:
        self.invoicing = httpx.ASGITransport(app=invoicing)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "invoicing":
            return await self.invoicing.handle_async_request(request)
        return httpx.Response(503, json={"detail": "down in this test"})


@dataclass
class Stack:
    owner: httpx.AsyncClient
    app: object
    invoicing: Harness
    business_id: str

    @asynccontextmanager
    async def browser(self, role: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=self.app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            signed = await sign_in(other, f"{role}@{self.business_id}.test", PASSWORD)
            assert signed.status_code == 303, signed.text
            yield other


@asynccontextmanager
async def dashboard_over_invoicing(infra: Infra) -> AsyncIterator[Stack]:
    business_id = f"biz-{uuid.uuid4().hex[:8]}"
    invoicing_db = await create_migrated_database(
        infra.postgres_url, "invoicing", INVOICING_MIGRATIONS
    )
    async with start_app(
        infra, invoicing_db, unique_prefix(), business_id, auth_secret=AUTH_SECRET
    ) as invoicing:
        url = await create_migrated_database(infra.postgres_url, "dashboard", DASHBOARD_MIGRATIONS)
        settings = DashboardSettings.model_validate(
            {
                "database_url": url,
                "KAFKA_BOOTSTRAP_SERVERS": infra.kafka_bootstrap_servers,
                "KAFKA_TOPIC_PREFIX": unique_prefix(),
                "KAFKA_TOPIC_PARTITIONS": 1,
                "CLOSEOUT_AUTH_SECRET": AUTH_SECRET,
                "DASHBOARD_INVOICING_URL": "http://invoicing",
                "DASHBOARD_PAYMENTS_URL": NOBODY,
                "DASHBOARD_NOTIFICATIONS_URL": NOBODY,
                "LOG_JSON": False,
                "KAFKA_CONSUMER_ENABLED": False,
                "OUTBOX_RELAY_ENABLED": False,
            }
        )
        app = create_app(settings, upstream_transport=InvoicingOnly(invoicing.app))
        async with running(app) as client:
            async with runtime_of(app).sessionmaker() as session, session.begin():
                for role in ("owner", "staff", "viewer"):
                    await accounts.create_user(
                        session,
                        business_id=business_id,
                        email=f"{role}@{business_id}.test",
                        password=PASSWORD,
                        role=role,
                    )
            signed = await sign_in(client, f"owner@{business_id}.test", PASSWORD)
            assert signed.status_code == 303, signed.text
            yield Stack(client, app, invoicing, business_id)


async def test_the_owner_sets_the_reminder_schedule_and_it_is_audited(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack:
        await configure_business(stack.invoicing, timezone="UTC")
        owner = stack.owner
        page = await owner.get("/settings/reminders")
        assert page.status_code == 200, page.text
        assert "Now: Off: 3 days before, on the due date, 7 days after, 14 days after" in page.text
        csrf = hidden_field(page.text, "csrf")
        form = {"enabled": "on", "steps": "-2, 0, 5", "repeat_every_days": "7",
                "repeat_max": "2", "send_hour": "8", "timezone": "Europe/Berlin"}  # fmt: skip

        assert (await owner.post("/settings/reminders", data=form)).status_code == 403  # no CSRF
        bad = await owner.post("/settings/reminders", data={**form, "steps": "1, x", "csrf": csrf})
        assert bad.status_code == 422
        assert "whole numbers of days" in bad.text
        dup = await owner.post("/settings/reminders", data={**form, "steps": "1, 1", "csrf": csrf})
        assert dup.status_code == 422
        assert "each step&#39;s day appears once" in dup.text
        assert (
            await stack.invoicing.client.get(
                "/v1/business", headers=stack.invoicing.admin_headers()
            )
        ).json()["timezone"] == "UTC"  # a refused schedule changes nothing

        saved = await owner.post("/settings/reminders", data={**form, "csrf": csrf})
        assert saved.status_code == 303, saved.text
        schedule = (
            await stack.invoicing.client.get(
                "/v1/business/reminder-schedule", headers=stack.invoicing.admin_headers()
            )
        ).json()
        assert (schedule["enabled"], schedule["steps"], schedule["repeat_every_days"],
                schedule["repeat_max"], schedule["send_hour"], schedule["timezone"]) == (
            True, [-2, 0, 5], 7, 2, 8, "Europe/Berlin")  # fmt: skip
        page = await owner.get("/settings/reminders?saved=1")
        summary = "On: 2 days before, on the due date, 5 days after; then every 7 days"
        assert summary in page.text
        settings = await owner.get("/settings")
        assert 'data-change="reminder_schedule"' in settings.text
        assert 'data-change="timezone"' in settings.text

        preset = await owner.post(
            "/settings/reminders", data={"preset": "after_due", "enabled": "on", "csrf": csrf}
        )
        assert preset.status_code == 303
        page = await owner.get("/settings/reminders")
        assert "Now: On: 1 day after, 7 days after, 14 days after; at 09:00" in page.text

        async with stack.browser("staff") as staff:
            assert (await staff.get("/settings/reminders")).status_code == 403


async def test_reminders_paused_from_the_invoice_page_and_a_viewer_cannot(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack:
        await configure_business(stack.invoicing)
        invoice_id = (await issued_invoice(stack.invoicing))["invoice_id"]
        async with stack.browser("staff") as staff:
            page = await staff.get(f"/invoices/{invoice_id}")
            assert page.status_code == 200, page.text
            assert f"/invoices/{invoice_id}/actions/pause-reminders" in page.text
            confirm = await staff.get(f"/invoices/{invoice_id}/actions/pause-reminders")
            csrf = hidden_field(confirm.text, "csrf")
            done = await staff.post(
                f"/invoices/{invoice_id}/actions/pause-reminders", data={"csrf": csrf}
            )
            assert done.status_code == 303, done.text
            page = await staff.get(f"/invoices/{invoice_id}")
            assert 'data-reminders="paused"' in page.text
            assert f"/invoices/{invoice_id}/actions/resume-reminders" in page.text
        assert (await stack.invoicing.invoice(invoice_id))["reminders_paused_at"] is not None

        async with stack.browser("viewer") as viewer:
            page = await viewer.get(f"/invoices/{invoice_id}")
            csrf = hidden_field(page.text, "csrf")
            tried = await viewer.post(
                f"/invoices/{invoice_id}/actions/resume-reminders", data={"csrf": csrf}
            )
            assert tried.status_code == 403
        assert (await stack.invoicing.invoice(invoice_id))["reminders_paused_at"] is not None


async def test_recurring_page_create_pause_resume_end(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack:
        await configure_business(stack.invoicing, default_currency="USD")
        async with stack.browser("staff") as staff:
            page = await staff.get("/recurring")
            assert page.status_code == 200, page.text
            assert "No recurring invoices yet." in page.text
            csrf = hidden_field(page.text, "csrf")
            form = {"customer_name": "Pat Customer", "customer_email": "pat@example.com",
                    "line1_description": "Lawn care", "line1_price": "49.50",
                    "line2_description": "Hedge trim", "line2_quantity": "2",
                    "line2_price": "15", "line2_tax_rate": "10", "frequency": "monthly",
                    "start_date": f"{NEXT_YEAR}-01-31", "count": "12"}  # fmt: skip
            assert (await staff.post("/recurring", data=form)).status_code == 403  # no CSRF
            bad = await staff.post(
                "/recurring", data={**form, "frequency": "every_n_days", "csrf": csrf}
            )
            assert bad.status_code == 422
            assert "interval_days" in bad.text
            created = await staff.post("/recurring", data={**form, "csrf": csrf})
            assert created.status_code == 303, created.text
            detail_path = created.headers["location"].split("?")[0]
            detail = await staff.get(detail_path)
            assert detail.status_code == 200, detail.text
            assert detail.text.count("data-upcoming") == 5
            assert f"{NEXT_YEAR}-02-2" in detail.text  # the 28th or, in a leap year, the 29th
            assert "$49.50" in detail.text or "49.50" in detail.text
            assert "Hedge trim \u00d7 2: $15.00" in detail.text  # each line of the form is kept
            no_line = await staff.post(
                "/recurring",
                data={**form, "line1_description": "", "line1_price": "",
                      "line2_description": "", "line2_price": "", "csrf": csrf},
            )  # fmt: skip
            assert no_line.status_code == 422
            assert "Add at least one line." in no_line.text

            paused = await staff.post(f"{detail_path}/pause", data={"csrf": csrf})
            assert paused.status_code == 303
            detail = await staff.get(detail_path)
            assert "Paused" in detail.text
            assert f'action="{detail_path}/resume"' in detail.text
            await staff.post(f"{detail_path}/resume", data={"csrf": csrf})
            ended = await staff.post(f"{detail_path}/end", data={"csrf": csrf})
            assert ended.status_code == 303
            detail = await staff.get(detail_path)
            assert "Ended" in detail.text
            assert f'action="{detail_path}/resume"' not in detail.text

        async with stack.browser("viewer") as viewer:
            listed = await viewer.get("/recurring")
            assert "Pat Customer" in listed.text
            assert "New recurring invoice" not in listed.text
            csrf = hidden_field(listed.text, "csrf")
            tried = await viewer.post("/recurring", data={**form, "csrf": csrf})
            assert tried.status_code == 403
