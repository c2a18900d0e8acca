"""A message on its way out, the port a channel implements, and how a send can fail.

A channel raises `TransientDeliveryError` when trying again later may work (server down, 4xx),
`DeliveryConfigurationError` (a transient error) when our own settings are wrong (login refused,
TLS refused or unverifiable) and `PermanentDeliveryError` when this message never will go: a 5xx
to the message itself (e.g. 552 too large or 554 refused as spam at the DATA stage) or a message
that cannot be built. Only `RecipientRefusedError` (a 5xx to RCPT TO: no such mailbox) says the
address is bad, so only it suppresses the address. SMS follows the same rules: a 429, a 5xx or
a timeout is transient, a refusal of the number (e.g. Twilio 21211 invalid number, 21610
unsubscribed) is a `RecipientRefusedError` (see `adapters.sms`).

`Channel.send` returns the provider's id of the accepted message when the provider gives one
(an SMS `sid`), which the delivery records so that a retry never sends it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

# `last_error` of a message not sent because its recipient is on the suppression list.
SUPPRESSED = "recipient is on the suppression list"


class TransientDeliveryError(Exception):
    pass


class PermanentDeliveryError(Exception):
    """This message will never go; the recipient may still receive others."""


class RecipientRefusedError(PermanentDeliveryError):
    """The server refused the address itself (a 5xx to RCPT TO, an invalid or unsubscribed
    phone number): the address is suppressed, with `reason` (a suppression reason)."""

    def __init__(self, detail: str, *, reason: str = "bounced") -> None:
        super().__init__(detail)
        self.reason = reason


class DeliveryConfigurationError(TransientDeliveryError):
    """The channel is misconfigured, not the message: nothing goes until an operator fixes it.

    Retried with backoff like an outage, and never blamed on (or suppresses) the recipient.
    """


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class OutgoingMessage:
    notification_id: str
    channel: str
    recipient: str
    subject: str
    text: str
    html: str | None
    message_id: str
    sender_name: str | None = None
    reply_to: str | None = None
    invoice_id: str | None = None
    attachment: str | None = None  # a document of the invoice to attach (domain.attachments)


class Channel(Protocol):
    name: str

    async def send(self, message: OutgoingMessage) -> str | None:
        """Hand the message over; the provider's id of it, if the provider gives one."""
        ...

    async def close(self) -> None: ...


def message_id_for(notification_id: str) -> str:
    """Stable per notification: a resend after a crash carries the same Message-ID."""
    return f"<{notification_id}@closeout>"
