"""SMS rules without infrastructure: what each provider answer means, the settings SMS needs,
and the status callbacks' signature."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from closeout.notifications.adapters.sms import TwilioSmsChannel, refusal
from closeout.notifications.domain.outgoing import (
    DeliveryConfigurationError,
    OutgoingMessage,
    PermanentDeliveryError,
    RecipientRefusedError,
    TransientDeliveryError,
)
from closeout.notifications.domain.sms import moves_forward, signature_matches
from closeout.notifications.settings import NotificationsSettings
from support.sms_provider import ACCOUNT_SID, AUTH_TOKEN, SENDER, twilio_signature


@pytest.mark.parametrize(
    ("status", "code", "kind", "reason"),
    [
        (500, None, TransientDeliveryError, None),
        (503, 20500, TransientDeliveryError, None),
        (429, 20429, TransientDeliveryError, None),
        (400, 21211, RecipientRefusedError, "bounced"),
        (400, 21614, RecipientRefusedError, "bounced"),
        (400, 21610, RecipientRefusedError, "opted_out"),
        (401, 20003, DeliveryConfigurationError, None),
        (404, 20404, DeliveryConfigurationError, None),
        (400, 21606, DeliveryConfigurationError, None),
        (400, 21617, PermanentDeliveryError, None),  # body too long: this message only
    ],
)
def test_each_provider_answer_has_one_meaning(
    status: int, code: int | None, kind: type[Exception], reason: str | None
) -> None:
    error = refusal(status, {"code": code, "message": "m"})
    assert type(error) is kind
    if reason is not None:
        assert isinstance(error, RecipientRefusedError)
        assert error.reason == reason
    # Only a refused number suppresses; a transient error is never permanent.
    assert isinstance(error, RecipientRefusedError) == (reason is not None)


def sms_settings(**overrides: Any) -> NotificationsSettings:
    values: dict[str, Any] = {
        "sms_enabled": True,
        "sms_api_base": "http://127.0.0.1:9",
        "sms_account_sid": ACCOUNT_SID,
        "sms_auth_token": AUTH_TOKEN,
        "sms_from": SENDER,
    }
    values.update(overrides)
    return NotificationsSettings(**values)


async def test_a_timeout_is_transient() -> None:
    def time_out(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    channel = TwilioSmsChannel(sms_settings())
    await channel.close()
    channel._client = httpx.AsyncClient(transport=httpx.MockTransport(time_out))
    message = OutgoingMessage("n1", "sms", "+15550100199", "", "text", None, "<n1@closeout>")
    with pytest.raises(TransientDeliveryError) as caught:
        await channel.send(message)
    await channel.close()
    assert not isinstance(caught.value, PermanentDeliveryError)


def test_sms_is_off_by_default_and_needs_its_account_when_on() -> None:
    assert NotificationsSettings().sms_enabled is False
    with pytest.raises(ValidationError, match="NOTIFICATIONS_SMS_AUTH_TOKEN"):
        sms_settings(sms_auth_token="")
    with pytest.raises(ValidationError, match="NOTIFICATIONS_SMS_FROM"):
        sms_settings(sms_from=None)
    assert sms_settings().sms_api_base == "http://127.0.0.1:9"


def test_the_signature_is_twilios() -> None:
    url = "https://closeout.example/webhooks/sms/status?x=1"
    form = {"MessageSid": "SM1", "MessageStatus": "delivered", "AccountSid": ACCOUNT_SID}
    signed = twilio_signature(url, form, AUTH_TOKEN)
    assert signature_matches(signed, url, form.items(), AUTH_TOKEN)
    assert not signature_matches(
        signed, url, {**form, "MessageStatus": "failed"}.items(), AUTH_TOKEN
    )
    assert not signature_matches(signed, url + "&y=2", form.items(), AUTH_TOKEN)
    assert not signature_matches(signed, url, form.items(), "another-token")
    assert not signature_matches(None, url, form.items(), AUTH_TOKEN)


def test_a_delivery_state_never_moves_back() -> None:
    assert moves_forward(None, "queued")
    assert moves_forward("sent", "delivered")
    assert not moves_forward("delivered", "sent")
    assert not moves_forward("delivered", "delivered")
    assert not moves_forward(None, "something-new")
