"""A page over several services still shows what the answering ones say (unit: the services
are stood in for by an in-memory transport)."""

from __future__ import annotations

import httpx

from closeout.dashboard.adapters.services import ServiceClients
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.usecases.overview import overview_page
from dashboard.test_rules import report, summary

INVOICE = summary(amount_due=1100).model_dump(mode="json")


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.host == "invoicing" and request.url.path == "/v1/reports/overview":
        return httpx.Response(200, json=report(outstanding=1100).model_dump(mode="json"))
    if request.url.host == "invoicing" and request.url.path == "/v1/invoices":
        return httpx.Response(200, json={"items": [INVOICE], "limit": 200, "offset": 0})
    if request.url.host == "invoicing":
        detail = INVOICE | {"lines": [], "timeline": [], "claims": []}
        return httpx.Response(200, json=detail)
    return httpx.Response(500, json={"detail": "Internal Server Error"})


async def test_the_overview_shows_the_money_when_notifications_is_down() -> None:
    settings = DashboardSettings.model_validate(
        {
            "DASHBOARD_INVOICING_URL": "http://invoicing",
            "DASHBOARD_NOTIFICATIONS_URL": "http://notifications",
        }
    )
    clients = ServiceClients(settings, transport=httpx.MockTransport(answer))
    try:
        page = await overview_page(clients.for_user("acme", "u1"))
    finally:
        await clients.close()
    assert [f.outstanding for f in page.overview.figures] == [1100]
    assert page.failed_messages == []
    assert page.missing == ["undelivered emails"]
