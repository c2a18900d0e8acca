"""One business's API key never reads or changes another business's data, on the running
services.

Every admin route of invoicing and payments is walked (the list comes from the apps themselves,
so a route added later is covered as soon as it exists): each route that names a record is
called with another business's admin key and the first business's ids, with a body that would
be accepted, and answers 404; each list or report answers the other business only about
itself. Afterwards the first business's records are as they were."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.routing import BaseRoute, Route

from closeout.invoicing.app import create_app as invoicing_app
from closeout.payments.app import create_app as payments_app
from e2e.stack import Stack, unique_email
from support.waiting import eventually

PARAM = re.compile(r"\{(\w+)\}")
# Routes for a platform (service or ops) key: a business's admin key is refused (403 or 404).
PLATFORM_ONLY = re.compile(r"^/v1/(ops/|businesses/\{business_id\}/)")
# A body each write would accept from the record's own business (else a 422 would answer first).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PATCH", "/v1/invoices/{invoice_id}"): {"notes": "changed by a stranger"},
    ("POST", "/v1/invoices/{invoice_id}/void"): {"reason": "stranger"},
    ("POST", "/v1/invoices/{invoice_id}/mark-uncollectible"): {"reason": "stranger"},
    ("POST", "/v1/invoices/{invoice_id}/review-done"): {"note": "stranger"},
    ("POST", "/v1/invoices/{invoice_id}/reissue"): {"send": False},
    ("POST", "/v1/invoices/{invoice_id}/credit-notes"): {"amount": 100, "reason": "stranger"},
    ("POST", "/v1/imports/{import_id}/commit"): {},
    ("POST", "/v1/invoices/{invoice_id}/payments/manual"): {
        "amount": 100,
        "currency": "AUD",
        "method": "cash",
    },
    ("POST", "/v1/invoices/{invoice_id}/claims/{claim_id}/reject"): {"reason": "stranger"},
    ("POST", "/v1/payments/{payment_id}/refunds"): {"amount": 100, "reason": "stranger"},
    ("PATCH", "/v1/partners/{partner_id}"): {"name": "Renamed by a stranger"},
}
IMPORT_HEADER = "invoice_key,customer_name,customer_email,description,quantity,unit_price,tax_rate"
CUSTOMER = {"name": "Tenancy Customer", "email": ""}


def _flat(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        included = getattr(route, "original_router", None)
        yield from _flat(included.routes) if included is not None else (route,)


def admin_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every `/v1` route of the app."""
    found = []
    for route in _flat(app.routes):
        if isinstance(route, Route) and route.path.startswith("/v1/"):
            found += [(m, route.path) for m in sorted(set(route.methods or ()) - {"HEAD"})]
    return found


def filled(template: str, ids: dict[str, str]) -> str:
    missing = set(PARAM.findall(template)) - ids.keys()
    assert not missing, f"no id of the first business for {missing} in {template}"
    return PARAM.sub(lambda m: ids[m[1]], template)


def client(stack: Stack, service: str, business: str) -> httpx.AsyncClient:
    return stack.admin(service, business)


async def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, (response.request.url, response.text)
    return response.json()


async def first_business(stack: Stack, business: str, email: str) -> dict[str, str]:
    """One of everything the admin APIs name by id, made for `business`."""
    start = (date.today() + timedelta(days=40)).isoformat()
    async with client(stack, "invoicing", business) as invoicing:
        await ok(await invoicing.patch("/v1/business", json={"name": "First Business"}))
        invoice = await ok(
            await invoicing.post(
                "/v1/invoices",
                json={
                    "customer": CUSTOMER | {"email": email},
                    "lines": [{"description": "Work", "unit_amount": 50_000, "tax_rate": "10"}],
                    "currency": "AUD",
                    "send": True,
                },
                headers={"Idempotency-Key": "tenancy-1"},
            ),
            201,
        )
        links = await ok(await invoicing.get(f"/v1/invoices/{invoice['invoice_id']}/links"))
        schedule = await ok(
            await invoicing.post(
                "/v1/recurring-invoices",
                json={
                    "customer": CUSTOMER | {"email": email},
                    "lines": [{"description": "Monthly", "unit_amount": 9_900}],
                    "frequency": "monthly",
                    "start_date": start,
                    "currency": "AUD",
                },
            ),
            201,
        )
        csv = f"{IMPORT_HEADER}\nK1,Ann,{email},Work,1,10,0\n"
        started = await invoicing.post(
            "/v1/imports", files={"file": ("invoices.csv", csv.encode(), "text/csv")}
        )
        assert started.status_code in (201, 202), started.text
    async with client(stack, "payments", business) as payments:
        partner = await ok(
            await payments.post(
                "/v1/partners",
                json={"name": "Referrer", "rule": {"kind": "fixed", "fixed_amount": 100}},
            ),
            201,
        )

        async def confirm() -> httpx.Response:
            return await payments.post(
                f"/v1/invoices/{invoice['invoice_id']}/payments/manual",
                json={"amount": 1_000, "currency": "AUD", "method": "cash", "reference": "T-1"},
                headers={"Idempotency-Key": "tenancy-cash"},
            )

        # Payments learns of the invoice from invoicing's events.
        paid = await eventually(confirm, lambda r: r.status_code in (200, 201), timeout=60)
    async with client(stack, "invoicing", business) as invoicing:

        async def applied() -> int:
            found = await ok(await invoicing.get(f"/v1/invoices/{invoice['invoice_id']}"))
            return int(found["amount_paid"])

        # Invoicing applies the payment from payments' event; only then is nothing in flight.
        await eventually(applied, lambda paid_so_far: paid_so_far == 1_000, timeout=60)
    return {
        "invoice_id": invoice["invoice_id"],
        "link_id": links[0]["link_id"],
        "receipt_number": "1",
        "number": "1",  # a credit note's
        "schedule_id": schedule["schedule_id"],
        "import_id": started.json()["import_id"],
        "partner_id": partner["partner_id"],
        "payment_id": paid.json()["payment_id"],
        "claim_id": "claim-tenancy",
        "event_id": "evt_tenancy",
        "business_id": business,
    }


