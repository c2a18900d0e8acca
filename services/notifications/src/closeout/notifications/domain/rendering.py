"""Render a message (subject, plain text, HTML, SMS) from its template and context.

HTML templates are autoescaped; text templates are not (they are never interpreted as markup).
Everything a template shows is prepared here as display strings, so templates stay dumb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined

from closeout.notifications.domain.formatting import (
    brand_color,
    local_date,
    long_date,
    method_label,
    money,
    refund_failure_label,
    safe_url,
    short_date,
)
from closeout.notifications.domain.planning import MessageContext, TemplateName
from closeout.shared.contracts.accounts import AccountEmail
from closeout.shared.contracts.payments import RefundFailed

_html = Environment(
    loader=PackageLoader("closeout.notifications", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_text = Environment(
    loader=PackageLoader("closeout.notifications", "templates"),
    autoescape=False,  # noqa: S701 (plain-text parts are never rendered as HTML)
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    html: str
    sms: str


def _view(ctx: MessageContext) -> dict[str, Any]:
    invoice, business = ctx.invoice, ctx.business
    currency = invoice.currency
    number = invoice.number or "(draft)"
    view: dict[str, Any] = {
        "business": {
            "name": business.name,
            "email": business.email,
            "phone": business.phone,
            "address": business.address,
            "website": safe_url(business.website),
            "logo_url": safe_url(business.logo_url),
            "color": brand_color(business.brand_color),
            "bank_transfer_instructions": business.bank_transfer_instructions,
        },
        "customer_name": invoice.customer.name,
        "number": number,
        "total": money(invoice.total, currency),
        "subtotal": money(invoice.subtotal, currency),
        "tax_total": money(invoice.tax_total, currency),
        "has_tax": invoice.tax_total != 0,
        "amount_paid": money(invoice.amount_paid, currency),
        "amount_due": money(invoice.amount_due, currency),
        "balance_remaining": invoice.amount_due > 0,
        "due_date": long_date(invoice.due_date) if invoice.due_date else None,
        "lines": [
            {
                "description": line.description,
                "quantity": f"{line.quantity.normalize():f}",
                "unit": money(line.unit_amount, currency),
                "total": money(line.total_amount, currency),
            }
            for line in invoice.lines
        ],
        "job": {
            "title": invoice.job_title,
            "site": invoice.site_address,
            "completed": long_date(local_date(invoice.job_completed_at, business.timezone))
            if invoice.job_completed_at
            else None,
            "notes": invoice.notes,
        },
        "payment_url": safe_url(ctx.payment_url),
        "days_overdue": ctx.days_overdue or 0,
        "reminder_number": ctx.reminder_number,
        "payment": None,
        "claim": None,
        "dispute": None,
    }
    if ctx.applied_payment is not None:
        paid = ctx.applied_payment
        view["payment"] = {
            "amount": money(paid.amount, paid.currency),
            "method": method_label(paid.method),
            "reference": paid.reference,
            "date": long_date(local_date(paid.occurred_at, business.timezone)),
            "failure_reason": None,
            "refund_id": None,
            "refund_failure": None,
            "refund_was_applied": False,
        }
    if ctx.payment_event is not None:
        event = ctx.payment_event
        view["payment"] = {
            "amount": money(event.amount, event.currency),
            "method": method_label(event.method),
            "reference": event.reference,
            "date": long_date(local_date(event.occurred_at, business.timezone)),
            "failure_reason": event.failure_reason,
            "refund_id": event.refund_id,
            "refund_failure": refund_failure_label(event.failure_reason),
            "refund_was_applied": isinstance(event, RefundFailed) and event.refund_was_applied,
        }
        view["payment_url"] = safe_url(ctx.payment_url or event.checkout_url)
        if event.dispute_id:
            status = (event.dispute_status or "").replace("_", " ")
            view["dispute"] = f"{event.dispute_id} ({status})" if status else event.dispute_id
    if ctx.claim is not None:
        claim = ctx.claim
        view["claim"] = {
            "method": method_label(claim.method),
            "amount": money(claim.amount, currency) if claim.amount is not None else None,
            "reference": claim.reference,
            "note": claim.note,
            "date": long_date(local_date(claim.claimed_at, business.timezone)),
        }
    return view


def _subject(template: TemplateName, ctx: MessageContext, view: dict[str, Any]) -> str:
    invoice, name, number = ctx.invoice, ctx.business.name, view["number"]
    payment = view["payment"] or {}
    if template == "invoice":
        due = f"due {short_date(invoice.due_date)}" if invoice.due_date else "due on receipt"
        return f"Invoice {number} from {name} — {view['amount_due']} {due}"
    if template == "receipt":
        return f"Receipt for invoice {number} from {name} — {payment['amount']} received"
    if template == "reminder":
        if view["days_overdue"] > 0:
            days = view["days_overdue"]
            when = f"{days} day{'s' if days != 1 else ''} overdue"
        elif invoice.due_date:
            when = f"due {short_date(invoice.due_date)}"
        else:
            when = "due now"
        return f"Reminder: invoice {number} from {name} — {view['amount_due']}, {when}"
    if template == "payment_failed":
        return f"Your payment for invoice {number} from {name} did not go through"
    if template == "payment_failed_admin":
        return f"Payment failed on invoice {number} — {payment['amount']}"
    if template == "refund":
        return f"Refund of {payment['amount']} for invoice {number} from {name}"
    if template == "refund_failed_admin":
        return f"Refund failed on invoice {number} — {payment['amount']} not returned"
    if template == "payment_received_admin":
        return f"{payment['amount']} received for invoice {number} ({view['customer_name']})"
    if template == "dispute_opened_admin":
        return f"A payment on invoice {number} is disputed — {payment['amount']}"
    if template == "payment_claimed_admin":
        return f"{invoice.customer.name} says they paid invoice {number} — please confirm"
    raise ValueError(f"unknown template {template!r}")


def render(template: TemplateName, ctx: MessageContext) -> RenderedMessage:
    view = _view(ctx)
    subject = _subject(template, ctx, view)
    view["subject"] = subject
    html = _html.get_template(f"{template}.html").render(view)
    text = _text.get_template(f"{template}.txt").render(view)
    sms = f"{subject}. " + (f"Pay: {view['payment_url']}" if view["payment_url"] else "")
    return RenderedMessage(subject=subject, text=text, html=html, sms=sms.strip())


def render_dead_letter_alert(
    *,
    topic: str,
    consumer: str,
    event_type: str,
    event_id: str | None,
    reason: str,
    window_minutes: int,
    held_back: int = 0,
    business_id: str | None = None,
    position: str | None = None,
) -> RenderedMessage:
    """The operators' alert: everything known about the dead letter."""
    subject = f"Closeout: an event on {topic} could not be processed"
    view = {
        "subject": subject,
        "topic": topic,
        "consumer": consumer,
        "event_type": event_type,
        "event_id": event_id,
        "reason": reason,
        "business_id": business_id,
        "position": position,
        "window_minutes": window_minutes,
        "held_back": held_back,
    }
    return _render_alert("dead_letter_admin", view)


