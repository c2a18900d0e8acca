"""SMS through a provider speaking Twilio's Messages API, over HTTPS with httpx.

`POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json` with the form fields `To`, `From`
(or `MessagingServiceSid`), `Body` and `StatusCallback`, HTTP Basic auth with the account SID
and auth token; the answer is JSON with the message's `sid` and `status`.

Failures are classified like SMTP's (`domain.outgoing`): a timeout, a connection failure, a 429
or a 5xx is transient; a refusal of the number (`domain.sms.REFUSED_NUMBER_CODES`) suppresses
it; a refusal of our credentials or sender is a configuration error; any other 4xx refuses this
message only.
"""

from __future__ import annotations

from typing import Any

import httpx

from closeout.notifications.domain.outgoing import (
    DeliveryConfigurationError,
    OutgoingMessage,
    PermanentDeliveryError,
    RecipientRefusedError,
    TransientDeliveryError,
)
from closeout.notifications.domain.sms import CONFIGURATION_CODES, REFUSED_NUMBER_CODES
from closeout.notifications.settings import NotificationsSettings


class TwilioSmsChannel:
    name = "sms"

    def __init__(self, settings: NotificationsSettings) -> None:
        if not (settings.sms_account_sid and settings.sms_auth_token and settings.sms_from):
            raise ValueError("the SMS channel needs an account SID, an auth token and a sender")
        self.account_sid = settings.sms_account_sid
        self.sender = settings.sms_from
        self.callback_url = settings.sms_status_callback_url
        base = settings.sms_api_base.rstrip("/")
        self.url = f"{base}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        self._client = httpx.AsyncClient(
            auth=(self.account_sid, settings.sms_auth_token),
            timeout=settings.sms_timeout_seconds,
        )

    def _form(self, message: OutgoingMessage) -> dict[str, str]:
        form = {"To": message.recipient, "Body": message.text}
        if self.sender.startswith("MG"):
            form["MessagingServiceSid"] = self.sender
        else:
            form["From"] = self.sender
        if self.callback_url:
            form["StatusCallback"] = self.callback_url
        return form

    async def send(self, message: OutgoingMessage) -> str:
        """The provider's `sid` of the accepted message."""
        try:
            response = await self._client.post(self.url, data=self._form(message))
        except httpx.HTTPError as exc:  # timeouts, refused or dropped connections
            raise TransientDeliveryError(f"SMS provider unreachable: {exc!r}") from exc
        if response.is_success:
            sid = _json(response).get("sid")
            if not isinstance(sid, str) or not sid:
                # It probably went: sending again could deliver it twice.
                raise PermanentDeliveryError(
                    f"SMS provider answered {response.status_code} without a message sid"
                )
            return sid
        raise refusal(response.status_code, _json(response))

    async def close(self) -> None:
        await self._client.aclose()


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def refusal(status: int, body: dict[str, Any]) -> TransientDeliveryError | PermanentDeliveryError:
    """What an unsuccessful answer means (Twilio's error body: `code`, `message`)."""
    code = body.get("code")
    detail = f"SMS provider answered {status}" + (
        f" (error {code}: {body.get('message', '')})" if code is not None else ""
    )
    if status == 429 or status >= 500:
        return TransientDeliveryError(detail)
    if isinstance(code, int) and code in REFUSED_NUMBER_CODES:
        return RecipientRefusedError(detail, reason=REFUSED_NUMBER_CODES[code])
    if status in (401, 403, 404) or code in CONFIGURATION_CODES:
        return DeliveryConfigurationError(detail)
    return PermanentDeliveryError(detail)
