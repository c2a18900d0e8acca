"""The dashboard's pure rules: aging buckets, overview figures, amounts typed by a person,
which actions an invoice offers, and who did what."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from closeout.dashboard.api.rendering import actor_name, local_path
from closeout.dashboard.domain.actions import amount_from_text
from closeout.dashboard.domain.business import changes_from_form
from closeout.dashboard.domain.customers import customers_of
from closeout.dashboard.domain.invoices import InvoiceDetail, InvoiceSummary, actions_for
from closeout.dashboard.domain.overview import aging_bucket, overview_of
from closeout.dashboard.domain.passwords import hash_password, verify_password
from closeout.shared.errors import InvalidInputError

TODAY = date(2026, 11, 30)


def summary(**values: Any) -> InvoiceSummary:
    base: dict[str, Any] = {
        "invoice_id": "inv",
        "business_id": "acme",
        "number": "INV-1",
        "status": "open",
        "customer": {"name": "Dana Lee"},
        "currency": "AUD",
        "subtotal": 1000,
        "tax_total": 100,
        "total": 1100,
        "amount_paid": 0,
        "amount_refunded": 0,
        "amount_due": 1100,
        "overdue": False,
        "needs_review": False,
        "due_date": TODAY,
        "created_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    return InvoiceSummary.model_validate(base | values)


@pytest.mark.parametrize(
    ("due", "bucket"),
    [
        (None, "current"),
        (date(2026, 12, 5), "current"),
        (TODAY, "current"),
        (date(2026, 11, 29), "1-30"),
        (date(2026, 10, 31), "1-30"),
        (date(2026, 10, 30), "31-60"),
        (date(2026, 10, 1), "31-60"),
        (date(2026, 9, 30), "61-90"),
        (date(2026, 9, 1), "61-90"),
        (date(2026, 8, 31), "90+"),
    ],
)
def test_aging_buckets_count_days_past_due(due: date | None, bucket: str) -> None:
    assert aging_bucket(due, TODAY) == bucket


def test_the_overview_adds_up_what_is_owed_per_currency() -> None:
    invoices = [
        summary(amount_due=1100),
        summary(amount_due=500, status="partially_paid", due_date=date(2026, 10, 15)),
        summary(amount_due=700, status="overdue", overdue=True, due_date=date(2026, 7, 1)),
        summary(amount_due=900, status="draft", due_date=None),  # not owed yet
        summary(amount_due=0, status="paid"),
        summary(amount_due=300, status="void"),  # owes nothing, whatever the field says
        summary(amount_due=2000, currency="NZD", due_date=date(2026, 11, 10), overdue=True),
        summary(needs_review=True, amount_due=0, status="paid"),
    ]
    overview = overview_of(invoices, TODAY)
    aud, nzd = sorted(overview.figures, key=lambda f: f.currency)
    assert (aud.outstanding, aud.overdue) == (2300, 1200)
    assert aud.aging == {"current": 1100, "1-30": 0, "31-60": 500, "61-90": 0, "90+": 700}
    assert (nzd.outstanding, nzd.overdue) == (2000, 2000)
    assert overview.overdue_count == 3
    assert overview.counts == {
        "draft": 1,
        "open": 2,
        "overdue": 1,
        "paid": 2,
        "partially_paid": 1,
        "void": 1,
    }
    assert len(overview.review) == 1
    assert len(overview.drafts) == 1


def test_an_invoice_invoicing_calls_overdue_is_never_shown_as_current() -> None:
    """Invoicing judges overdue in the business's time zone, a day ahead of UTC at times."""
    [aud] = overview_of([summary(overdue=True, due_date=TODAY)], TODAY).figures
    assert aud.aging["1-30"] == 1100
    assert aud.overdue == 1100


@pytest.mark.parametrize(
    ("text", "minor"),
    [("1384.90", 138490), ("1,384.9", 138490), ("$50", 5000), (" 0.01 ", 1)],
)
def test_amounts_typed_by_a_person(text: str, minor: int) -> None:
    assert amount_from_text(text, "AUD") == minor


