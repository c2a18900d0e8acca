"""The overview: what is owed, what is late, what came in and what needs the owner, from the
services' APIs (the figures are invoicing's report, computed there by SQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

from closeout.dashboard.adapters.services import UserCalls
from closeout.dashboard.domain.invoices import Claim, InvoiceSummary, Message
from closeout.dashboard.domain.overview import Overview, overview_of
from closeout.shared.errors import UpstreamError

T = TypeVar("T")

# Invoices whose detail is read for pending claims (until invoicing can filter by them).
CLAIM_LOOKUPS = 50
REVIEW_SHOWN = 20


@dataclass
class OverviewPage:
    overview: Overview
    claims: list[tuple[InvoiceSummary, Claim]]
    failed_messages: list[Message]
    missing: list[str] = field(default_factory=list)
    """What could not be shown because a service did not answer (the rest still is)."""


async def partial(what: Awaitable[T], fallback: T, missing: list[str], label: str) -> T:
    """A part of a page that may be left out, saying so, when its service is down."""
    try:
        return await what
    except UpstreamError:
        missing.append(label)
        return fallback


async def overview_page(calls: UserCalls) -> OverviewPage:
    missing: list[str] = []
    report, review, recent, failed = await asyncio.gather(
        calls.overview_report(),
        calls.invoices(needs_review=True, limit=REVIEW_SHOWN),
        calls.invoices(limit=200),
        partial(calls.messages(status="failed", limit=20), [], missing, "undelivered emails"),
    )
    unpaid = [i for i in recent if i.payable][:CLAIM_LOOKUPS]
    details = await asyncio.gather(*(calls.invoice(i.invoice_id) for i in unpaid))
    claims = [
        (summary, claim)
        for summary, detail in zip(unpaid, details, strict=True)
        for claim in detail.pending_claims
    ]
    return OverviewPage(
        overview=overview_of(report, review),
        claims=claims,
        failed_messages=failed,
        missing=missing,
    )
