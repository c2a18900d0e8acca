"""Password reset by email link: the same answer for any address, throttled, one use,
expiring, and every session of the user ends."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import func, select, update

from closeout.dashboard.domain.sessions import COOKIE
from closeout.dashboard.storage.tables import account_links
from dashboard.conftest import Dashboard, DashboardFactory
from support.account_mail import link_mailed_to, notifications_running, relaying
from support.dashboard import PASSWORD, sign_in
from support.infra import Infra
from support.services import runtime_of
from support.waiting import unique

NEW_PASSWORD = "a brand new passphrase"


async def _ask(client: httpx.AsyncClient, email: str) -> str:
    answer = await client.post("/forgot-password", data={"email": email})
    assert answer.status_code == 200
    return answer.text


async def _links_of(dashboard: Dashboard, email: str) -> int:
    async with runtime_of(dashboard.app).sessionmaker() as session:
        query = select(func.count()).where(account_links.c.email == email)
        return int(await session.scalar(query) or 0)


async def test_a_reset_round_trip_ends_every_session(
    dashboard_factory: DashboardFactory, infra: Infra
) -> None:
    overrides = relaying()
    async with (
        notifications_running(infra, overrides["KAFKA_TOPIC_PREFIX"]),
        dashboard_factory(**overrides) as dashboard,
    ):
        email = f"{unique('owner')}@example.test"
        await dashboard.add_user("acme", email, "owner")
        await sign_in(dashboard.client, email, PASSWORD)
        assert (await dashboard.client.get("/account")).status_code == 200

        async with dashboard.browser() as browser:
            await _ask(browser, email)
            link, mail = await link_mailed_to(infra, email)
            assert "reset the password" in mail["Text"]
            path = urlsplit(link).path
            assert "Choose a new password" in (await browser.get(path)).text
            weak = await browser.post(path, data={"password": "short"})
            assert weak.status_code == 422
            done = await browser.post(path, data={"password": NEW_PASSWORD})
            assert done.status_code == 303
            assert done.headers["location"] == "/sign-in?reset=1"
            # One use.
            assert (await browser.get(path)).status_code == 404
            again = await browser.post(path, data={"password": "yet another passphrase"})
            assert again.status_code == 404

        # The session opened before the reset is over; the old password is refused.
        assert (await dashboard.client.get("/account")).status_code == 303
        assert (await sign_in(dashboard.client, email, PASSWORD)).status_code == 401
        assert (await sign_in(dashboard.client, email, NEW_PASSWORD)).status_code == 303


async def test_a_newer_or_expired_reset_link_opens_nothing(
    dashboard_factory: DashboardFactory, infra: Infra
) -> None:
    overrides = relaying()
    async with (
        notifications_running(infra, overrides["KAFKA_TOPIC_PREFIX"]),
        dashboard_factory(**overrides) as dashboard,
    ):
        email = f"{unique('staff')}@example.test"
        await dashboard.add_user("acme", email, "staff")
        await _ask(dashboard.client, email)
        first, _ = await link_mailed_to(infra, email)
        await _ask(dashboard.client, email)
        second, _ = await link_mailed_to(infra, email, count=2)
        assert first != second
        # Asking again ends the earlier link.
        assert (await dashboard.client.get(urlsplit(first).path)).status_code == 404
        assert (await dashboard.client.get(urlsplit(second).path)).status_code == 200
        async with runtime_of(dashboard.app).sessionmaker() as session, session.begin():
            await session.execute(
                update(account_links)
                .where(account_links.c.email == email)
                .values(expires_at=account_links.c.created_at - timedelta(seconds=1))
            )
        late = await dashboard.client.post(urlsplit(second).path, data={"password": NEW_PASSWORD})
        assert late.status_code == 404
        assert (await sign_in(dashboard.client, email, NEW_PASSWORD)).status_code == 401


async def test_the_answer_does_not_say_whether_the_account_exists(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    known = await _ask(dashboard.client, "owner@acme.test")
    unknown = await _ask(dashboard.client, "nobody@acme.test")
    assert known == unknown
    assert "If that address has a Closeout account" in known
    assert await _links_of(dashboard, "owner@acme.test") == 1
    assert await _links_of(dashboard, "nobody@acme.test") == 0


async def test_reset_requests_are_throttled_per_address(
    dashboard_factory: DashboardFactory,
) -> None:
    async with dashboard_factory(DASHBOARD_PASSWORD_RESETS_PER_HOUR=2) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        answers = {await _ask(dashboard.client, "Owner@acme.test") for _ in range(4)}
        assert len(answers) == 1  # the same answer, throttled or not
        assert await _links_of(dashboard, "owner@acme.test") == 2
        # A signed-in session is unaffected by the requests.
        assert (await sign_in(dashboard.client, "owner@acme.test", PASSWORD)).status_code == 303
        assert COOKIE in dashboard.client.cookies


async def test_reset_requests_are_throttled_per_client(
    dashboard_factory: DashboardFactory,
) -> None:
    async with dashboard_factory(DASHBOARD_PASSWORD_RESETS_PER_IP_PER_HOUR=3) as dashboard:
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        for n in range(3):
            await _ask(dashboard.client, f"someone-{n}@acme.test")
        await _ask(dashboard.client, "owner@acme.test")
        assert await _links_of(dashboard, "owner@acme.test") == 0
