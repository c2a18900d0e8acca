"""Metrics for `/metrics`: invoices by status, and what the scheduler did once committed."""

from __future__ import annotations

from typing import get_args

from prometheus_client import Counter, Gauge

from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.storage.monitoring import invoices_by_status
from closeout.invoicing.usecases.overdue import PassResult
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.web.runtime import ServiceRuntime

INVOICES = Gauge("closeout_invoices", "Invoices by status", ["status"])
REMINDERS_EMITTED = Counter(
    "closeout_reminders_emitted", "Payment reminders the scheduler emitted (committed)"
)
MARKED_OVERDUE = Counter(
    "closeout_invoices_marked_overdue", "Invoices the scheduler marked overdue (committed)"
)


async def invoice_probe(runtime: ServiceRuntime[InvoicingSettings]) -> None:
    async with runtime.engine.connect() as conn:
        counts = await invoices_by_status(conn)
    for status in get_args(InvoiceStatus):
        INVOICES.labels(status).set(counts.get(status, 0))


def count_pass(outcome: PassResult) -> None:
    """After a scheduler pass committed: what it did, for the counters."""
    REMINDERS_EMITTED.inc(len(outcome.reminders))
    MARKED_OVERDUE.inc(len(outcome.marked_overdue))
