"""Server-rendered pages: Jinja2 templates, the security headers every answer carries."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from closeout.dashboard.domain.roles import may_act, may_manage
from closeout.dashboard.storage.records import SignedInSession
from closeout.shared.money import Money

HERE = Path(__file__).parent
STATIC = HERE / "static"

# Everything comes from the dashboard itself: no inline script or style, no other origin.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
        " form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}
PAGE_HEADERS = {**SECURITY_HEADERS, "Cache-Control": "no-store"}


def _money(amount: int | None, currency: str) -> str:
    return "—" if amount is None else Money(amount, currency).format()


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.strftime("%-d %b %Y, %H:%M UTC")
    return value.strftime("%-d %b %Y")


# Invoicing records `admin:<business>:<key id>`, payments `admin:<key id>`; the dashboard's
# delegated key id is `dashboard:user:<user id>`.
_DELEGATED = re.compile(r"(?:^|:)dashboard:user:(?P<user>[\w-]+)$")


def actor_name(actor: str | None, people: dict[str, str]) -> str:
    """Who did it, as the services recorded it: the dashboard's users by their email."""
    if not actor:
        return ""
    found = _DELEGATED.search(actor)
    if found:
        return people.get(found["user"], "a former user")
    if actor.startswith("event:") or actor.startswith("admin:"):
        return "Closeout" if actor.startswith("event:") else "an API key"
    return actor


def _label(value: str) -> str:
    return value.replace("_", " ").replace("-", " ").capitalize()


templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["money"] = _money
templates.filters["when"] = _when
templates.filters["label"] = _label


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    signed: SignedInSession | None = getattr(request.state, "signed_in", None)
    values = {
        "request": request,
        "signed": signed,
        "user": signed.user if signed else None,
        "csrf": signed.csrf_token if signed else "",
        "may_act": bool(signed and may_act(signed.user.role)),
        "may_manage": bool(signed and may_manage(signed.user.role)),
        "path": request.url.path,
        **(context or {}),
    }
    html = templates.get_template(template).render(values)
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def redirect(location: str) -> RedirectResponse:
    """After a POST: see the result with a GET (303)."""
    return RedirectResponse(location, status_code=303, headers=PAGE_HEADERS)


def local_path(target: str | None, default: str = "/") -> str:
    """Where to go after sign-in: only a path on this site (no `//host`, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
