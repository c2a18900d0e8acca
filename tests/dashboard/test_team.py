"""The owner's team: invitations mailed through notifications (expiring, one use, revocable),
roles changed, people removed, and never the last owner."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import text, update

from closeout.dashboard.domain.sessions import COOKIE
from closeout.dashboard.storage.tables import account_links
from closeout.shared.capability_links import REFERENCE
from dashboard.conftest import Dashboard, DashboardFactory
from support.account_mail import link_mailed_to, notifications_running, relaying
from support.dashboard import PASSWORD, csrf_of, sign_in
from support.infra import Infra
from support.services import runtime_of
from support.waiting import unique

NEW_PASSWORD = "a brand new passphrase"


async def _invite(dashboard: Dashboard, email: str, role: str = "staff") -> None:
    sent = await dashboard.client.post(
        "/settings/team/invitations",
        data={"csrf": await csrf_of(dashboard.client), "email": email, "role": role},
    )
    assert sent.status_code == 303, sent.text


async def _stored_text(dashboard: Dashboard) -> str:
    """Everything the dashboard's outbox and link table hold, as text."""
    async with runtime_of(dashboard.app).engine.connect() as conn:
        rows = (await conn.execute(text("SELECT payload FROM outbox"))).scalars().all()
        links = (await conn.execute(text("SELECT * FROM account_links"))).all()
    return " ".join(bytes(p).decode() for p in rows) + " ".join(str(r) for r in links)


async def test_an_invitation_round_trip_lands_the_invitee_signed_in(
    dashboard_factory: DashboardFactory, infra: Infra
) -> None:
    overrides = relaying()
    async with (
        notifications_running(infra, overrides["KAFKA_TOPIC_PREFIX"]),
        dashboard_factory(**overrides) as dashboard,
    ):
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
        invitee = f"{unique('invitee')}@example.test"
        await _invite(dashboard, invitee)
        team = await dashboard.client.get("/settings/team")
        assert f'data-invitation="{invitee}"' in team.text

        link, mail = await link_mailed_to(infra, invitee)
        assert "owner@acme.test invited you" in mail["Text"]
        path = urlsplit(link).path
        # Only a reference is stored or published, never the live token.
        token = path.rsplit("/", 1)[1]
        stored = await _stored_text(dashboard)
        assert token not in stored
        assert REFERENCE.search(stored)

        async with dashboard.browser() as browser:
            form = await browser.get(path)
            assert form.status_code == 200
            assert "Join your team" in form.text
            weak = await browser.post(path, data={"name": "Sam", "password": "short"})
            assert weak.status_code == 422  # refused, and the link still works
            joined = await browser.post(path, data={"name": "Sam Staff", "password": NEW_PASSWORD})
            assert joined.status_code == 303
            assert COOKIE in browser.cookies
            account = await browser.get("/account")
            assert invitee in account.text
            assert "Staff" in account.text
            # One use: the same link now opens nothing, and posting it creates nothing.
            assert (await browser.get(path)).status_code == 404
            again = await browser.post(path, data={"name": "Eve", "password": NEW_PASSWORD})
            assert again.status_code == 404

        team = await dashboard.client.get("/settings/team")
        assert f'data-person="{invitee}"' in team.text
        assert f'data-invitation="{invitee}"' not in team.text


async def test_an_expired_or_revoked_invitation_opens_nothing(
    dashboard_factory: DashboardFactory, infra: Infra
) -> None:
    overrides = relaying()
    async with (
        notifications_running(infra, overrides["KAFKA_TOPIC_PREFIX"]),
        dashboard_factory(**overrides) as dashboard,
    ):
        await dashboard.add_user("acme", "owner@acme.test", "owner")
        await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
        late, revoked = f"{unique('late')}@example.test", f"{unique('gone')}@example.test"
        await _invite(dashboard, late)
        await _invite(dashboard, revoked, role="viewer")
        late_link, _ = await link_mailed_to(infra, late)
        revoked_link, _ = await link_mailed_to(infra, revoked)
        assert (await dashboard.client.get(urlsplit(late_link).path)).status_code == 200

        async with runtime_of(dashboard.app).sessionmaker() as session, session.begin():
            await session.execute(
                update(account_links)
                .where(account_links.c.email == late)
                .values(expires_at=account_links.c.created_at - timedelta(seconds=1))
            )
        team = await dashboard.client.get("/settings/team")
        link_id = team.text.split(f'data-invitation="{revoked}"')[1].split("/invitations/")[1]
        link_id = link_id.split("/revoke")[0]
        revoke = await dashboard.client.post(
            f"/settings/team/invitations/{link_id}/revoke",
            data={"csrf": await csrf_of(dashboard.client)},
        )
        assert revoke.status_code == 303
        team = await dashboard.client.get("/settings/team")
        assert f'data-invitation="{revoked}"' not in team.text
        assert f'data-invitation="{late}"' not in team.text  # expired: no longer pending

        async with dashboard.browser() as browser:
            for link in (late_link, revoked_link):
                path = urlsplit(link).path
                assert (await browser.get(path)).status_code == 404
                used = await browser.post(path, data={"name": "X", "password": NEW_PASSWORD})
                assert used.status_code == 404
                assert COOKIE not in browser.cookies
            assert (await sign_in(browser, late, NEW_PASSWORD)).status_code == 401


