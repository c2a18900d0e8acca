"""The New invoice and Import pages over a real invoicing app (in process, on the shared
Postgres and Kafka): staff create an invoice by hand and import a CSV (CSRF-checked), a
viewer only looks, and what they made is in invoicing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from closeout.dashboard.app import create_app
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.usecases import accounts
from support.dashboard import PASSWORD, hidden_field, sign_in
from support.databases import create_migrated_database
from support.infra import Infra
from support.invoicing import MIGRATIONS as INVOICING_MIGRATIONS
from support.invoicing import Harness, configure_business, start_app
from support.kafka import unique_prefix
from support.services import running, runtime_of
from support.waiting import eventually

DASHBOARD_MIGRATIONS = (
    Path(__file__).resolve().parents[2] / "services/dashboard/src/closeout/dashboard/migrations"
)
AUTH_SECRET = "dashboard-new-invoice-test-secret-of-enough-bytes"
NOBODY = "http://127.0.0.1:9"
CSV = (
    "invoice_key,customer_name,customer_email,description,quantity,unit_price,tax_rate\n"
    "A,Ann Import,ann@example.com,Lawn mowing,2,40.00,10\n"
    "A,Ann Import,ann@example.com,Green waste,1,15.00,0\n"
    "B,Bo Import,bo@example.com,Hedge trim,1,90.00,10\n"
)


@dataclass
class Stack:
    app: object
    invoicing: Harness
    business_id: str

    @asynccontextmanager
    async def browser(self, role: str) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.ASGITransport(app=self.app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            signed = await sign_in(client, f"{role}@{self.business_id}.test", PASSWORD)
            assert signed.status_code == 303, signed.text
            yield client


@asynccontextmanager
async def dashboard_over_invoicing(infra: Infra) -> AsyncIterator[Stack]:
    business_id = f"biz-{uuid.uuid4().hex[:8]}"
    invoicing_db = await create_migrated_database(
        infra.postgres_url, "invoicing", INVOICING_MIGRATIONS
    )
    async with start_app(
        infra, invoicing_db, unique_prefix(), business_id, auth_secret=AUTH_SECRET
    ) as invoicing:
        await configure_business(invoicing, auto_send=False)
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
        app = create_app(settings, upstream_transport=httpx.ASGITransport(app=invoicing.app))
        async with running(app):
            async with runtime_of(app).sessionmaker() as session, session.begin():
                for role in ("owner", "staff", "viewer"):
                    await accounts.create_user(
                        session,
                        business_id=business_id,
                        email=f"{role}@{business_id}.test",
                        password=PASSWORD,
                        role=role,
                    )
            yield Stack(app, invoicing, business_id)


def invoice_form(csrf: str, **changes: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "form_id": uuid.uuid4().hex,
        "customer_name": "Walk-in Wendy",
        "customer_email": "wendy@example.com",
        "currency": "AUD",
        "line1_description": "Fix dripping tap",
        "line1_quantity": "1",
        "line1_price": "120.50",
        "line1_tax_rate": "10",
        "line2_description": "Washer",
        "line2_price": "4",
        "terms_days": "7",
        "notes": "Cash welcome",
        "send": "now",
    } | changes


async def by_hand(stack: Stack) -> list[dict[str, object]]:
    return await stack.invoicing.sql(
        "SELECT * FROM invoices WHERE business_id = :b AND source = 'manual'", b=stack.business_id
    )


async def test_staff_create_an_invoice_by_hand_and_it_is_sent(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack, stack.browser("staff") as staff:
        page = await staff.get("/new-invoice")
        assert page.status_code == 200, page.text
        assert 'href="/new-invoice" aria-current="page"' in page.text  # in the navigation
        assert '<label for="customer_name">' in page.text
        csrf = hidden_field(page.text, "csrf")

        assert (await staff.post("/new-invoice", data=invoice_form(""))).status_code == 403
        bad = await staff.post(
            "/new-invoice", data=invoice_form(csrf, customer_name="", line1_price="12.345")
        )
        assert bad.status_code == 422
        assert "The customer&#39;s name is required." in bad.text
        assert "Line 1: a price like 120.50 is needed." in bad.text
        assert 'value="Fix dripping tap"' in bad.text  # what was typed is kept
        assert await by_hand(stack) == []

        form = invoice_form(csrf)
        made = await staff.post("/new-invoice", data=form)
        assert made.status_code == 303, made.text
        again = await staff.post("/new-invoice", data=form)  # a double submit
        assert again.headers["location"] == made.headers["location"]
        [invoice] = await by_hand(stack)
        assert made.headers["location"] == f"/invoices/{invoice['invoice_id']}?done=created"
        assert (invoice["status"], invoice["customer_name"]) == ("open", "Walk-in Wendy")
        assert (invoice["subtotal"], invoice["tax_total"]) == (12050 + 400, 1205)
        assert invoice["notes"] == "Cash welcome"
        assert "invoice.issued" in await stack.invoicing.outbox_types(str(invoice["invoice_id"]))
        listed = await staff.get("/invoices")
        assert "Walk-in Wendy" in listed.text


async def test_a_viewer_cannot_create_or_import(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack, stack.browser("viewer") as viewer:
        assert (await viewer.get("/new-invoice")).status_code == 403
        page = await viewer.get("/imports")
        assert page.status_code == 200
        assert 'href="/new-invoice"' not in page.text
        assert 'action="/imports"' not in page.text
        csrf = hidden_field(page.text, "csrf")
        posted = await viewer.post("/new-invoice", data=invoice_form(csrf))
        assert posted.status_code == 403
        upload = await viewer.post(
            "/imports", data={"csrf": csrf}, files={"file": ("a.csv", CSV.encode(), "text/csv")}
        )
        assert upload.status_code == 403
        assert await by_hand(stack) == []
        assert await stack.invoicing.sql("SELECT * FROM imports") == []


async def test_staff_import_a_csv_commit_it_and_send_all(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack, stack.browser("staff") as staff:
        page = await staff.get("/imports")
        assert page.status_code == 200, page.text
        assert '<label for="file">' in page.text
        template = await staff.get("/imports/template.csv")
        assert template.status_code == 200
        assert template.text.startswith("invoice_key,customer_name,")
        csrf = hidden_field(page.text, "csrf")
        files = {"file": ("garden.csv", CSV.encode(), "text/csv")}

        refused = await staff.post("/imports", data={"csrf": "wrong"}, files=files)
        assert refused.status_code == 403
        uploaded = await staff.post("/imports", data={"csrf": csrf}, files=files)
        assert uploaded.status_code == 303, uploaded.text
        location = uploaded.headers["location"]

        first = await staff.get(location)
        assert first.status_code == 200
        if "Checking rows" in first.text:  # still validating: a progress bar that refreshes
            assert '<meta http-equiv="refresh" content="2">' in first.text
            assert '<progress id="progress" max="100"' in first.text
        checked = await eventually(lambda: staff.get(location), lambda p: "Validated" in p.text)
        assert "Import all 2 invoices as drafts" in checked.text

        committed = await staff.post(f"{location}/commit", data={"csrf": csrf, "rows": "all"})
        assert committed.status_code == 303
        ready = await eventually(lambda: staff.get(location), lambda p: "Send all 2" in p.text)
        assert "Drafts made</dt><dd>2" in ready.text
        sent = await staff.post(f"{location}/send", data={"csrf": csrf})
        assert sent.status_code == 303
        await eventually(lambda: staff.get(location), lambda p: '<h2 id="state">Sent' in p.text)
        invoices = await stack.invoicing.sql(
            "SELECT status, total FROM invoices WHERE source = 'import' ORDER BY total"
        )
        assert [(i["status"], i["total"]) for i in invoices] == [("open", 9900), ("open", 10300)]
        listing = await staff.get("/imports")
        assert "garden.csv" in listing.text


async def test_the_row_errors_are_shown_by_row_and_column(infra: Infra) -> None:
    async with dashboard_over_invoicing(infra) as stack, stack.browser("owner") as owner:
        csrf = hidden_field((await owner.get("/imports")).text, "csrf")
        bad = CSV.replace("Hedge trim,1,90.00", "Hedge trim,one,90.00")
        files = {"file": ("bad.csv", bad.encode(), "text/csv")}
        uploaded = await owner.post("/imports", data={"csrf": csrf}, files=files)
        location = uploaded.headers["location"]
        page = await eventually(lambda: owner.get(location), lambda p: "Invalid" in p.text)
        assert '<td data-label="Row">4</td><td data-label="Column">quantity</td>' in page.text
        assert "Import the valid rows only" in page.text
        await owner.post(f"{location}/commit", data={"csrf": csrf, "rows": "valid"})
        await eventually(lambda: owner.get(location), lambda p: "Send all 1" in p.text)
