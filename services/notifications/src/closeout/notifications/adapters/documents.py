"""Invoicing's documents, fetched for attaching: the admin API's invoice and receipt PDFs,
with a short-lived service token."""

from __future__ import annotations

import re

import httpx

from closeout.notifications.domain.outgoing import Attachment, TransientDeliveryError
from closeout.shared.auth import mint_service_token

_FILENAME = re.compile(r'filename="([^"]+)"')


class DocumentsClient:
    def __init__(
        self, base_url: str, auth_secret: str, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth_secret = auth_secret
        self.transport = transport

    async def fetch(self, invoice_id: str, path: str) -> Attachment | None:
        """The document, or None if invoicing has none (the mail then goes without it).
        Raises `TransientDeliveryError` while invoicing cannot answer: the send waits."""
        token = mint_service_token(self.auth_secret, issuer="notifications")
        try:
            async with httpx.AsyncClient(transport=self.transport, timeout=15.0) as client:
                response = await client.get(
                    f"{self.base_url}/v1/invoices/{invoice_id}/{path}",
                    headers={"Authorization": f"Bearer {token}"},
                )
        except httpx.HTTPError as exc:
            raise TransientDeliveryError(f"invoicing unreachable for {path}: {exc}") from exc
        if response.status_code in (404, 409):
            return None
        if response.status_code != 200:
            raise TransientDeliveryError(f"invoicing answered {response.status_code} for {path}")
        found = _FILENAME.search(response.headers.get("content-disposition", ""))
        filename = found.group(1) if found else path.rsplit("/", 1)[-1]
        return Attachment(filename=filename, content=response.content)
