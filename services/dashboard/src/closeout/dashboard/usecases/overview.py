"""The overview: what is owed, what is late, what needs the owner, from the services' APIs."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from closeout.dashboard.adapters.services import UserCalls
from closeout.dashboard.domain.invoices import Claim, InvoiceSummary, Message
from closeout.dashboard.domain.overview import Overview, overview_of

# Invoices whose detail is read for pending claims (until invoicing can filter by them).
CLAIM_LOOKUPS = 50


@dataclass
class OverviewPage:
    overview: Overview
    claims: list[tuple[InvoiceSummary, Claim]]
    failed_messages: list[Message]


async def overview_page(calls: UserCalls, today: date) -> OverviewPage:
    invoices, failed = await asyncio.gather(
        calls.all_invoices(), calls.messages(status="failed", limit=20)
    )
    overview = overview_of(invoices, today)
    unpaid = [i for i in invoices if i.payable][:CLAIM_LOOKUPS]
    details = await asyncio.gather(*(calls.invoice(i.invoice_id) for i in unpaid))
    claims = [
        (summary, claim)
        for summary, detail in zip(unpaid, details, strict=True)
        for claim in detail.pending_claims
    ]
    return OverviewPage(overview=overview, claims=claims, failed_messages=failed)