def render_dead_letter_notice(
    *, event_id: str | None, window_minutes: int, held_back: int = 0
) -> RenderedMessage:
    """The business admin's notice: that something failed, never how (no reason, no topic)."""
    view = {
        "subject": "Closeout: an update to your account could not be processed",
        "event_id": event_id,
        "window_minutes": window_minutes,
        "held_back": held_back,
    }
    return _render_alert("dead_letter_notice", view)


def render_webhook_failure_alert(
    *,
    stripe_event_type: str,
    stripe_event_id: str,
    error: str,
    attempts: int,
    invoice_number: str | None,
    window_minutes: int,
    held_back: int = 0,
) -> RenderedMessage:
    subject = f"Closeout: a Stripe event could not be processed ({stripe_event_type})"
    view = {
        "subject": subject,
        "stripe_event_type": stripe_event_type,
        "stripe_event_id": stripe_event_id,
        "error": error,
        "attempts": attempts,
        "invoice_number": invoice_number,
        "window_minutes": window_minutes,
        "held_back": held_back,
    }
    return _render_alert("webhook_failed_admin", view)


def render_webhook_failure_notice(
    *,
    stripe_event_type: str,
    stripe_event_id: str,
    invoice_number: str | None,
    window_minutes: int,
    held_back: int = 0,
) -> RenderedMessage:
    """The business admin's notice of a failed Stripe event, without the error."""
    view = {
        "subject": f"Closeout: a Stripe event could not be processed ({stripe_event_type})",
        "stripe_event_type": stripe_event_type,
        "stripe_event_id": stripe_event_id,
        "invoice_number": invoice_number,
        "window_minutes": window_minutes,
        "held_back": held_back,
    }
    return _render_alert("webhook_failed_notice", view)


def _render_alert(template: str, view: dict[str, Any]) -> RenderedMessage:
    html = _html.get_template(f"{template}.html").render(view)
    text = _text.get_template(f"{template}.txt").render(view)
    return RenderedMessage(subject=view["subject"], text=text, html=html, sms=view["subject"])


def render_account_email(template: str, data: AccountEmail) -> RenderedMessage:
    """An invitation or a password reset: `data.link` is a capability-link reference that the
    delivery turns into the live URL when it sends (never stored live)."""
    expires = data.expires_at.astimezone(UTC).strftime("%-d %B %Y, %H:%M UTC")
    if template == "invitation":
        subject = f"You are invited to {data.business_name or 'a business'} on Closeout"
    elif template == "password_reset":
        subject = "Reset your Closeout password"
    else:
        raise ValueError(f"unknown account template {template!r}")
    view = {
        "subject": subject,
        "link": data.link,
        "recipient": data.recipient,
        "expires": expires,
        "business_name": data.business_name,
        "invited_by": data.invited_by,
        "role": (data.role or "staff"),
    }
    return _render_alert(template, view)


class DigestLine(Protocol):
    """What the digest shows of a payment (`storage.digests.DigestItem` has it)."""

    @property
    def invoice_number(self) -> str | None: ...
    @property
    def customer_name(self) -> str: ...
    @property
    def amount(self) -> int: ...
    @property
    def currency(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def reference(self) -> str | None: ...


def render_payment_digest(day: date, items: Sequence[DigestLine]) -> RenderedMessage:
    """The owner's list of one day's payments, with the total per currency."""
    totals: dict[str, int] = {}
    for item in items:
        totals[item.currency] = totals.get(item.currency, 0) + item.amount
    total_text = ", ".join(money(amount, currency) for currency, amount in sorted(totals.items()))
    count = len(items)
    subject = (
        f"Closeout: {count} payment{'s' if count != 1 else ''} received on {long_date(day)}"
        f" — {total_text}"
    )
    view = {
        "subject": subject,
        "day": long_date(day),
        "total": total_text,
        "payments": [
            {
                "number": item.invoice_number or "(draft)",
                "customer": item.customer_name,
                "amount": money(item.amount, item.currency),
                "method": method_label(item.method),
                "reference": item.reference,
            }
            for item in items
        ],
    }
    return _render_alert("payment_digest_admin", view)
