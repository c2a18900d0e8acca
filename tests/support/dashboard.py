"""Drive the dashboard like a browser without one: sign in, read the CSRF token, post forms."""

from __future__ import annotations

import html
import re

import httpx

from closeout.dashboard.domain.roles import Role
from closeout.dashboard.storage.records import User
from closeout.dashboard.usecases import accounts
from closeout.shared.db import create_engine, create_sessionmaker

DEMO_OWNER_EMAIL = "owner@demo.closeout.test"
DEMO_OWNER_PASSWORD = "closeout-demo-owner"
PASSWORD = "correct horse battery staple"

_HIDDEN = r'<input type="hidden" name="{name}" value="([^"]*)"'


def hidden_field(page: str, name: str) -> str:
    found = re.search(_HIDDEN.format(name=re.escape(name)), page)
    assert found, f"no hidden {name} field in the page"
    return html.unescape(found.group(1))


async def sign_in(
    client: httpx.AsyncClient, email: str, password: str, *, next_path: str = "/"
) -> httpx.Response:
    """GET the form (its double-submit cookie and token), then POST it; the answer unfollowed."""
    form = await client.get("/sign-in")
    assert form.status_code == 200, form.text
    return await client.post(
        "/sign-in",
        data={
            "form_token": hidden_field(form.text, "form_token"),
            "email": email,
            "password": password,
            "next": next_path,
        },
    )


async def csrf_of(client: httpx.AsyncClient, path: str = "/account") -> str:
    """The session's CSRF token, read from a page that carries the sign-out form."""
    page = await client.get(path)
    return hidden_field(page.text, "csrf")


async def add_user(database_url: str, business_id: str, email: str, role: Role) -> User:
    """A dashboard user written straight into a running dashboard's database."""
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await accounts.create_user(
                session, business_id=business_id, email=email, password=PASSWORD, role=role
            )
    finally:
        await engine.dispose()
