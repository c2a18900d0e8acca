"""CSRF on every form, sign-in throttling, and what each role may do."""

from __future__ import annotations

from closeout.dashboard.domain.sessions import COOKIE
from dashboard.conftest import Dashboard, DashboardFactory
from support.dashboard import PASSWORD, csrf_of, hidden_field, sign_in

ACTIONS = (
    "issue",
    "resend",
    "void",
    "write-off",
    "review-done",
    "record-payment",
    "confirm-claim",
    "reject-claim",
)


async def test_a_form_without_this_sessions_csrf_token_is_refused(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await dashboard.add_user("acme", "other@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    async with dashboard.browser() as other:
        await sign_in(other, "other@acme.test", PASSWORD)
        someone_elses = await csrf_of(other)
    for form in ({}, {"csrf": ""}, {"csrf": "forged"}, {"csrf": someone_elses}):
        refused = await dashboard.client.post("/sign-out", data=form)
        assert refused.status_code == 403, form
        assert "This form has expired" in refused.text
        action = await dashboard.client.post("/invoices/inv-1/actions/void", data=form)
        assert action.status_code == 403, form
    # Nothing happened: still signed in; with the right token the same form works.
    assert (await dashboard.client.get("/account")).status_code == 200
    out = await dashboard.client.post("/sign-out", data={"csrf": await csrf_of(dashboard.client)})
    assert out.status_code == 303


async def test_the_sign_in_form_only_accepts_a_post_from_its_own_page(
    dashboard: Dashboard,
) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    # A page elsewhere posting the victim's browser into the attacker's account: no token.
    forged = await dashboard.client.post(
        "/sign-in", data={"email": "owner@acme.test", "password": PASSWORD}
    )
    assert forged.status_code == 403
    assert COOKIE not in dashboard.client.cookies
    # The refusal page carries a fresh form that works.
    retry = await dashboard.client.post(
        "/sign-in",
        data={
            "form_token": hidden_field(forged.text, "form_token"),
            "email": "owner@acme.test",
            "password": PASSWORD,
        },
    )
    assert retry.status_code == 303


async def test_sign_in_is_throttled_per_account(dashboard_factory: DashboardFactory) -> None:
    async with dashboard_factory(DASHBOARD_SIGN_IN_FAILURES_PER_ACCOUNT=3) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        await dashboard.add_user("acme", "staff@acme.test", "staff")
        for _ in range(3):
            failed = await sign_in(dashboard.client, "owner@acme.test", "wrong password!!")
            assert failed.status_code == 401
        # Now even the right password is not checked, with a message that says why.
        throttled = await sign_in(dashboard.client, "Owner@Acme.test", PASSWORD)
        assert throttled.status_code == 429
        assert "Too many failed sign-ins" in throttled.text
        assert COOKIE not in dashboard.client.cookies
        # Another account from the same address is not locked out by it.
        assert (await sign_in(dashboard.client, "staff@acme.test", PASSWORD)).status_code == 303


async def test_a_success_clears_the_accounts_failures(dashboard_factory: DashboardFactory) -> None:
    async with dashboard_factory(DASHBOARD_SIGN_IN_FAILURES_PER_ACCOUNT=3) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        for _ in range(2):
            await sign_in(dashboard.client, "owner@acme.test", "wrong password!!")
        assert (await sign_in(dashboard.client, "owner@acme.test", PASSWORD)).status_code == 303
        for _ in range(2):
            await sign_in(dashboard.client, "owner@acme.test", "wrong password!!")
        assert (await sign_in(dashboard.client, "owner@acme.test", PASSWORD)).status_code == 303


async def test_sign_in_is_throttled_per_address(dashboard_factory: DashboardFactory) -> None:
    async with dashboard_factory(DASHBOARD_SIGN_IN_FAILURES_PER_IP=4) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        # Guessing across many accounts from one address.
        for n in range(4):
            failed = await sign_in(dashboard.client, f"guess{n}@acme.test", "wrong password!!")
            assert failed.status_code == 401
        throttled = await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
        assert throttled.status_code == 429


async def test_a_viewer_may_look_but_not_act(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "viewer@acme.test", "viewer")
    await sign_in(dashboard.client, "viewer@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)
    for action in ACTIONS:
        form = await dashboard.client.get(f"/invoices/inv-1/actions/{action}")
        assert form.status_code == 403, action
        done = await dashboard.client.post(
            f"/invoices/inv-1/actions/{action}", data={"csrf": csrf, "reason": "x"}
        )
        assert done.status_code == 403, action
        assert "look, not act" in done.text


async def test_staff_get_past_the_role_check(dashboard: Dashboard) -> None:
    """Staff (and owners) reach the owning service: here it is down, so a 503 page, not 403."""
    await dashboard.add_user("acme", "staff@acme.test", "staff")
    await sign_in(dashboard.client, "staff@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)
    done = await dashboard.client.post(
        "/invoices/inv-1/actions/void", data={"csrf": csrf, "reason": "x"}
    )
    assert done.status_code == 503
    assert "not answering" in done.text
