"""The reminder schedule and recurring invoice forms: read into invoicing's request bodies,
and the schedule told in words (the settings page and its audit log)."""

from __future__ import annotations

from typing import Any

from closeout.dashboard.domain.actions import optional, required
from closeout.dashboard.domain.new_invoice import read_lines
from closeout.shared.errors import InvalidInputError
from closeout.shared.money import CURRENCY_EXPONENTS

FREQUENCIES = {
    "monthly": "Every month",
    "weekly": "Every week",
    "every_n_days": "Every N days",
    "rrule": "A calendar rule (RRULE)",
}


def _whole(form: dict[str, str], field: str, label: str) -> int | None:
    text = form.get(field, "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InvalidInputError(f"{label} must be a whole number") from None


def schedule_from_form(form: dict[str, str], presets: list[dict[str, Any]]) -> dict[str, Any]:
    """A chosen preset gives the steps, repeat and send hour; else the fields do."""
    chosen = next((p for p in presets if p["name"] == form.get("preset")), None)
    if chosen is not None:
        body = dict(chosen["schedule"])
    else:
        try:
            steps = [
                int(s) for s in form.get("steps", "").replace(";", ",").split(",") if s.strip()
            ]
        except ValueError:
            raise InvalidInputError(
                "steps are whole numbers of days, comma-separated: -3 (3 days before the due "
                "date), 0 (on it), 7 (a week after)"
            ) from None
        if not steps:
            raise InvalidInputError("give at least one step (days from the due date)")
        body = {
            "steps": steps,
            "repeat_every_days": _whole(form, "repeat_every_days", "Repeat every"),
            "repeat_max": _whole(form, "repeat_max", "Repeat at most") or 0,
            "send_hour": _whole(form, "send_hour", "Send hour") or 0,
        }
    body["enabled"] = form.get("enabled") == "on"
    return body


def _step_text(day: int) -> str:
    if day == 0:
        return "on the due date"
    unit = "day" if abs(day) == 1 else "days"
    return f"{abs(day)} {unit} {'before' if day < 0 else 'after'}"


def schedule_text(schedule: dict[str, Any]) -> str:
    """'On: 3 days before, on the due date, 7 days after; then every 14 days (at most 4
    times); at 09:00'."""
    steps = ", ".join(_step_text(d) for d in sorted(schedule.get("steps") or []))
    text = f"{'On' if schedule.get('enabled') else 'Off'}: {steps or 'no steps'}"
    if schedule.get("repeat_every_days") and schedule.get("repeat_max"):
        text += (
            f"; then every {schedule['repeat_every_days']} days "
            f"(at most {schedule['repeat_max']} times)"
        )
    return f"{text}; at {int(schedule.get('send_hour') or 0):02d}:00"


def recurring_from_form(form: dict[str, str], default_currency: str) -> dict[str, Any]:
    """The recurring invoice of this form; its lines are the New invoice page's table."""
    currency = (optional(form, "currency", "The currency", 3) or default_currency).upper()
    if currency not in CURRENCY_EXPONENTS:
        raise InvalidInputError(f"{currency!r} is not a currency Closeout supports")
    frequency = form.get("frequency", "")
    if frequency not in FREQUENCIES:
        raise InvalidInputError("choose how often: monthly, weekly, every N days or a rule")
    wrong: dict[str, str] = {}
    lines = read_lines(form, currency, wrong)
    if wrong:
        raise InvalidInputError(" ".join(wrong.values()))
    body: dict[str, Any] = {
        "customer": {
            "name": required(form, "customer_name", "The customer's name", 200),
            "email": optional(form, "customer_email", "The customer's email", 320),
        },
        "lines": lines,
        "currency": currency,
        "frequency": frequency,
        "start_date": required(form, "start_date", "The start date", 10),
        "send": form.get("send") == "on",
    }
    optional_fields = {
        "interval_days": _whole(form, "interval_days", "Every N days"),
        "rrule": optional(form, "rrule", "The rule", 500),
        "end_date": optional(form, "end_date", "The end date", 10),
        "count": _whole(form, "count", "How many"),
        "terms_days": _whole(form, "terms_days", "Payment terms"),
        "notes": optional(form, "notes", "The notes", 5000),
    }
    body |= {k: v for k, v in optional_fields.items() if v is not None}
    if frequency != "every_n_days":
        body.pop("interval_days", None)
    if frequency != "rrule":
        body.pop("rrule", None)
    return body
