"""The owner's dashboard in a real Chromium, against the running services: sign in with the
printed demo credentials, read the overview's figures, confirm a customer's bank transfer and
watch the invoice turn paid (and the receipt arrive), void a draft. Screenshots are saved
under .local/screenshots/."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe  # type: ignore[import-untyped]
from playwright.async_api import Browser, Page, expect

from closeout.shared.contracts.invoices import PAYABLE_STATUSES
from closeout.shared.money import Money
from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from support.browser import PHONE, chromium
from support.dashboard import DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD, PASSWORD, add_user
from support.processes import REPO
from support.waiting import eventually

SCREENSHOTS = REPO / ".local" / "screenshots"
TOTAL_TEXT = "$1,384.90"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as started:
        yield started


async def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"dashboard-{name}.png"), full_page=True)


async def accessible(page: Page) -> None:
    """axe-core finds no serious or critical accessibility problem on the page."""
    results = await Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert problems == [], problems


def watch_console(page: Page) -> list[str]:
    """Errors the page logs, CSP violations among them."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


async def sign_in(page: Page, stack: Stack, email: str, password: str) -> None:
    await page.goto(stack.urls["dashboard"] + "/")
    await expect(page).to_have_url(re.compile(r"/sign-in"))
    await accessible(page)
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Overview")).to_be_visible()


async def outstanding_of(stack: Stack, business_id: str) -> str:
    """What the business is owed, from invoicing's own answers."""
    async with stack.admin("invoicing", business_id) as admin:
        found = await admin.get("/v1/invoices", params={"limit": 200})
        found.raise_for_status()
        items = found.json()["items"]
    due = sum(i["amount_due"] for i in items if i["status"] in PAYABLE_STATUSES)
    return Money(due, "AUD").format()


def printed_sign_in(stack: Stack) -> tuple[str, str, str]:
    """The line `make run` prints for the dashboard (a public contract): URL, email, password."""
    lines = [line for line in stack.printed.splitlines() if line.startswith("  dashboard ")]
    assert len(lines) == 1, stack.printed
    found = re.fullmatch(r"  dashboard +(http://\S+) +\(sign in: (\S+) / (\S+)\)", lines[0])
    assert found, lines[0]
    return found[1], found[2], found[3]


async def test_the_demo_owner_signs_in_with_the_printed_credentials(
    stack: Stack, browser: Browser
) -> None:
    url, email, password = printed_sign_in(stack)
    assert url == stack.urls["dashboard"]
    assert (email, password) == (DEMO_OWNER_EMAIL, DEMO_OWNER_PASSWORD)  # the README's
    event = job_completed_event(unique_email("dash-demo"))
    await flows.publish_job(stack, event)
    await flows.invoice_for_job(stack, event["data"]["external_id"])
    await flows.settled(stack)
    context = await browser.new_context()
    page = await context.new_page()
    errors = watch_console(page)
    await sign_in(page, stack, email, password)
    figure = page.locator("[data-figure='outstanding-AUD']")
    await expect(figure).to_have_text(await outstanding_of(stack, "demo"))
    await shot(page, "overview-demo")
    await accessible(page)
    await page.get_by_role("link", name="Invoices", exact=True).click()
    await expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    await expect(page.get_by_text("Dana Lee").first).to_be_visible()
    assert errors == [], errors
    await context.close()


async def draft_mode_business(stack: Stack) -> str:
    business = f"dash-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        answer = await admin.patch(
            "/v1/business",
            json={
                "name": "Harbour Electrics",
                "auto_send": False,
                "bank_transfer_instructions": "BSB 062-000, account 9876 5432",
            },
        )
        assert answer.status_code == 200, answer.text
    return business


async def drafts_of(stack: Stack, business: str, count: int) -> list[dict[str, Any]]:
    async with stack.admin("invoicing", business) as admin:

        async def drafts() -> list[dict[str, Any]]:
            found = await admin.get("/v1/invoices", params={"status": "draft"})
            items: list[dict[str, Any]] = found.json()["items"]
            return items

        return await eventually(drafts, lambda items: len(items) >= count)


