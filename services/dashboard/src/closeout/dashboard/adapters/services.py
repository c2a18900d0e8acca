"""Clients of the other services' admin APIs, acting for one signed-in user.

Every call carries a delegated token (`mint_delegated_token`): an admin credential of the
user's business whose key id names the user, so the services keep their own tenancy rules
(another business's invoice is their 404) and record who acted. Their refusals come back as
`closeout.shared.errors`; an outage or a 5xx as `UpstreamError`.
"""

from __future__ import annotations

import logging
from typing import IO, Any

import httpx

from closeout.dashboard.domain.invoices import (
    InvoiceDetail,
    InvoiceSummary,
    Message,
    PaymentLog,
)
from closeout.dashboard.domain.overview import OverviewReport
from closeout.dashboard.domain.payments import LogPage
from closeout.dashboard.settings import DashboardSettings
from closeout.shared.auth import mint_delegated_token
from closeout.shared.errors import (
    BadRequestError,
    ConflictError,
    DomainError,
    InvalidInputError,
    NotFoundError,
    UpstreamError,
)

log = logging.getLogger(__name__)
PAGE = 200  # the invoicing list's largest page

_REFUSALS: dict[int, type[DomainError]] = {
    400: BadRequestError,
    404: NotFoundError,
    409: ConflictError,
    422: InvalidInputError,
}


