"""`GET /v1/reports/overview`: the overview's figures, checked against the invoices and the
ledger in the database."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

from support.invoicing import TOTAL, Harness, configure_business, issued_invoice, payment
from support.waiting import unique

REFUND = unique("re")
BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


def _bucket(due: date | None, today: date) -> str:
    days = (today - due).days if due else 0
    if days <= 0:
        return "current"
    return next(
        (b for b, top in (("1-30", 30), ("31-60", 60), ("61-90", 90)) if days <= top), "90+"
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def _expected(harness: Harness, today: date) -> dict[str, Any]:
    """The figures, worked out here from the rows (not by the code under test)."""
    rows = await harness.sql(
        "SELECT status, due_date, amount_due, needs_review FROM invoices WHERE business_id = :b",
        b=harness.business_id,
    )
    payable = [
        r
        for r in rows
        if r["status"] in ("open", "overdue", "partially_paid", "partially_refunded", "refunded")
        and r["amount_due"] > 0
    ]
    aging = dict.fromkeys(BUCKETS, 0)
    for r in payable:
        aging[_bucket(r["due_date"], today)] += r["amount_due"]
    entries = await harness.sql(
        "SELECT l.kind, l.amount, l.occurred_at FROM ledger_entries l"
        " JOIN invoices i USING (invoice_id) WHERE i.business_id = :b",
        b=harness.business_id,
    )
    weeks = [_monday(today) - timedelta(weeks=n) for n in range(11, -1, -1)]
    weekly = dict.fromkeys(weeks, 0)
    this_month = last_month = 0
    first = today.replace(day=1)
    last_first = (first - timedelta(days=1)).replace(day=1)
    for e in entries:
        day = e["occurred_at"].astimezone(UTC).date()
        amount = -e["amount"] if e["kind"] == "refund" else e["amount"]
        if _monday(day) in weekly:
            weekly[_monday(day)] += amount
        if day >= first:
            this_month += amount
        elif day >= last_first:
            last_month += amount
    return {
        "outstanding": sum(r["amount_due"] for r in payable),
        "overdue": sum(aging[b] for b in BUCKETS[1:]),
        "overdue_count": sum(1 for r in payable if _bucket(r["due_date"], today) != "current"),
        "aging": aging,
        "weekly": [{"week_start": w.isoformat(), "collected": c} for w, c in weekly.items()],
        "collected_this_month": this_month,
        "collected_last_month": last_month,
        "counts": dict(Counter(r["status"] for r in rows)),
        "needs_review": sum(1 for r in rows if r["needs_review"]),
    }


async def test_the_overview_figures_match_the_database(harness: Harness) -> None:
    await configure_business(harness, auto_send=True, timezone="UTC")
    today = datetime.now(UTC).date()
    now = datetime.now(UTC)
    ids = [(await issued_invoice(harness))["invoice_id"] for _ in range(6)]
    # Spread the unpaid invoices over every aging bucket.
    for invoice_id, days_past_due in zip(ids, (-5, 10, 45, 75, 120, 3), strict=True):
        await harness.sql(
            "UPDATE invoices SET due_date = :d WHERE invoice_id = :i RETURNING 1",
            d=today - timedelta(days=days_past_due),
            i=invoice_id,
        )
    # Money in across the weeks and months: a part payment today, one three weeks ago with a
    # refund today, one paid in full 40 days ago, one 20 weeks ago (outside the chart).
    paid_then = payment("payment.confirmed", ids[1], 5000, occurred_at=now - timedelta(weeks=3))
    for event in (
        payment("payment.confirmed", ids[0], 10000),
        paid_then,
        payment(
            "payment.refunded", ids[1], 1000, payment_id=paid_then.payment_id, refund_id=REFUND
        ),
        payment("payment.confirmed", ids[5], TOTAL, occurred_at=now - timedelta(days=40)),
        payment("payment.confirmed", ids[2], 700, occurred_at=now - timedelta(weeks=20)),
    ):
        await harness.apply(harness.event(_type(event), event))

    answer = await harness.client.get("/v1/reports/overview", headers=harness.admin_headers())
    assert answer.status_code == 200, answer.text
    report = answer.json()
    expected = await _expected(harness, today)
    assert report["as_of"] == today.isoformat()
    assert report["counts"] == expected["counts"]
    assert report["needs_review"] == expected["needs_review"]
    [aud] = report["currencies"]
    assert aud["currency"] == "AUD"
    for name in (
        "outstanding",
        "overdue",
        "overdue_count",
        "collected_this_month",
        "collected_last_month",
        "weekly",
    ):
        assert aud[name] == expected[name], name
    assert {b["bucket"]: b["amount"] for b in aud["aging"]} == expected["aging"]
    # The figures are not all zero: the test would not notice much otherwise.
    assert all(expected["aging"][b] > 0 for b in BUCKETS)
    assert sum(w["collected"] for w in aud["weekly"]) == 10000 + 5000 - 1000 + TOTAL
    assert expected["counts"]["paid"] == 1

    # Another business sees none of it.
    elsewhere = await harness.client.get(
        "/v1/reports/overview", headers=harness.admin_headers("someone-else")
    )
    assert elsewhere.status_code == 200
    assert elsewhere.json()["currencies"] == []
    assert elsewhere.json()["counts"] == {}


def _type(event: Any) -> str:
    return "payment.refunded" if event.refund_id else "payment.confirmed"
