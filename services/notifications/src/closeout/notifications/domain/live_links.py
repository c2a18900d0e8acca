"""Customer links go into a message only as it is sent.

Stored messages (and the invoice contexts) hold link references, never a live link (see
`closeout.shared.capability_links`): the live URL is made from the reference with the link
secret right before the channel sends, and is not written anywhere.
"""

from __future__ import annotations

from dataclasses import replace

from closeout.notifications.domain.outgoing import DeliveryConfigurationError, OutgoingMessage
from closeout.shared.capability_links import LinkSecretMismatchError, resolve_references


def with_live_links(message: OutgoingMessage, secret: str) -> OutgoingMessage:
    try:
        return replace(
            message,
            text=resolve_references(message.text, secret),
            html=resolve_references(message.html, secret) if message.html else message.html,
        )
    except LinkSecretMismatchError as exc:  # an operator must align CLOSEOUT_LINK_SECRET
        raise DeliveryConfigurationError(str(exc)) from exc
