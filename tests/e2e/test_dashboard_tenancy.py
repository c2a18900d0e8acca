"""The dashboard acts only inside the signed-in user's business, and a viewer only looks.

Every dashboard route that takes an invoice id is walked (the list comes from the app itself,
so a new route is covered as soon as it exists): another business's invoice is a 404 on each,
and a viewer of the invoice's own business gets a 403 on every action."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator

import httpx
from starlette.routing import BaseRoute, Route

from closeout.dashboard.app import create_app
from closeout.dashboard.domain.actions import ACTIONS
from closeout.dashboard.storage.records import User
from closeout.dashboard.usecases.schedules import RECURRING_ACTIONS
from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
from e2e.test_api_tenancy import first_business
from support.dashboard import PASSWORD, add_user, csrf_of, sign_in


def _flat(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        yield from _flat(included.routes) if included is not None else (route,)


def routes_with_an_id() -> list[tuple[str, str]]:
    """(method, path template) of every dashboard page that names an invoice."""
    found = []
    for route in _flat(create_app().routes):
        if isinstance(route, Route) and "{invoice_id}" in route.path:
            methods = sorted(set(route.methods or ()) - {"HEAD"})
            found += [(method, route.path) for method in methods]
    return found


def paths(template: str, invoice_id: str) -> list[str]:
    if "{action}" not in template:
        return [template.replace("{invoice_id}", invoice_id)]
    return [
        template.replace("{invoice_id}", invoice_id).replace("{action}", action)
        for action in ACTIONS
    ]


async def test_another_business_gets_404_and_a_viewer_403_on_every_route_with_an_id(
    stack: Stack,
) -> None:
    email = unique_email("tenancy")
    event = job_completed_event(email)
    await flows.publish_job(stack, event)
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    invoice_id = invoice["invoice_id"]
    database = stack.env["DASHBOARD_DATABASE_URL"]
    tag = uuid.uuid4().hex[:8]
    stranger = await add_user(database, f"other-{tag}", f"owner-{tag}@other.test", "owner")
    viewer = await add_user(database, "demo", f"viewer-{tag}@demo.test", "viewer")
    routes = routes_with_an_id()
    assert {path for _, path in routes} >= {
        "/invoices/{invoice_id}",
        "/invoices/{invoice_id}/actions/{action}",
    }

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, stranger.email, PASSWORD)).status_code == 303
        csrf = await csrf_of(client)
        for method, template in routes:
            for path in paths(template, invoice_id):
                answer = await client.request(
                    method, path, data={"csrf": csrf, "reason": "x"} if method == "POST" else None
                )
                assert answer.status_code == 404, (method, path, answer.status_code)
                assert email not in answer.text

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, viewer.email, PASSWORD)).status_code == 303
        csrf = await csrf_of(client)
        page = await client.get(f"/invoices/{invoice_id}")
        assert page.status_code == 200
        assert invoice["number"] in page.text
        assert not re.search(r"/actions/", page.text), "a viewer is offered actions"
        for method, template in routes:
            if "{action}" not in template:
                continue
            for path in paths(template, invoice_id):
                answer = await client.request(
                    method, path, data={"csrf": csrf, "reason": "x"} if method == "POST" else None
                )
                assert answer.status_code == 403, (method, path, answer.status_code)
    # Nothing was done by either of them.
    after = await flows.invoice(stack, invoice_id)
    assert after["status"] == invoice["status"]
    assert after["version"] == invoice["version"]


# Every other record a dashboard page names: imports, recurring invoices, partners, the team's
# people and invitations, API keys (the public /i/{token} pages name a link, not a record).
RECORD = re.compile(r"\{(\w+)\}")
PUBLIC = {"/i/{token}"}


def routes_naming_a_record() -> list[tuple[str, str]]:
    """(method, path template) of every signed-in dashboard page with an id in its path."""
    found = []
    for route in _flat(create_app().routes):
        if isinstance(route, Route) and RECORD.search(route.path) and route.path not in PUBLIC:
            methods = sorted(set(route.methods or ()) - {"HEAD"})
            found += [(method, route.path) for method in methods]
    return found


def posted_forms() -> list[str]:
    """Every form a signed-in person posts (sign-in, sign-out and the emailed links aside)."""
    public = {"/sign-in", "/sign-out", "/forgot-password", *PUBLIC}
    return [
        route.path
        for route in _flat(create_app().routes)
        if isinstance(route, Route) and "POST" in (route.methods or ()) and route.path not in public
    ]


def record_paths(template: str, ids: dict[str, str]) -> list[str]:
    actions = {"/invoices/": ACTIONS, "/recurring/": RECURRING_ACTIONS}
    path = RECORD.sub(lambda m: ids.get(m[1], "{" + m[1] + "}"), template)
    if "{action}" not in path:
        assert not RECORD.search(path), f"no id of the first business for {template}"
        return [path]
    (names,) = [names for prefix, names in actions.items() if path.startswith(prefix)]
    return [path.replace("{action}", action) for action in names]


async def _dashboard_records(
    stack: Stack, business: str, owner: User, viewer: User
) -> dict[str, str]:
    """An invitation and an API key of `business`, made by its owner in the dashboard."""
    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, owner.email, PASSWORD)).status_code == 303
        csrf = await csrf_of(client)
        invited = await client.post(
            "/settings/team/invitations",
            data={"csrf": csrf, "email": unique_email("invited"), "role": "staff"},
        )
        assert invited.status_code == 303, invited.text
        issued = await client.post(
            "/settings/api-keys", data={"csrf": csrf, "label": "books", "scope": "integration"}
        )
        assert issued.status_code in (200, 303), issued.text
        team = (await client.get("/settings/team")).text
        keys = (await client.get("/settings/api-keys")).text
    link = re.search(r"/settings/team/invitations/([^/\"]+)/revoke", team)
    key = re.search(r"/settings/api-keys/([^/\"]+)/revoke", keys)
    assert link, team
    assert key, keys
    return {"link_id": link[1], "key_id": key[1], "user_id": viewer.user_id}


async def _what_the_owner_sees(stack: Stack, owner: User, paths: list[str]) -> list[str]:
    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, owner.email, PASSWORD)).status_code == 303
        pages = [await client.get(path) for path in paths]
    assert all(page.status_code == 200 for page in pages), [p.status_code for p in pages]
    # Each sign-in has its own CSRF token in every form.
    return [re.sub(r'name="csrf" value="[^"]*"', "", page.text) for page in pages]


async def test_another_business_gets_404_and_a_viewer_403_on_every_record_and_form(
    stack: Stack,
) -> None:
    tag = uuid.uuid4().hex[:8]
    business = f"dash-ten-{tag}"
    email = unique_email("dash-tenancy")
    ids = await first_business(stack, business, email)
    database = stack.env["DASHBOARD_DATABASE_URL"]
    owner = await add_user(database, business, f"owner-{tag}@first.test", "owner")
    viewer = await add_user(database, business, f"viewer-{tag}@first.test", "viewer")
    stranger = await add_user(database, f"other-{tag}", f"owner-{tag}@other.test", "owner")
    ids |= await _dashboard_records(stack, business, owner, viewer)
    routes = routes_naming_a_record()
    assert {path for _, path in routes} >= {
        "/imports/{import_id}",
        "/recurring/{schedule_id}/{action}",
        "/partners/{partner_id}/end",
        "/settings/team/people/{user_id}/remove",
        "/settings/team/invitations/{link_id}/revoke",
        "/settings/api-keys/{key_id}/revoke",
    }
    own_pages = [
        f"/recurring/{ids['schedule_id']}",
        f"/imports/{ids['import_id']}",
        "/partners",
        "/settings/team",
        "/settings/api-keys",
    ]
    before = await _what_the_owner_sees(stack, owner, own_pages)
    markers = [email, ids["invoice_id"], ids["schedule_id"], ids["partner_id"], viewer.email]
    lists = ["/", "/invoices", "/customers", "/payments", "/partners", "/recurring", "/imports"]
    lists += ["/invoices?q=Tenancy+Customer", "/invoices?status=open"]

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, stranger.email, PASSWORD)).status_code == 303
        csrf = await csrf_of(client)
        for method, template in routes:
            for path in record_paths(template, ids):
                form = {"csrf": csrf, "reason": "x", "role": "owner"} if method == "POST" else None
                answer = await client.request(method, path, data=form)
                assert answer.status_code == 404, (method, path, answer.status_code)
                assert not [m for m in markers if m in answer.text], (method, path)
        for path in lists:
            page = await client.get(path)
            assert page.status_code == 200, (path, page.status_code)
            assert not [m for m in markers if m in page.text], path

    async with httpx.AsyncClient(base_url=stack.urls["dashboard"], timeout=20) as client:
        assert (await sign_in(client, viewer.email, PASSWORD)).status_code == 303
        csrf = await csrf_of(client)
        for template in posted_forms():
            for path in record_paths(template, ids):
                answer = await client.post(path, data={"csrf": csrf, "role": "owner"})
                assert answer.status_code == 403, (path, answer.status_code)

    # Nothing was done by either of them.
    assert await _what_the_owner_sees(stack, owner, own_pages) == before
