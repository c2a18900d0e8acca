"""How amounts, dates and methods read in a customer's mail."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from closeout.shared.money import Money

DEFAULT_BRAND_COLOR = "#1f6feb"
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")

METHOD_LABELS = {
    "card": "Card",
    "cash": "Cash",
    "bank_transfer": "Bank transfer",
    "other": "Other",
}


def money(amount: int, currency: str) -> str:
    return Money(amount, currency).format()


def short_date(value: date) -> str:
    """`5 Dec`: the subject-line form."""
    return f"{value.day} {value:%b}"


def long_date(value: date) -> str:
    """`5 December 2026`."""
    return f"{value.day} {value:%B %Y}"


def local_date(moment: datetime, timezone: str) -> date:
    """The calendar date of `moment` where the business is (UTC if its zone is unknown)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return moment.astimezone(zone).date()


def brand_color(value: str | None) -> str:
    """Only a plain hex colour reaches a style attribute; anything else gets the default."""
    return value if value and _HEX_COLOR.match(value) else DEFAULT_BRAND_COLOR


def method_label(method: str) -> str:
    return METHOD_LABELS.get(method, method.replace("_", " ").capitalize())


def safe_url(value: str | None) -> str | None:
    """Links and images in a mail are http(s) only (no `javascript:` or `data:` URLs)."""
    if value and value.lower().startswith(("https://", "http://")):
        return value
    return None


# Stripe's refund `failure_reason` codes, as an admin should read them.
REFUND_FAILURES = {
    "lost_or_stolen_card": "the card was reported lost or stolen",
    "expired_or_canceled_card": "the card has expired or was cancelled",
    "charge_for_pending_refund_disputed": "the payment is disputed",
    "insufficient_funds": "the Stripe balance could not cover the refund",
    "declined": "the customer's bank declined the refund",
    "merchant_request": "the refund was cancelled on request",
    "canceled": "the refund was cancelled",
    "unknown": "Stripe did not say why",
}


def refund_failure_label(reason: str | None) -> str | None:
    if reason is None:
        return None
    return REFUND_FAILURES.get(reason, reason.replace("_", " "))
