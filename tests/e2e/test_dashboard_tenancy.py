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
from e2e import flows
from e2e.stack import Stack, job_completed_event, unique_email
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
