"""The dashboard's team and money pages in a real Chromium, against the running services: the
owner invites a staff member by email, who joins and acts with staff rights; a password reset
by email link; an invoice made by hand and sent, its email found in Mailpit; the Payments page
listing a payment an admin confirmed. Screenshots are saved under .local/screenshots/."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, expect

from closeout.shared.money import Money
from e2e import flows
from e2e.stack import Stack, unique_email
from e2e.test_dashboard_in_browser import accessible, shot, sign_in, watch_console
from support.account_mail import link_mailed_to
from support.browser import chromium
from support.dashboard import PASSWORD, add_user
from support.waiting import eventually

NEW_PASSWORD = "a fresh passphrase for closeout"


def unexpected(errors: list[str], *statuses: int) -> list[str]:
    """The console's errors but the failed loads of the pages refused on purpose."""
    expected = tuple(f"responded with a status of {status} " for status in statuses)
    return [e for e in errors if not any(text in e for text in expected)]


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as started:
        yield started


async def new_owner(stack: Stack) -> tuple[str, str]:
    """A business of its own (so its pages show only this test's records) and its owner."""
    business = f"team-{uuid.uuid4().hex[:8]}"
    async with stack.admin("invoicing", business) as admin:
        answer = await admin.patch("/v1/business", json={"name": "Harbour Electrics"})
        assert answer.status_code == 200, answer.text
    email = f"owner-{business}@harbour.test"
    await add_user(stack.env["DASHBOARD_DATABASE_URL"], business, email, "owner")
    return business, email


async def mailed_link(stack: Stack, recipient: str) -> str:
    """The dashboard link in the newest mail to `recipient`: it opens this stack's dashboard."""
    link, _ = await link_mailed_to(stack.infra, recipient)
    assert link.startswith(stack.urls["dashboard"] + "/i/"), link
    return link


async def test_an_invited_staff_member_joins_and_acts_with_staff_rights(
    stack: Stack, browser: Browser
) -> None:
    _, owner_email = await new_owner(stack)
    staff_email = unique_email("staff")
    owner = await browser.new_context()
    page = await owner.new_page()
    errors = watch_console(page)
    await sign_in(page, stack, owner_email, PASSWORD)
    await page.get_by_role("link", name="Settings", exact=True).click()
    await page.get_by_role("link", name="Team", exact=True).click()
    await expect(page.get_by_role("heading", name="Your team")).to_be_visible()
    await accessible(page)
    await page.get_by_label("Email").fill(staff_email)
    await page.get_by_label("Role", exact=True).select_option("staff")
    await page.get_by_role("button", name="Send invitation").click()
    await expect(page.get_by_role("status")).to_have_text("Invitation sent.")
    await expect(page.locator(f"[data-invitation='{staff_email}']")).to_be_visible()
    await shot(page, "team-invited")

    link = await mailed_link(stack, staff_email)
    staff = await browser.new_context()
    joining = await staff.new_page()
    staff_errors = watch_console(joining)
    await joining.goto(link)
    await expect(joining.get_by_role("heading", name="Join your team on Closeout")).to_be_visible()
    await accessible(joining)
    await joining.get_by_label("Your name").fill("Sam Staff")
    await joining.get_by_label("Choose a password").fill(NEW_PASSWORD)
    await joining.get_by_role("button", name="Join and sign in").click()
    await expect(joining.get_by_role("heading", name="Overview")).to_be_visible()
    await expect(joining.get_by_role("link", name=f"{staff_email} · staff")).to_be_visible()
    # Staff act on invoices, but the team, keys and settings are the owner's.
    await expect(joining.get_by_role("link", name="New invoice", exact=True)).to_be_visible()
    await expect(joining.get_by_role("link", name="Settings", exact=True)).to_have_count(0)
    refused = await joining.goto(f"{stack.urls['dashboard']}/settings/team")
    assert refused is not None
    assert refused.status == 403
    await expect(joining.get_by_text("Only the business's owner can do that.")).to_be_visible()
    await accessible(joining)
    await shot(joining, "team-staff-refused")
    # The invitation was one use: the link opens nothing now.
    assert (await joining.goto(link)) is not None
    await expect(joining.get_by_role("heading", name="Join your team on Closeout")).to_have_count(0)

    await page.reload()
    await expect(page.locator(f"[data-person='{staff_email}']")).to_contain_text("Sam Staff")
    await expect(page.locator(f"[data-invitation='{staff_email}']")).to_have_count(0)
    assert errors == [], errors
    assert unexpected(staff_errors, 403, 404) == [], staff_errors
    await owner.close()
    await staff.close()


