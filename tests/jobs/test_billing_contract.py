"""The billing statuses a job shows are a contract fact kept beside the job contracts: every
invoice status shows as it is except the two the mirror deliberately translates."""

from __future__ import annotations

from typing import get_args

import pytest

from closeout.jobs.domain.billing import PASSTHROUGH, billing_status
from closeout.shared.contracts.invoices import InvoiceStatus
from closeout.shared.contracts.jobs import BillingStatus, MirroredInvoiceStatus

TRANSLATED = {"draft", "open"}


def test_the_mirrored_statuses_are_every_invoice_status_but_draft_and_open() -> None:
    assert set(get_args(MirroredInvoiceStatus)) == set(get_args(InvoiceStatus)) - TRANSLATED
    assert set(PASSTHROUGH) == set(get_args(MirroredInvoiceStatus))


def test_billing_statuses_are_the_mirror_s_own_then_the_mirrored_ones_in_the_api_order() -> None:
    assert get_args(BillingStatus) == (
        "unbilled",
        "invoiced",
        "sent",
        "viewed",
        "partially_paid",
        "paid",
        "overdue",
        "void",
        "uncollectible",
        "refunded",
        "partially_refunded",
        "disputed",
    )


@pytest.mark.parametrize("status", get_args(InvoiceStatus))
def test_every_invoice_status_shows_as_a_billing_status(status: str) -> None:
    shown = {billing_status(status, viewed=False), billing_status(status, viewed=True)}
    assert shown <= set(get_args(BillingStatus))
    if status not in TRANSLATED:
        assert shown == {status}


def test_what_the_mirror_translates() -> None:
    assert billing_status(None, viewed=False) == "unbilled"
    assert billing_status("draft", viewed=True) == "invoiced"
    assert billing_status("open", viewed=False) == "sent"
    assert billing_status("open", viewed=True) == "viewed"
    with pytest.raises(ValueError, match="unknown invoice status"):
        billing_status("lost", viewed=False)
