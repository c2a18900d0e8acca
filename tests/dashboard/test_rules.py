"""The dashboard's pure rules: the overview's bars, amounts typed by a person,
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
from closeout.dashboard.domain.overview import OverviewReport, overview_of
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


def report(**figures: Any) -> OverviewReport:
    aud: dict[str, Any] = {
        "currency": "AUD",
        "outstanding": 2000,
        "overdue": 500,
        "overdue_count": 1,
        "collected_this_month": 300,
        "collected_last_month": 0,
        "aging": [
            {"bucket": b, "amount": a, "count": 1}
            for b, a in (("current", 1500), ("1-30", 500), ("31-60", 0), ("61-90", 0), ("90+", 0))
        ],
        "weekly": [
            {"week_start": date(2026, 11, 16), "collected": 400},
            {"week_start": date(2026, 11, 23), "collected": -100},
            {"week_start": date(2026, 11, 30), "collected": 100},
        ],
    } | figures
    return OverviewReport.model_validate(
        {
            "as_of": TODAY,
            "timezone": "UTC",
            "currencies": [aud],
            "counts": {"open": 2, "draft": 3},
            "needs_review": 0,
        }
    )


def test_the_overview_draws_its_bars_from_invoicings_report() -> None:
    overview = overview_of(report(), review=[])
    [aud] = overview.figures
    assert (overview.drafts, overview.overdue_count) == (3, 1)
    assert [aud.share(b) for b in ("current", "1-30", "31-60")] == [75, 25, 0]
    # Against the best week; a week refunds outweighed draws no bar.
    assert [aud.week_share(w) for w in aud.weekly] == [100, 0, 25]
    assert aud.collected_in_chart == 400
    assert aud.money(aud.outstanding) == "$20.00"
    [empty] = overview_of(report(outstanding=0, weekly=[]), review=[]).figures
    assert empty.share("current") == 0


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
    assert actions_for(detail(status="open")) == [
        "resend", "record-payment", "write-off", "void", "pause-reminders"
    ]  # fmt: skip
    part_paid = detail(status="partially_paid", amount_paid=500, amount_due=600)
    assert actions_for(part_paid) == [
        "resend", "record-payment", "write-off", "pause-reminders", "credit-note"
    ]  # fmt: skip
    paused = detail(status="overdue", reminders_paused=True)
    assert actions_for(paused)[-1] == "resume-reminders"
    assert actions_for(detail(status="paid", amount_due=0)) == []
    assert actions_for(detail(status="void", amount_due=0)) == []
    claimed = actions_for(detail(status="open", claims=[CLAIM]))
    assert {"confirm-claim", "reject-claim"} <= set(claimed)
    assert "review-done" in actions_for(detail(status="paid", amount_due=0, needs_review=True))
    # A credit note while something paid is left to credit (paid less refunds and notes).
    paid = {"status": "paid", "amount_paid": 1100, "amount_due": 0}
    assert actions_for(detail(**paid)) == ["credit-note"]
    assert actions_for(detail(**paid, amount_refunded=600, amount_credited=500)) == []


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


def test_the_payment_notice_is_one_of_its_choices() -> None:
    current = {"name": "Acme", "auto_send": False, "payment_notice": "each"}
    assert changes_from_form(current, {"name": "Acme", "payment_notice": "daily"}) == {
        "payment_notice": "daily"
    }
    assert changes_from_form(current, {"name": "Acme", "payment_notice": "each"}) == {}
    with pytest.raises(InvalidInputError, match="choose one of the options"):
        changes_from_form(current, {"name": "Acme", "payment_notice": "hourly"})


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
