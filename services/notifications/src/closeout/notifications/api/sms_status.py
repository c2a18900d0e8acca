"""`POST /webhooks/sms/status`: the SMS provider's delivery status callbacks (Twilio's shape).

Form-encoded `MessageSid`, `MessageStatus` and `ErrorCode`, signed with `X-Twilio-Signature`
(`domain.sms.request_signature`) over `NOTIFICATIONS_SMS_STATUS_CALLBACK_URL` (or, unset, the
URL the request arrived at). A bad signature is a 403; a message we do not know is answered
200 and ignored, so the provider does not retry it.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request, status

from closeout.notifications.api.deps import SettingsDep
from closeout.notifications.domain.sms import DELIVERY_STATUSES, signature_matches
from closeout.notifications.usecases.sms_status import StatusReport, record_status
from closeout.shared.errors import BadRequestError
from closeout.shared.web.deps import SessionDep
from closeout.shared.web.limits import read_body
from closeout.shared.web.problem_docs import problem_responses

log = logging.getLogger(__name__)

router = APIRouter(tags=["sms"], responses=problem_responses(400, 403))

MAX_CALLBACK_BYTES = 16 * 1024


@router.post("/webhooks/sms/status", summary="SMS delivery status callback (signed by Twilio)")
async def sms_status_callback(
    request: Request, session: SessionDep, settings: SettingsDep
) -> dict[str, bool]:
    raw = await read_body(request, MAX_CALLBACK_BYTES)
    try:
        params = parse_qsl(raw.decode(), keep_blank_values=True, strict_parsing=bool(raw))
    except (UnicodeDecodeError, ValueError):
        raise BadRequestError("body is not a form") from None
    url = settings.sms_status_callback_url or str(request.url)
    token = settings.sms_auth_token
    signature = request.headers.get("x-twilio-signature")
    if token is None or not signature_matches(signature, url, params, token):
        log.warning("SMS status callback with a missing or wrong signature refused")
        raise HTTPException(status.HTTP_403_FORBIDDEN, "invalid signature")
    form = dict(params)
    sid, reported = form.get("MessageSid", ""), form.get("MessageStatus", "")
    if not sid or reported not in DELIVERY_STATUSES or "\x00" in sid:
        raise BadRequestError("MessageSid and a known MessageStatus are required")
    error_code = form.get("ErrorCode", "")
    report = StatusReport(sid[:100], reported, error_code[:10] if error_code.isdigit() else None)
    async with session.begin():
        changed = await record_status(session, report)
    return {"received": True, "changed": changed}