async def test_only_an_owner_manages_the_team(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    staff = await dashboard.add_user("acme", "staff@acme.test", "staff")
    await sign_in(dashboard.client, "staff@acme.test", PASSWORD)
    assert (await dashboard.client.get("/settings/team")).status_code == 403
    csrf = await csrf_of(dashboard.client)
    for path in (
        "/settings/team/invitations",
        f"/settings/team/people/{staff.user_id}/role",
        f"/settings/team/people/{staff.user_id}/remove",
    ):
        refused = await dashboard.client.post(
            path, data={"csrf": csrf, "email": "x@acme.test", "role": "owner"}
        )
        assert refused.status_code == 403, path


async def test_roles_change_people_leave_and_the_last_owner_stays(dashboard: Dashboard) -> None:
    owner = await dashboard.add_user("acme", "owner@acme.test", "owner")
    staff = await dashboard.add_user("acme", "staff@acme.test", "staff")
    stranger = await dashboard.add_user("other", "owner@other.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    csrf = await csrf_of(dashboard.client)

    async def post(path: str, **form: str) -> int:
        answer = await dashboard.client.post(path, data={"csrf": csrf, **form})
        return answer.status_code

    # Another business's person is not found; the only owner can neither leave nor step down.
    assert await post(f"/settings/team/people/{stranger.user_id}/remove") == 404
    assert await post(f"/settings/team/people/{stranger.user_id}/role", role="viewer") == 404
    assert await post(f"/settings/team/people/{owner.user_id}/remove") == 409
    assert await post(f"/settings/team/people/{owner.user_id}/role", role="staff") == 409
    assert await post(f"/settings/team/people/{staff.user_id}/role", role="boss") == 422

    async with dashboard.browser() as staff_browser:
        await sign_in(staff_browser, "staff@acme.test", PASSWORD)
        assert (await staff_browser.get("/settings")).status_code == 403
        assert await post(f"/settings/team/people/{staff.user_id}/role", role="owner") == 303
        assert (await staff_browser.get("/settings/team")).status_code == 200  # owner now
        # With two owners, the first may step down; then the other is the last one.
        assert await post(f"/settings/team/people/{owner.user_id}/role", role="viewer") == 303
        assert (await dashboard.client.get("/settings/team")).status_code == 403
        staff_csrf = await csrf_of(staff_browser)
        last = await staff_browser.post(
            f"/settings/team/people/{staff.user_id}/remove", data={"csrf": staff_csrf}
        )
        assert last.status_code == 409
        removed = await staff_browser.post(
            f"/settings/team/people/{owner.user_id}/remove", data={"csrf": staff_csrf}
        )
        assert removed.status_code == 303
    # Removed: signed out at once, and the password no longer signs in.
    assert (await dashboard.client.get("/account")).status_code == 303
    assert (await sign_in(dashboard.client, "owner@acme.test", PASSWORD)).status_code == 401


async def test_another_business_cannot_revoke_or_see_an_invitation(dashboard: Dashboard) -> None:
    await dashboard.add_user("acme", "owner@acme.test", "owner")
    await dashboard.add_user("other", "owner@other.test", "owner")
    await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
    await _invite(dashboard, "new@acme.test")
    team = await dashboard.client.get("/settings/team")
    link_id = team.text.split("/settings/team/invitations/")[1].split("/revoke")[0]
    async with dashboard.browser() as other:
        await sign_in(other, "owner@other.test", PASSWORD)
        assert "new@acme.test" not in (await other.get("/settings/team")).text
        refused = await other.post(
            f"/settings/team/invitations/{link_id}/revoke", data={"csrf": await csrf_of(other)}
        )
        assert refused.status_code == 404
    # Still pending for its own business, which can revoke it (once).
    assert 'data-invitation="new@acme.test"' in (await dashboard.client.get("/settings/team")).text
    csrf = await csrf_of(dashboard.client)
    revoke = f"/settings/team/invitations/{link_id}/revoke"
    assert (await dashboard.client.post(revoke, data={"csrf": csrf})).status_code == 303
    assert (await dashboard.client.post(revoke, data={"csrf": csrf})).status_code == 404
