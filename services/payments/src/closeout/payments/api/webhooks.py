"""`POST /webhooks/stripe`: verify, store once, acknowledge; a worker processes later."""

import json
import logging
import time
from typing import Any

from fastapi import APIRouter, Request

from closeout.payments.api.deps import (
    RuntimeDep,
    SettingsDep,
    WebhookIntakeDep,
    WebhookRejectionsDep,
    WebhookWakeupDep,
)
from closeout.payments.domain.signature import SignatureError, verify_signature
from closeout.shared.errors import BadRequestError
from closeout.shared.web.limits import read_body

log = logging.getLogger(__name__)

router = APIRouter(tags=["stripe"])


def _reject(counters: dict[str, int], reason: str) -> BadRequestError:
    counters[reason] = counters.get(reason, 0) + 1
    log.warning("stripe webhook rejected: %s", reason)
    return BadRequestError(reason)


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return isinstance(value, list) and any(_has_nul(v) for v in value)


def _parse(raw: bytes, rejections: dict[str, int]) -> dict[str, Any]:
    try:
        # Only what PostgreSQL's jsonb stores: Python also takes NaN, Infinity, a lone
        # surrogate (\ud800) and \u0000, and storing them would fail (a 500).
        event = json.loads(raw, parse_constant=_not_json)
        json.dumps(event, ensure_ascii=False).encode()
        nul = _has_nul(event)
    except (ValueError, RecursionError):  # UnicodeError is a ValueError
        raise _reject(rejections, "body is not JSON") from None
    if nul:
        raise _reject(rejections, "body contains a NUL character")
    if not isinstance(event, dict):
        raise _reject(rejections, "body is not a JSON object")
    if not isinstance(event.get("id"), str) or not event["id"]:
        raise _reject(rejections, "event has no id")
    if not isinstance(event.get("type"), str) or not event["type"]:
        raise _reject(rejections, "event has no type")
    return event


# What Stripe sends: a signed event. The route reads both itself (the signature is over the raw
# bytes), so the OpenAPI states them here; a missing or wrong signature is a 400, as Stripe expects.
_SIGNED_EVENT: dict[str, Any] = {
    "parameters": [
        {
            "name": "Stripe-Signature",
            "in": "header",
            "required": True,
            "description": "t=<unix seconds>,v1=<HMAC-SHA256 of t.body with the webhook secret>",
            "schema": {"type": "string"},
        }
    ],
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id", "type"],
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "type": {"type": "string", "minLength": 1},
                    },
                    "description": "A Stripe event object",
                }
            }
        },
    },
}


@router.post(
    "/webhooks/stripe",
    summary="Stripe webhook endpoint (signed by Stripe)",
    openapi_extra=_SIGNED_EVENT,
    responses={
        400: {
            "description": "The signature is missing, wrong or too old, or the body "
            "is not a Stripe event"
        }
    },
)
async def stripe_webhook(
    request: Request,
    intake: WebhookIntakeDep,
    runtime: RuntimeDep,
    settings: SettingsDep,
    wakeup: WebhookWakeupDep,
    rejections: WebhookRejectionsDep,
) -> dict[str, Any]:
    raw = await read_body(request, settings.webhook_max_bytes)
    try:
        verify_signature(
            request.headers.get("stripe-signature"),
            raw,
            settings.webhook_secrets,
            now=time.time(),
            tolerance_seconds=settings.stripe_webhook_tolerance_seconds,
        )
    except SignatureError as exc:
        raise _reject(rejections, str(exc)) from exc
    event = _parse(raw, rejections)
    stored = await intake.store(runtime.sessionmaker, event)  # durably stored once this returns
    if stored:
        wakeup.set()
    return {"received": True, "duplicate": not stored}
