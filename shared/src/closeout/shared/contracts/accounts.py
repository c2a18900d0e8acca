"""Account events, published by the dashboard: mail a person a link to their account."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from closeout.shared.contracts.common import Contract, DisplayName

AccountRole = Literal["owner", "staff", "viewer"]


class AccountEmail(Contract):
    """A one-use, expiring link for a person to open: an invitation to join a business, or a
    password reset. `link` is a capability-link reference (`closeout.shared.capability_links`):
    only a holder of `CLOSEOUT_LINK_SECRET` turns it into the live URL, at the moment of sending.
    """

    link_id: str = Field(min_length=1, max_length=64)
    recipient: str = Field(min_length=3, max_length=320)
    link: str = Field(min_length=1, max_length=2000)
    expires_at: datetime
    business_name: DisplayName | None = Field(None, max_length=200)
    invited_by: str | None = Field(None, max_length=320)
    role: AccountRole | None = None
