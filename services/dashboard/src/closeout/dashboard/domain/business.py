"""The business settings the owner edits on the settings page, and how a form becomes changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from closeout.shared.errors import InvalidInputError


@dataclass(frozen=True)
class SettingField:
    name: str
    label: str
    kind: str = "text"  # text | textarea | number | checkbox | email | url | color | select
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()  # a select's (value, label)


SETTING_FIELDS = (
    SettingField("name", "Business name"),
    SettingField("email", "Email customers reply to", "email"),
    SettingField("phone", "Phone"),
    SettingField("address", "Address", "textarea"),
    SettingField("website", "Website", "url", "https://..."),
    SettingField("bank_transfer_instructions", "Bank transfer instructions", "textarea",
                 "Shown to customers on the invoice page and in emails"),
    SettingField("payment_terms_days", "Payment terms (days)", "number"),
    SettingField("admin_email", "Where Closeout alerts you (claims, failures)", "email"),
    SettingField("payment_notice", "Email me when a payment arrives", "select",
                 "Disputes are always emailed, at once",
                 (("each", "For each payment"), ("daily", "In a daily digest"),
                  ("never", "Never"))),
    SettingField("brand_color", "Brand colour", "text", "#RRGGBB"),
    SettingField("logo_url", "Logo address", "url", "https://..."),
    SettingField("auto_send", "Send invoices as soon as a job is done", "checkbox"),
    SettingField("timezone", "Time zone", "text", "e.g. Australia/Sydney"),
)  # fmt: skip


def changes_from_form(current: dict[str, Any], form: dict[str, str]) -> dict[str, Any]:
    """Only what differs from the current settings; an emptied field is cleared (None)."""
    changes: dict[str, Any] = {}
    for field in SETTING_FIELDS:
        value: Any
        if field.kind == "checkbox":
            value = form.get(field.name) == "on"
        else:
            text = form.get(field.name, "").strip()
            value = text or None
            if field.kind == "select":
                if not text:
                    continue  # a choice always has a value: left out, it is kept
                if text not in dict(field.options):
                    raise InvalidInputError(f"{field.label}: choose one of the options")
            if field.kind == "number" and text:
                if not text.isdigit():
                    raise InvalidInputError(f"{field.label} must be a whole number")
                value = int(text)
        if value != current.get(field.name):
            changes[field.name] = value
    return changes