async def test_a_password_reset_by_email_link_ends_the_old_session(
    stack: Stack, browser: Browser
) -> None:
    _, email = await new_owner(stack)
    old = await browser.new_context()
    signed_in = await old.new_page()
    await sign_in(signed_in, stack, email, PASSWORD)

    context = await browser.new_context()
    page = await context.new_page()
    errors = watch_console(page)
    await page.goto(stack.urls["dashboard"] + "/sign-in")
    await page.get_by_role("link", name="Forgot your password?").click()
    await expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    await accessible(page)
    await page.get_by_label("Your account's email").fill(email)
    await page.get_by_role("button", name="Email me a link").click()
    await expect(page.get_by_role("status")).to_be_visible()

    await page.goto(await mailed_link(stack, email))
    await expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    await accessible(page)
    await page.get_by_label("New password").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Set the new password").click()
    await expect(page).to_have_url(re.compile(r"/sign-in\?reset=1"))
    await expect(page.get_by_role("status")).to_have_text(
        "Your password is changed. Sign in with the new one."
    )
    await shot(page, "password-reset")

    # The old password is refused, the new one signs in.
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await expect(page.get_by_role("heading", name="Overview")).to_have_count(0)
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Overview")).to_be_visible()

    # The session from before the reset has ended.
    await signed_in.reload()
    await expect(signed_in).to_have_url(re.compile(r"/sign-in"))
    assert unexpected(errors, 401) == [], errors
    await old.close()
    await context.close()


async def admin_confirms(stack: Stack, business: str, invoice_id: str, reference: str) -> None:
    """An admin records a bank transfer through the payments API (payments learns of the
    invoice from invoicing's events, so the first tries may not know it yet)."""
    async with stack.admin("payments", business) as admin:

        async def confirm() -> httpx.Response:
            return await admin.post(
                f"/v1/invoices/{invoice_id}/payments/manual",
                json={
                    "amount": 25_000,
                    "currency": "AUD",
                    "method": "bank_transfer",
                    "reference": reference,
                },
                headers={"Idempotency-Key": reference},
            )

        answer = await eventually(confirm, lambda r: r.status_code != 404, timeout=60)
        assert answer.status_code in (200, 201), answer.text


async def test_an_invoice_made_by_hand_is_mailed_and_its_payment_listed(
    stack: Stack, browser: Browser
) -> None:
    business, owner_email = await new_owner(stack)
    customer = unique_email("by-hand")
    context = await browser.new_context()
    page = await context.new_page()
    errors = watch_console(page)
    await sign_in(page, stack, owner_email, PASSWORD)
    await page.get_by_role("link", name="New invoice", exact=True).click()
    await expect(page.get_by_role("heading", name="New invoice")).to_be_visible()
    await accessible(page)
    await page.get_by_label("Name", exact=True).fill("Robin Walk-in")
    await page.get_by_label("Email (where the invoice goes)").fill(customer)
    await page.get_by_label("Currency").fill("AUD")
    await page.get_by_label("Line 1 description").fill("Switchboard upgrade")
    await page.get_by_label("Line 1 quantity").fill("2")
    await page.get_by_label("Line 1 unit price").fill("250.00")
    await page.get_by_label("Line 1 tax rate").fill("10")
    await page.get_by_label("Send it to the customer now").check()
    await page.get_by_role("button", name="Create invoice").click()
    await expect(page.locator("[data-status]")).to_have_text("Open")
    await expect(page.get_by_role("status")).to_contain_text("Done")
    await shot(page, "invoice-by-hand")
    await accessible(page)
    invoice_id = page.url.split("/invoices/", 1)[1].split("?", 1)[0]
    async with stack.admin("invoicing", business) as admin:
        made: dict[str, Any] = (await admin.get(f"/v1/invoices/{invoice_id}")).json()
    assert (made["source"], made["total"]) == ("manual", 55_000)  # 2 x 250.00 + 10 %

    # The customer's email arrives with the link to pay, and the link opens the invoice.
    (mail,) = await flows.mails(stack, customer, 1)
    assert made["number"] in mail["Subject"] + mail["Text"]
    async with httpx.AsyncClient(timeout=10) as reader:
        opened = await reader.get(flows.link_in(mail))
    assert opened.status_code == 200
    assert made["number"] in opened.text

    reference = f"BT-{uuid.uuid4().hex[:6]}"
    await admin_confirms(stack, business, invoice_id, reference)
    await page.get_by_role("link", name="Payments", exact=True).click()
    await expect(page.get_by_role("heading", name="Payments")).to_be_visible()
    entry = page.locator("[data-entry='confirmed']", has_text=reference)
    await expect(entry).to_contain_text(Money(25_000, "AUD").format())
    await expect(entry).to_contain_text(made["number"])
    await expect(entry).to_contain_text("Bank transfer")
    await shot(page, "payments")
    await accessible(page)
    await entry.get_by_role("link", name=made["number"]).click()
    await expect(page.locator("[data-status]")).to_have_text(re.compile("Open|Partially paid"))
    assert errors == [], errors
    await context.close()
