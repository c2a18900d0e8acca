"""Sign-in, the session cookie, sign-out, rotation and expiry."""

from __future__ import annotations

from datetime import timedelta

from closeout.dashboard.domain.sessions import COOKIE, token_hash
from closeout.dashboard.storage import repository as repo
from closeout.dashboard.usecases import accounts
from closeout.shared.ids import utcnow
from dashboard.conftest import Dashboard, DashboardFactory
from support.dashboard import PASSWORD, csrf_of, sign_in
from support.services import runtime_of


async def test_sign_in_sets_a_hardened_cookie_and_opens_the_page_asked_for(
    dashboard: Dashboard,
) -> None:
    await dashboard.add_user("acme", "Owner@Acme.test", "owner")
    # Not signed in: every page sends the browser to the sign-in form, remembering where to.
    answer = await dashboard.client.get("/account")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/account"

    signed = await sign_in(dashboard.client, "owner@acme.test", PASSWORD, next_path="/account")
    assert signed.status_code == 303, signed.text
    assert signed.headers["location"] == "/account"
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith(COOKIE))
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # CLOSEOUT_ENV=development: plain http works

    page = await dashboard.client.get("/account")
    assert page.status_code == 200
    assert "owner@acme.test" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-store"
    # Only the token's hash is kept.
    token = dashboard.client.cookies[COOKIE]
    async with runtime_of(dashboard.app).sessionmaker() as session:
        assert await repo.session_by_hash(session, token) is None
        assert await repo.session_by_hash(session, token_hash(token)) is not None


async def test_outside_development_the_cookie_is_secure(
    dashboard_factory: DashboardFactory,
) -> None:
    async with dashboard_factory(
        CLOSEOUT_ENV="production", CLOSEOUT_LINK_SECRET="y" * 40
    ) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        signed = await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
        assert signed.status_code == 303, signed.text
        cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith(COOKIE))
        assert "secure" in cookie.lower()


async def test_a_wrong_password_and_an_unknown_email_read_the_same(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    wrong = await sign_in(dashboard.client, "owner@acme.test", "not the password at all")
    unknown = await sign_in(dashboard.client, "nobody@acme.test", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match an account" in wrong.text
    assert wrong.text.replace("owner@", "X@") == unknown.text.replace("nobody@", "X@")
    assert COOKIE not in dashboard.client.cookies


async def test_sign_out_ends_the_session_for_good(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    token = dashboard.client.cookies[COOKIE]
    csrf = await csrf_of(dashboard.client)
    out = await dashboard.client.post("/sign-out", data={"csrf": csrf})
    assert out.status_code == 303
    assert out.headers["location"] == "/sign-in"
    # The old cookie, replayed, opens nothing.
    async with dashboard.browser() as replay:
        replay.cookies.set(COOKIE, token)
        assert (await replay.get("/account")).status_code == 303


async def test_signing_in_again_rotates_the_token(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    first = dashboard.client.cookies[COOKIE]
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    second = dashboard.client.cookies[COOKIE]
    assert first != second
    async with dashboard.browser() as replay:
        replay.cookies.set(COOKIE, first)
        assert (await replay.get("/account")).status_code == 303
    assert (await dashboard.client.get("/account")).status_code == 200


async def test_an_idle_or_expired_session_is_over(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    token = dashboard.client.cookies[COOKIE]
    settings = dashboard.settings
    sessionmaker = runtime_of(dashboard.app).sessionmaker
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    async with sessionmaker() as session, session.begin():
        # Active a minute short of the idle limit: still signed in (and marked as seen).
        still = await accounts.current_session(
            session, settings, token, now=now + idle - timedelta(minutes=1)
        )
        assert still is not None
    async with sessionmaker() as session, session.begin():
        later = now + 2 * idle - timedelta(minutes=2)
        assert await accounts.current_session(session, settings, token, now=later) is not None
    async with sessionmaker() as session, session.begin():
        # Past the absolute lifetime, however active.
        past = now + timedelta(hours=settings.session_hours, seconds=1)
        assert await accounts.current_session(session, settings, token, now=past) is None
    assert (await dashboard.client.get("/account")).status_code == 303

    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    token = dashboard.client.cookies[COOKIE]
    async with sessionmaker() as session, session.begin():
        idle_for = utcnow() + idle + timedelta(seconds=1)
        assert await accounts.current_session(session, settings, token, now=idle_for) is None
    assert (await dashboard.client.get("/account")).status_code == 303
