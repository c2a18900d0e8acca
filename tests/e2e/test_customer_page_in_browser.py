"""The customer's side in a real Chromium at phone size: the emailed link, paying by card
through Checkout, the return page, the paid page, and an "I have paid" claim with scripts off."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from support import stripe_events
from support.browser import PHONE, chromium

TOTAL = 138_490
TOTAL_TEXT = "$1,384.90"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as started:
        yield started


async def phone(browser: Browser, *, javascript: bool = True) -> BrowserContext:
    return await browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript
    )


def collect_console_errors(page: Page, errors: list[str]) -> None:
    """Errors the page logs, CSP violations among them (a blocked style or form shows here)."""
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)


async def issued_invoice(stack: Stack) -> tuple[str, str, str]:
    email = unique_email("browser")
    event = job_completed_event(email)
    await flows.publish_job(stack, event)
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    return link, invoice["invoice_id"], email


async def test_the_link_answers_at_a_glance_and_card_payment_goes_through_checkout(
    stack: Stack, browser: Browser
) -> None:
    link, invoice_id, email = await issued_invoice(stack)
    own = stack.urls["invoicing"]
    context = await phone(browser)
    page = await context.new_page()
    errors: list[str] = []
    collect_console_errors(page, errors)

    await page.goto(link)
    await expect(page).to_have_title(re.compile(r"Invoice INV-\d{4}-\d{6} from Demo Plumbing Co"))
    pay = page.get_by_role("button", name=f"Pay {TOTAL_TEXT} by card")
    # What it is for, how much, by when, how to pay: all on the first screen of a phone.
    for thing in (page.locator(".due"), page.get_by_text(re.compile(r"^Due \d")), pay):
        await expect(thing).to_be_in_viewport()
    await expect(page.locator(".due")).to_have_text(TOTAL_TEXT)
    await expect(page.get_by_text("Replace water heater")).to_be_visible()
    width = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways on a phone: {width}"
    # The stylesheet is admitted by its CSP nonce: the amount is set large and bold.
    size = await page.locator(".due").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    body = await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size > body * 1.5, (size, body)

    # The form posts to the page, which redirects to Stripe Checkout; this sandbox cannot reach
    # Stripe, so the browser setting off for it (past the page's CSP form-action) is the proof.
    async with page.expect_request(lambda r: not r.url.startswith(own)) as leaving:
        await pay.click()
    checkout = await leaving.value
    assert checkout.is_navigation_request()
    assert checkout.url.startswith("https://checkout.stripe.com/"), checkout.url
    assert checkout.redirected_from is not None
    assert checkout.redirected_from.url == f"{link}/pay/card"
    attempt_id = await flows.checkout_attempt(stack, invoice_id)

    # The tab is left on Chrome's "can't reach Stripe" page, whose own navigation would race
    # ours: the customer comes back from Checkout in a fresh tab.
    await page.close()
    page = await context.new_page()
    collect_console_errors(page, errors)

    # Checkout sends the customer back before Stripe's webhook: the page must not claim "paid".
    await page.goto(f"{link}/return")
    await expect(page.get_by_text("your payment is processing")).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("by card"))).to_have_count(0)
    assert (await flows.invoice(stack, invoice_id))["status"] == "open"

    session = stripe_events.checkout_session(
        invoice_id=invoice_id, business_id="demo", amount=TOTAL, attempt_id=attempt_id,
        payment_intent="pi_browser_card", email=email,
    )  # fmt: skip
    await flows.deliver_webhook(stack, "checkout.session.completed", session)
    await flows.invoice_paid(stack, invoice_id)

    await page.goto(link)
    thanks = page.get_by_text(re.compile(r"Paid on \d{2} \w{3} \d{4}, thank you"))
    await expect(thanks).to_be_visible()
    await expect(page.get_by_role("button")).to_have_count(0)
    assert errors == [], errors
    await context.close()


async def test_an_i_have_paid_claim_works_without_javascript_and_pays_nothing(
    stack: Stack, browser: Browser
) -> None:
    link, invoice_id, email = await issued_invoice(stack)
    context = await phone(browser, javascript=False)
    page = await context.new_page()
    await page.goto(link)

    await expect(page.get_by_text("BSB 062-000, account 1234 5678")).to_be_visible()
    await page.get_by_text("I have already paid by cash or bank transfer").click()
    await page.get_by_label("How did you pay?").select_option("bank_transfer")
    await page.get_by_label("Reference (optional)").fill("NAB 7781")
    await page.get_by_role("button", name="Tell Demo Plumbing Co I have paid").click()

    await expect(page.get_by_text("Thanks, we have let Demo Plumbing Co know")).to_be_visible()
    await expect(page.locator(".due")).to_have_text(TOTAL_TEXT)  # nothing is paid by a claim
    invoice: dict[str, Any] = await flows.invoice(stack, invoice_id)
    assert invoice["status"] == "open"
    assert invoice["amount_due"] == TOTAL
    claims = invoice["claims"]
    assert [(c["method"], c["reference"]) for c in claims] == [("bank_transfer", "NAB 7781")]
    await flows.no_receipt_yet(stack, email)
    await context.close()
