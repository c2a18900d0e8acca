"""The payments page: the business's payment log across invoices, read from a real payments
service (in-process, on the shared Postgres and Kafka), filtered and paged."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from closeout.shared.auth import mint_delegated_token
from dashboard.conftest import Dashboard, DashboardFactory
from support.api_keys import serve_keys_from
from support.dashboard import PASSWORD, sign_in
from support.databases import create_migrated_database
from support.infra import Infra
from support.kafka import unique_prefix
from support.payments import (
    AUTH_SECRET,
    MIGRATIONS,
    Payments,
    key_headers,
    new_ids,
    payments_settings,
    start_payments,
)


@asynccontextmanager
async def dashboard_over_payments(
    dashboard_factory: DashboardFactory, infra: Infra
) -> AsyncIterator[tuple[Dashboard, Payments]]:
    url = serve_keys_from(
        "payments", await create_migrated_database(infra.postgres_url, "payments", MIGRATIONS)
    )
    settings = payments_settings(infra, url, unique_prefix())
    async with start_payments(settings, infra) as payments:
        transport = httpx.ASGITransport(app=payments.app)
        async with dashboard_factory(
            upstream_transport=transport,
            DASHBOARD_PAYMENTS_URL="http://payments",
            CLOSEOUT_AUTH_SECRET=AUTH_SECRET,
        ) as dashboard:
            yield dashboard, payments


async def _confirm(
    payments: Payments, headers: dict[str, str], business: str, amount: int, **body: object
) -> str:
    invoice_id, _ = new_ids()
    await payments.publish_invoice(invoice_id=invoice_id, business_id=business, total=amount)
    confirmed = await payments.client.post(
        f"/v1/invoices/{invoice_id}/payments/manual",
        json={"amount": amount, "currency": "USD", **body},
        headers={**headers, "Idempotency-Key": invoice_id},
    )
    assert confirmed.status_code == 201, confirmed.text
    return str(confirmed.json()["payment_id"])


async def test_the_payments_page_lists_filters_and_names_who_confirmed(
    dashboard_factory: DashboardFactory, infra: Infra
) -> None:
    async with dashboard_over_payments(dashboard_factory, infra) as (dashboard, payments):
        _, business = new_ids()
        owner = await dashboard.add_user(business, "owner@acme.test", "owner")
        await dashboard.add_user(business, "viewer@acme.test", "viewer")
        as_owner = {
            "Authorization": "Bearer "
            + mint_delegated_token(
                AUTH_SECRET, issuer="dashboard", business_id=business, actor=f"user:{owner.user_id}"
            )
        }
        bank = await _confirm(
            payments, as_owner, business, 12_345, method="bank_transfer", reference="REF-9"
        )
        cash = await _confirm(payments, key_headers(business), business, 5_000, method="cash")
        refund = await payments.client.post(
            f"/v1/payments/{cash}/refunds",
            json={"amount": 500},
            headers={**key_headers(business), "Idempotency-Key": "r"},
        )
        assert refund.status_code == 202, refund.text
        _, stranger = new_ids()
        await _confirm(payments, key_headers(stranger), stranger, 777, method="cash")
        assert bank

        await sign_in(dashboard.client, "viewer@acme.test", PASSWORD)  # looking is enough
        page = await dashboard.client.get("/payments")
        assert page.status_code == 200
        assert page.text.count('data-entry="confirmed"') == 2
        assert page.text.count('data-entry="refunded"') == 1
        assert "$123.45" in page.text
        assert "REF-9" in page.text
        assert "owner@acme.test" in page.text  # who confirmed the transfer
        assert "-$5.00" in page.text  # the refund, as money going back
        assert "$7.77" not in page.text  # another business's payment

        refunds = await dashboard.client.get("/payments", params={"category": "refunds"})
        assert refunds.text.count("data-entry=") == 1
        transfers = await dashboard.client.get("/payments", params={"method": "bank_transfer"})
        assert transfers.text.count("data-entry=") == 1
        assert "REF-9" in transfers.text
        future = await dashboard.client.get("/payments", params={"since": "2999-01-01"})
        assert "data-entry=" not in future.text
        # Nonsense filters are ignored, not an error.
        odd = await dashboard.client.get("/payments", params={"category": "x", "since": "nope"})
        assert odd.text.count("data-entry=") == 3


async def test_the_payments_page_pages(dashboard_factory: DashboardFactory, infra: Infra) -> None:
    async with dashboard_over_payments(dashboard_factory, infra) as (dashboard, payments):
        _, business = new_ids()
        await dashboard.add_user(business, "owner@acme.test", "owner")
        for n in range(27):
            await _confirm(payments, key_headers(business), business, 100 + n, method="cash")
        await sign_in(dashboard.client, "owner@acme.test", PASSWORD)
        first = await dashboard.client.get("/payments")
        assert first.text.count("data-entry=") == 25
        assert "27 entries" in first.text
        assert "page=2" in first.text
        second = await dashboard.client.get("/payments", params={"page": 2})
        assert second.text.count("data-entry=") == 2
        assert "page=3" not in second.text
