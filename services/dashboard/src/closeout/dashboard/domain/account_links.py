"""Invitations and password resets: one-use, expiring capability links to the dashboard.

A link's token is derived from its id with CLOSEOUT_LINK_SECRET (as customer links are, see
`closeout.shared.capability_links`); the dashboard stores only the token's SHA-256, and the
event that asks notifications to mail it carries a reference only that secret opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from closeout.shared.capability_links import link_reference, link_token, link_url, token_hash

LinkKind = Literal["invitation", "password_reset"]
UNUSABLE = "This link has expired or was already used. Ask for a new one."


@dataclass(frozen=True)
class MintedLink:
    link_id: str
    token_hash: str
    reference: str
    """What the event carries: `{public_url}/i/~{link_id}.{check}`."""


def mint(public_url: str, secret: str, link_id: str) -> MintedLink:
    token = link_token(secret, link_id)
    return MintedLink(link_id, token_hash(token), link_reference(public_url, link_id, token))


def live_url(public_url: str, secret: str, link_id: str) -> str:
    """The URL a person opens (never stored; for tests and the CLI)."""
    return link_url(public_url, link_token(secret, link_id))


def usable(
    expires_at: datetime, used_at: datetime | None, revoked_at: datetime | None, now: datetime
) -> bool:
    return used_at is None and revoked_at is None and now < expires_at