@pytest.mark.parametrize("text", ["", "abc", "0", "-5", "1.234", "NaN", "Infinity", "1e20"])
def test_amounts_that_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError):
        amount_from_text(text, "AUD")


def test_yen_has_no_decimals() -> None:
    assert amount_from_text("1500", "JPY") == 1500
    with pytest.raises(InvalidInputError):
        amount_from_text("1500.5", "JPY")


def detail(**values: Any) -> InvoiceDetail:
    base = summary(**values).model_dump()
    return InvoiceDetail.model_validate(
        base | {"lines": [], "timeline": [], "claims": values.get("claims", [])}
    )


CLAIM = {
    "claim_id": "c1",
    "method": "bank_transfer",
    "amount": None,
    "reference": None,
    "note": None,
    "status": "pending",
    "claimed_at": datetime(2026, 11, 29, tzinfo=UTC),
}


def test_the_actions_offered_follow_the_invoice_state() -> None:
    assert actions_for(detail(status="draft")) == ["issue", "void"]
    assert actions_for(detail(status="open")) == ["resend", "record-payment", "write-off", "void"]
    part_paid = detail(status="partially_paid", amount_paid=500, amount_due=600)
    assert actions_for(part_paid) == ["resend", "record-payment", "write-off"]
    assert actions_for(detail(status="paid", amount_due=0)) == []
    assert actions_for(detail(status="void", amount_due=0)) == []
    claimed = actions_for(detail(status="open", claims=[CLAIM]))
    assert {"confirm-claim", "reject-claim"} <= set(claimed)
    assert "review-done" in actions_for(detail(status="paid", amount_due=0, needs_review=True))


def test_the_people_in_the_services_trails_are_named_by_email() -> None:
    people = {"u1": "owner@acme.test"}
    assert actor_name("admin:acme:dashboard:user:u1", people) == "owner@acme.test"  # invoicing
    assert actor_name("admin:dashboard:user:u1", people) == "owner@acme.test"  # payments
    assert actor_name("admin:acme:dashboard:user:gone", people) == "a former user"
    assert actor_name("customer", people) == "customer"
    assert actor_name("event:payment.confirmed:x", people) == "Closeout"


@pytest.mark.parametrize(
    ("target", "where"),
    [
        ("/invoices?status=draft", "/invoices?status=draft"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_after_sign_in_only_a_path_on_this_site(target: str | None, where: str) -> None:
    assert local_path(target) == where


def test_passwords_are_argon2id_and_verify() -> None:
    hashed = hash_password("correct horse battery staple")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "Correct horse battery staple")
    assert not verify_password(None, "correct horse battery staple")
    assert not verify_password("not a hash", "x")


def test_a_settings_form_becomes_only_the_changes() -> None:
    current = {"name": "Acme", "phone": "123", "payment_terms_days": 14, "auto_send": True}
    form = {"name": "Acme", "phone": "", "payment_terms_days": "30"}  # auto_send unticked
    assert changes_from_form(current, form) == {
        "phone": None,
        "payment_terms_days": 30,
        "auto_send": False,
    }
    with pytest.raises(InvalidInputError):
        changes_from_form(current, {"payment_terms_days": "two weeks"})


def test_customers_are_grouped_by_email_with_what_they_owe() -> None:
    dana = {"name": "Dana Lee", "email": "Dana@x.test"}
    rows = customers_of(
        [
            summary(customer=dana, amount_due=1100),
            summary(customer=dana | {"email": "dana@x.test"}, status="paid", amount_due=0),
            summary(customer=dana, status="overdue", overdue=True, amount_due=400),
            summary(customer=dana, status="draft", amount_due=900),  # not billed yet
            summary(customer={"name": "Sam"}, amount_due=50),
        ]
    )
    assert [(r.key, r.invoices, r.billed, r.owed, r.overdue) for r in rows] == [
        ("dana@x.test", 3, 3300, 1500, 400),
        ("sam", 1, 1100, 50, 0),
    ]
