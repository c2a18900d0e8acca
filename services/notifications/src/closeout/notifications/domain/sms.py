"""SMS rules, no I/O: the number a message goes to, what a provider's error code means, how a
status callback is signed, and which delivery state a callback may move a message to.

The provider speaks Twilio's Messages API; the codes are Twilio's
(https://www.twilio.com/docs/api/errors).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable

# Refusals of the number itself: the number is suppressed like an address whose mailbox does
# not exist, with this suppression reason. Both when the API refuses the send (21211, 21610,
# 21614) and when a status callback reports the delivery failed for it (30005, 30006).
REFUSED_NUMBER_CODES: dict[int, str] = {
    21211: "bounced",  # invalid 'To' phone number
    21214: "bounced",  # 'To' phone number cannot be reached
    21614: "bounced",  # 'To' number is not a valid mobile number
    21610: "opted_out",  # the recipient replied STOP
    30005: "bounced",  # unknown destination handset
    30006: "bounced",  # landline or unreachable carrier
}
# Our own settings are wrong, not the message: retried like an outage, never blamed on the
# recipient (see domain.outgoing.DeliveryConfigurationError).
CONFIGURATION_CODES = frozenset(
    {
        20003,  # authentication failed
        20404,  # account (or resource) not found
        21212,  # invalid 'From' number
        21603,  # 'From' or MessagingServiceSid required
        21606,  # 'From' number is not a valid, SMS-capable number of the account
        21608,  # trial account: the 'To' number is unverified
        21659,  # 'From' is not a number of the account
    }
)

# How far along a message is; a callback never moves it back (they may arrive out of order).
_PROGRESS: dict[str, int] = {
    "accepted": 1,
    "scheduled": 1,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
    "canceled": 4,
    "read": 5,
}
DELIVERY_STATUSES = frozenset(_PROGRESS)
FAILED_DELIVERY_STATUSES = frozenset({"undelivered", "failed"})

_DIALLING_NOISE = re.compile(r"[\s().\-/]")
_NUMBER = re.compile(r"^\+?[0-9]{6,15}$")


def sms_number(phone: str | None) -> str | None:
    """The number as the provider takes it (`+15550199` from `+1 (555) 0199`), or None if it
    is not a phone number at all."""
    if not phone:
        return None
    number = _DIALLING_NOISE.sub("", phone)
    return number if _NUMBER.match(number) else None


def listed_as(address: str) -> str:
    """How an address or number is kept on the suppression list: an email address as it is
    (the repository lower-cases it), a phone number as messages are addressed to it."""
    if "@" in address:
        return address
    return sms_number(address) or address


def moves_forward(current: str | None, reported: str) -> bool:
    """Whether a callback reporting `reported` changes a message now in `current`: only a
    later state does (the same state again, or an earlier one arriving late, does not)."""
    if reported not in _PROGRESS:
        return False
    return current is None or _PROGRESS[reported] > _PROGRESS.get(current, 0)


def request_signature(url: str, params: Iterable[tuple[str, str]], auth_token: str) -> str:
    """Twilio's `X-Twilio-Signature`: HMAC-SHA1 (keyed with the auth token) of the full URL
    followed by each POST parameter's name and value, sorted by name; base64."""
    payload = url + "".join(name + value for name, value in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signature_matches(
    signature: str | None, url: str, params: Iterable[tuple[str, str]], auth_token: str
) -> bool:
    if not signature:
        return False
    expected = request_signature(url, params, auth_token)
    return hmac.compare_digest(expected.encode(), signature.encode())