async def snapshot(stack: Stack, business: str, ids: dict[str, str]) -> list[Any]:
    """What the first business can read of its own records."""
    reads = [
        ("invoicing", f"/v1/invoices/{ids['invoice_id']}"),
        ("invoicing", f"/v1/invoices/{ids['invoice_id']}/links"),
        ("invoicing", f"/v1/recurring-invoices/{ids['schedule_id']}"),
        ("invoicing", "/v1/business/reminder-schedule"),
        ("invoicing", "/v1/business"),
        ("payments", f"/v1/invoices/{ids['invoice_id']}/payments"),
        ("payments", f"/v1/partners/{ids['partner_id']}"),
        ("payments", "/v1/partners"),
    ]
    found = []
    for service, path in reads:
        async with client(stack, service, business) as own:
            found.append(await ok(await own.get(path)))
    return found


async def test_another_business_key_reads_and_changes_nothing_of_the_first(stack: Stack) -> None:
    tag = uuid.uuid4().hex[:8]
    first, stranger = f"ten-a-{tag}", f"ten-b-{tag}"
    email = unique_email("api-tenancy")
    ids = await first_business(stack, first, email)
    async with client(stack, "invoicing", stranger) as other:  # a business that exists too
        await ok(await other.patch("/v1/business", json={"name": "Second Business"}))
    before = await snapshot(stack, first, ids)
    markers = [email, first, ids["invoice_id"], ids["schedule_id"], ids["partner_id"]]
    # Filters naming the first business or its invoice narrow a list, never widen it.
    asking_for_the_first = {"business_id": first, "invoice_id": ids["invoice_id"]}

    for service, app in (("invoicing", invoicing_app()), ("payments", payments_app())):
        routes = admin_routes(app)
        async with client(stack, service, stranger) as other:
            for method, template in routes:
                path = filled(template, ids)
                body = BODIES.get((method, template))
                headers = {"Idempotency-Key": f"stranger-{tag}"}
                answer = await other.request(
                    method,
                    path,
                    json=body if method in ("POST", "PUT", "PATCH") else None,
                    headers=headers,
                    params=asking_for_the_first if method == "GET" else None,
                )
                text = answer.text
                if PLATFORM_ONLY.match(template):
                    assert answer.status_code in (403, 404), (method, path, answer.status_code)
                elif PARAM.search(template):
                    assert answer.status_code != 422 or body is not None, (
                        f"give BODIES a body {method} {template} accepts from its own business"
                    )
                    assert answer.status_code == 404, (method, path, answer.status_code, text)
                elif answer.is_success:  # a list, a report, or the stranger's own records
                    leaked = [m for m in markers if m in text]
                    assert not leaked, (method, path, leaked)

    # The same Idempotency-Key as the first business's is the stranger's own request.
    async with client(stack, "invoicing", stranger) as other:
        own = await other.post(
            "/v1/invoices",
            json={
                "customer": CUSTOMER | {"email": email},
                "lines": [{"description": "Work", "unit_amount": 50_000, "tax_rate": "10"}],
                "currency": "AUD",
                "send": True,
            },
            headers={"Idempotency-Key": "tenancy-1"},
        )
        assert own.status_code == 201, own.text
        assert own.json()["invoice_id"] != ids["invoice_id"]
    assert await snapshot(stack, first, ids) == before