class ServiceClients:
    """One pooled HTTP client for the three services; `for_user` gives the calls of one user."""

    def __init__(
        self, settings: DashboardSettings, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.settings = settings
        self.http = httpx.AsyncClient(
            timeout=settings.upstream_timeout_seconds, transport=transport
        )

    def for_user(self, business_id: str, user_id: str) -> UserCalls:
        token = mint_delegated_token(
            self.settings.auth_secret,
            issuer="dashboard",
            business_id=business_id,
            actor=f"user:{user_id}",
        )
        return UserCalls(self, token)

    async def close(self) -> None:
        await self.http.aclose()


class UserCalls:
    def __init__(self, clients: ServiceClients, token: str) -> None:
        self._http = clients.http
        self._settings = clients.settings
        self._headers = {"Authorization": f"Bearer {token}"}

    async def _call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        files: dict[str, Any] | None = None,
        raw: bool = False,
    ) -> Any:
        base = getattr(self._settings, f"{service}_url").rstrip("/")
        try:
            response = await self._http.request(
                method,
                f"{base}{path}",
                params={k: v for k, v in (params or {}).items() if v not in (None, "")},
                json=json,
                files=files,
                headers={**self._headers, **(headers or {})},
            )
        except httpx.HTTPError as exc:
            log.warning("%s %s%s failed: %r", method, service, path, exc)
            raise UpstreamError(f"the {service} service is not answering; try again") from exc
        if response.status_code < 300:
            if raw:
                return response.content
            return response.json() if response.content else None
        detail = _detail(response)
        if refusal := _REFUSALS.get(response.status_code):
            raise refusal(detail)
        log.warning("%s %s%s answered %s: %s", method, service, path, response.status_code, detail)
        raise UpstreamError(f"the {service} service could not do that now ({detail}); try again")

    # Invoicing
    async def invoices(self, **filters: Any) -> list[InvoiceSummary]:
        answer = await self._call("GET", "invoicing", "/v1/invoices", params=filters)
        return [InvoiceSummary.model_validate(item) for item in answer["items"]]

    async def all_invoices(self, max_pages: int = 50) -> list[InvoiceSummary]:
        """Every invoice of the business, page by page (the customers page)."""
        found: list[InvoiceSummary] = []
        for page in range(max_pages):
            batch = await self.invoices(limit=PAGE, offset=page * PAGE)
            found += batch
            if len(batch) < PAGE:
                break
        return found

    async def overview_report(self) -> OverviewReport:
        answer = await self._call("GET", "invoicing", "/v1/reports/overview")
        return OverviewReport.model_validate(answer)

    async def invoice(self, invoice_id: str) -> InvoiceDetail:
        answer = await self._call("GET", "invoicing", f"/v1/invoices/{_safe(invoice_id)}")
        return InvoiceDetail.model_validate(answer)

    async def invoice_action(
        self, invoice_id: str, action: str, body: dict[str, Any] | None = None
    ) -> None:
        path = f"/v1/invoices/{_safe(invoice_id)}/{action}"
        await self._call("POST", "invoicing", path, json=body)

    async def business(self) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call("GET", "invoicing", "/v1/business")
        return answer

    async def update_business(self, changes: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call(
            "PATCH", "invoicing", "/v1/business", json=changes
        )
        return answer

    async def create_invoice(
        self, body: dict[str, Any], idempotency_key: str | None
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        answer: dict[str, Any] = await self._call(
            "POST", "invoicing", "/v1/invoices", json=body, headers=headers
        )
        return answer

    async def imports(self) -> list[dict[str, Any]]:
        answer = await self._call("GET", "invoicing", "/v1/imports")
        items: list[dict[str, Any]] = answer["items"]
        return items

    async def import_template(self) -> bytes:
        content: bytes = await self._call("GET", "invoicing", "/v1/imports/template.csv", raw=True)
        return content

    async def upload_import(self, file: IO[bytes], filename: str | None) -> dict[str, Any]:
        files = {"file": (filename or "invoices.csv", file, "text/csv")}
        answer: dict[str, Any] = await self._call("POST", "invoicing", "/v1/imports", files=files)
        return answer

    async def import_status(self, import_id: str) -> dict[str, Any]:
        path = f"/v1/imports/{_safe(import_id)}"
        answer: dict[str, Any] = await self._call("GET", "invoicing", path)
        return answer

    async def import_action(self, import_id: str, action: str, body: dict[str, Any]) -> None:
        path = f"/v1/imports/{_safe(import_id)}/{action}"
        await self._call("POST", "invoicing", path, json=body)

    async def reminder_schedule(self) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call(
            "GET", "invoicing", "/v1/business/reminder-schedule"
        )
        return answer

    async def set_reminder_schedule(self, schedule: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call(
            "PUT", "invoicing", "/v1/business/reminder-schedule", json=schedule
        )
        return answer

    async def recurring_invoices(self) -> list[dict[str, Any]]:
        answer = await self._call(
            "GET", "invoicing", "/v1/recurring-invoices", params={"limit": PAGE}
        )
        items: list[dict[str, Any]] = answer["items"]
        return items

    async def recurring_invoice(self, schedule_id: str) -> dict[str, Any]:
        path = f"/v1/recurring-invoices/{_safe(schedule_id)}"
        answer: dict[str, Any] = await self._call("GET", "invoicing", path)
        return answer

    async def create_recurring_invoice(self, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call(
            "POST", "invoicing", "/v1/recurring-invoices", json=body
        )
        return answer

    async def recurring_action(self, schedule_id: str, action: str) -> None:
        path = f"/v1/recurring-invoices/{_safe(schedule_id)}/{action}"
        await self._call("POST", "invoicing", path)

    # Payments
    async def payment_log(self, invoice_id: str) -> PaymentLog:
        """Call it for an invoice invoicing has shown this user: payments' 404 then only means
        it has not heard of the invoice yet (a draft, or its event still on the way)."""
        path = f"/v1/invoices/{_safe(invoice_id)}/payments"
        try:
            answer = await self._call("GET", "payments", path)
        except NotFoundError:
            return PaymentLog.none()
        return PaymentLog.model_validate(answer)

    async def business_payment_log(self, **filters: Any) -> LogPage:
        """The business's log across invoices (`category`, `method`, `since`, `until`,
        `limit`, `offset`)."""
        answer = await self._call("GET", "payments", "/v1/payment-log", params=filters)
        return LogPage.model_validate(answer)

    async def record_payment(
        self, invoice_id: str, body: dict[str, Any], idempotency_key: str
    ) -> None:
        await self._call(
            "POST",
            "payments",
            f"/v1/invoices/{_safe(invoice_id)}/payments/manual",
            json=body,
            headers={"Idempotency-Key": idempotency_key},
        )

    async def create_credit_note(
        self, invoice_id: str, body: dict[str, Any], idempotency_key: str
    ) -> None:
        path = f"/v1/invoices/{_safe(invoice_id)}/credit-notes"
        await self._call(
            "POST", "invoicing", path, json=body, headers={"Idempotency-Key": idempotency_key}
        )

    async def reject_claim(self, invoice_id: str, claim_id: str, reason: str) -> None:
        path = f"/v1/invoices/{_safe(invoice_id)}/claims/{_safe(claim_id)}/reject"
        await self._call("POST", "payments", path, json={"reason": reason})

    async def partners(self) -> list[dict[str, Any]]:
        answer: list[dict[str, Any]] = await self._call("GET", "payments", "/v1/partners")
        return answer

    async def partner_statement(self, partner_id: str) -> dict[str, Any]:
        path = f"/v1/partners/{_safe(partner_id)}/statement"
        answer: dict[str, Any] = await self._call("GET", "payments", path)
        return answer

    async def create_partner(self, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = await self._call("POST", "payments", "/v1/partners", json=body)
        return answer

    async def end_partner(self, partner_id: str) -> None:
        await self._call("POST", "payments", f"/v1/partners/{_safe(partner_id)}/end")

    async def partner_onboarding(self, partner_id: str) -> str:
        """Stripe's onboarding link for the partner's connected account."""
        path = f"/v1/partners/{_safe(partner_id)}/onboarding"
        answer: dict[str, Any] = await self._call("POST", "payments", path)
        return str(answer["url"])

    # Notifications
    async def messages(self, **filters: Any) -> list[Message]:
        answer = await self._call("GET", "notifications", "/v1/notifications", params=filters)
        return [Message.model_validate(item) for item in answer["items"]]


def _safe(segment: str) -> str:
    """An id as one path segment: nothing that could reach another route."""
    if not segment or any(c in segment for c in "/?#%\\") or segment in (".", ".."):
        raise NotFoundError("not found")
    return segment


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    if isinstance(detail, list):  # FastAPI's validation errors
        detail = "; ".join(str(d.get("msg", d)) for d in detail if isinstance(d, dict))
    return str(detail or response.reason_phrase or response.status_code)[:500]
