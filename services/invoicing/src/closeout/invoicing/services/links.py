"""Capability links to the customer page: random tokens, stored only as hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice, Link
from closeout.shared.ids import capability_token, new_id, utcnow

TOKEN_BITS = 192


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewLink:
    link_id: str
    token: str

    def url(self, public_base_url: str) -> str:
        return f"{public_base_url.rstrip('/')}/i/{self.token}"


async def create_link(
    session: AsyncSession, invoice: Invoice, business: Business, purpose: str
) -> NewLink:
    """A fresh link; the raw token leaves only inside the event or answer that needs it."""
    token = capability_token(TOKEN_BITS)
    link = NewLink(link_id=new_id(), token=token)
    await repo.insert_link(
        session,
        link_id=link.link_id,
        invoice_id=invoice.invoice_id,
        token_hash=hash_token(token),
        purpose=purpose,
        expires_at=utcnow() + timedelta(days=business.link_expiry_days),
    )
    return link


async def resolve(session: AsyncSession, token: str) -> Link | None:
    """The live link for `token`; None for unknown, revoked or expired alike."""
    if not token or len(token) > 200:
        return None
    link = await repo.find_link(session, hash_token(token))
    if link is None or link.revoked_at is not None or link.expires_at <= utcnow():
        return None
    return link
