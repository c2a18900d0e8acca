"""Read the facts payments needs out of Stripe's JSON objects (sessions, intents, charges).

Stripe ids are not trusted to identify an invoice on their own: the invoice, business and
attempt come from the metadata we set when creating the session (and `client_reference_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from closeout.payments.domain.stripe_amounts import from_stripe
from closeout.shared.money import UnknownCurrencyError, normalize_currency

_BANK_METHODS = ("bank", "debit", "sepa", "bacs", "becs", "ach", "customer_balance", "transfer")


def payment_method_kind(types: list[str] | None) -> str:
    """Closeout's PaymentMethod for Stripe's payment method type(s)."""
    first = (types or ["card"])[0]
    if first == "card":
        return "card"
    if any(marker in first for marker in _BANK_METHODS):
        return "bank_transfer"
    return "other"


def _id_of(value: Any) -> str | None:
    """A Stripe reference is either an id string or an expanded object."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _amount(value: Any, currency: str | None) -> int | None:
    """A Stripe amount in ISO minor units; None without a currency Closeout knows."""
    raw = _int(value)
    return from_stripe(raw, currency) if raw is not None and currency is not None else None


def _currency(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return normalize_currency(value)
    except UnknownCurrencyError:
        return None


def _meta(obj: dict[str, Any]) -> dict[str, str]:
    meta = obj.get("metadata")
    return {k: str(v) for k, v in meta.items()} if isinstance(meta, dict) else {}


@dataclass(frozen=True)
class Ownership:
    """Whose payment this is, as far as the Stripe object says."""

    invoice_id: str | None
    business_id: str | None
    attempt_id: str | None


def ownership(obj: dict[str, Any]) -> Ownership:
    meta = _meta(obj)
    invoice_id = meta.get("invoice_id") or obj.get("client_reference_id")
    return Ownership(
        invoice_id=invoice_id if isinstance(invoice_id, str) and invoice_id else None,
        business_id=meta.get("business_id") or None,
        attempt_id=meta.get("attempt_id") or None,
    )


@dataclass(frozen=True)
class SessionFacts:
    session_id: str
    owner: Ownership
    status: str | None
    payment_status: str | None
    amount_total: int | None
    currency: str | None
    payment_intent_id: str | None
    method: str
    customer_email: str | None


def session_facts(obj: dict[str, Any]) -> SessionFacts:
    details = obj.get("customer_details")
    email = details.get("email") if isinstance(details, dict) else None
    currency = _currency(obj.get("currency"))
    return SessionFacts(
        session_id=str(obj.get("id") or ""),
        owner=ownership(obj),
        status=obj.get("status"),
        payment_status=obj.get("payment_status"),
        amount_total=_amount(obj.get("amount_total"), currency),
        currency=currency,
        payment_intent_id=_id_of(obj.get("payment_intent")),
        method=payment_method_kind(obj.get("payment_method_types")),
        customer_email=email or obj.get("customer_email"),
    )


@dataclass(frozen=True)
class IntentFailure:
    payment_intent_id: str
    owner: Ownership
    reason: str
    method: str
    amount: int | None
    currency: str | None


def intent_failure(obj: dict[str, Any]) -> IntentFailure:
    error = obj.get("last_payment_error")
    error = error if isinstance(error, dict) else {}
    reason = error.get("message") or error.get("decline_code") or error.get("code")
    pm = error.get("payment_method")
    pm_type = pm.get("type") if isinstance(pm, dict) else None
    currency = _currency(obj.get("currency"))
    return IntentFailure(
        payment_intent_id=str(obj.get("id") or ""),
        owner=ownership(obj),
        reason=str(reason or "payment failed"),
        method=payment_method_kind([pm_type] if pm_type else obj.get("payment_method_types")),
        amount=_amount(obj.get("amount"), currency),
        currency=currency,
    )


@dataclass(frozen=True)
class Refund:
    refund_id: str
    amount: int
    created: datetime | None


@dataclass(frozen=True)
class ChargeFacts:
    charge_id: str
    payment_intent_id: str | None
    owner: Ownership
    amount_refunded: int
    currency: str | None
    refunds: list[Refund]


def charge_facts(obj: dict[str, Any]) -> ChargeFacts:
    listed = obj.get("refunds")
    data = listed.get("data") if isinstance(listed, dict) else None
    currency = _currency(obj.get("currency"))
    refunds = [
        Refund(str(r["id"]), amount, from_unix(r.get("created")))
        for r in (data or [])
        if isinstance(r, dict)
        and isinstance(r.get("id"), str)
        and (amount := _amount(r.get("amount"), currency))
        and r.get("status") in ("succeeded", "pending", None)
    ]
    return ChargeFacts(
        charge_id=str(obj.get("id") or ""),
        payment_intent_id=_id_of(obj.get("payment_intent")),
        owner=ownership(obj),
        amount_refunded=_amount(obj.get("amount_refunded"), currency) or 0,
        currency=currency,
        refunds=sorted(refunds, key=lambda r: r.created or datetime.min.replace(tzinfo=UTC)),
    )


@dataclass(frozen=True)
class DisputeFacts:
    dispute_id: str
    charge_id: str | None
    payment_intent_id: str | None
    amount: int
    currency: str | None
    status: str
    reason: str | None


def dispute_facts(obj: dict[str, Any]) -> DisputeFacts:
    currency = _currency(obj.get("currency"))
    return DisputeFacts(
        dispute_id=str(obj.get("id") or ""),
        charge_id=_id_of(obj.get("charge")),
        payment_intent_id=_id_of(obj.get("payment_intent")),
        amount=_amount(obj.get("amount"), currency) or 0,
        currency=currency,
        status=str(obj.get("status") or "unknown"),
        reason=obj.get("reason"),
    )


# A refund in these states moved no money (Stripe returned it to the business's balance).
UNDONE_REFUND_STATUSES = ("failed", "canceled")


@dataclass(frozen=True)
class RefundFacts:
    refund_id: str
    owner: Ownership
    payment_id: str | None  # Closeout's payment, from the metadata we set on the refund
    payment_intent_id: str | None
    amount: int
    currency: str | None
    status: str
    failure_reason: str | None

    @property
    def undone(self) -> bool:
        return self.status in UNDONE_REFUND_STATUSES


def refund_facts(obj: dict[str, Any]) -> RefundFacts:
    status = str(obj.get("status") or "unknown")
    reason = obj.get("failure_reason")
    if not isinstance(reason, str) or not reason:
        reason = "canceled" if status == "canceled" else None
    currency = _currency(obj.get("currency"))
    return RefundFacts(
        refund_id=str(obj.get("id") or ""),
        owner=ownership(obj),
        payment_id=payment_id_of(obj),
        payment_intent_id=_id_of(obj.get("payment_intent")),
        amount=_amount(obj.get("amount"), currency) or 0,
        currency=currency,
        status=status,
        failure_reason=reason,
    )


def payment_id_of(obj: dict[str, Any]) -> str | None:
    """Closeout's payment id, in the metadata of the refunds we create."""
    return _meta(obj).get("payment_id") or None


def stripe_object_of(event: dict[str, Any]) -> dict[str, Any] | None:
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    return obj if isinstance(obj, dict) else None


def payment_intent_of(obj: dict[str, Any]) -> str | None:
    """The payment intent a Stripe object is about (the object itself if it is one)."""
    if obj.get("object") == "payment_intent":
        return _id_of(obj.get("id"))
    return _id_of(obj.get("payment_intent"))


def from_unix(value: Any) -> datetime | None:
    seconds = _int(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