async def invoice_of(stack: Stack, business: str, invoice_id: str) -> dict[str, Any]:
    async with stack.admin("invoicing", business) as admin:
        found = await admin.get(f"/v1/invoices/{invoice_id}")
        found.raise_for_status()
        invoice: dict[str, Any] = found.json()
        return invoice


async def test_an_owner_confirms_a_bank_transfer_and_voids_a_draft(
    stack: Stack, browser: Browser
) -> None:
    business = await draft_mode_business(stack)
    paying, other = unique_email("dash-pays"), unique_email("dash-void")
    for email in (paying, other):
        await flows.publish_job(stack, job_completed_event(email, business_id=business))
    drafts = await drafts_of(stack, business, 2)
    to_issue = next(d for d in drafts if d["customer"]["email"] == paying)
    to_void = next(d for d in drafts if d["customer"]["email"] == other)
    owner_email = f"owner-{business}@harbour.test"
    await add_user(stack.env["DASHBOARD_DATABASE_URL"], business, owner_email, "owner")

    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()
    errors = watch_console(page)
    await sign_in(page, stack, owner_email, PASSWORD)
    await expect(page.get_by_text("2 drafts waiting to be issued")).to_be_visible()

    # Issue the first draft from its page; the customer gets the email and says they paid.
    await page.goto(f"{stack.urls['dashboard']}/invoices/{to_issue['invoice_id']}")
    await page.get_by_role("link", name="Issue and send").click()
    await page.get_by_role("button", name="Issue and send").click()
    await expect(page.locator("[data-status]")).to_have_text("Open")
    link = flows.link_in((await flows.mails(stack, paying, 1))[0])
    async with httpx.AsyncClient(timeout=10) as customer:
        claimed = await customer.post(
            f"{link}/claim", data={"method": "bank_transfer", "reference": "HE-2201"}
        )
        assert claimed.status_code == 303, claimed.text

    # The overview shows what is owed and that the customer says they paid.
    await page.get_by_role("link", name="Overview", exact=True).click()
    await expect(page.locator("[data-figure='outstanding-AUD']")).to_have_text(TOTAL_TEXT)
    claim = page.get_by_role("link", name=re.compile("Dana Lee says they paid"))
    await expect(claim).to_be_visible()
    await shot(page, "overview-phone")
    await accessible(page)
    width = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the overview scrolls sideways on a phone: {width}"

    await claim.click()
    await expect(page.get_by_text("The customer says they paid")).to_be_visible()
    await page.get_by_role("link", name="Confirm the customer's payment").click()
    await expect(page.get_by_label("Amount received (AUD)")).to_have_value("1384.90")
    await shot(page, "confirm-claim")
    await accessible(page)
    # The form posts and redirects: reloading before that navigation ends detaches the page.
    async with page.expect_navigation():
        await page.get_by_role("button", name="Confirm: the money arrived").click()

    # Payments confirms, invoicing applies it: the page turns paid on a reload.
    async def status_shown() -> str:
        await page.reload()
        return await page.locator("[data-status]").inner_text()

    await eventually(status_shown, lambda status: status == "Paid", interval=0.5)
    await flows.receipts(stack, paying)
    await shot(page, "invoice-paid")
    await accessible(page)
    await page.get_by_role("link", name="Customers", exact=True).click()
    row = page.locator(f"[data-customer='{paying}']")
    await expect(row).to_contain_text(TOTAL_TEXT)  # billed, and nothing owed any more
    await expect(row.locator("td").nth(1)).to_have_text("$0.00")
    await accessible(page)
    detail = await invoice_of(stack, business, to_issue["invoice_id"])
    actors = {entry["actor"] for entry in detail["timeline"]}
    assert any("dashboard:user:" in actor for actor in actors), actors

    # Void the other draft from the filtered list.
    await page.goto(f"{stack.urls['dashboard']}/invoices?status=draft")
    await page.get_by_role("link", name="Draft", exact=True).click()
    await page.get_by_role("link", name="Void", exact=True).click()
    await page.get_by_label("Reason").fill("Duplicate job")
    await page.get_by_role("button", name="Void the invoice").click()
    await expect(page.locator("[data-status]")).to_have_text("Void")
    assert (await invoice_of(stack, business, to_void["invoice_id"]))["status"] == "void"
    await shot(page, "invoice-void")
    assert errors == [], errors
    await context.close()
