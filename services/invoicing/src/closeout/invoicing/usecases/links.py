"""Capability links to the customer page: tokens derived from the link id with the link
secret (`closeout.shared.capability_links`), stored only as hashes, published only as
references (the raw token leaves only in an admin's API answer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.links import LinkPage, link_page
from closeout.invoicing.settings import InvoicingSettings
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business, Invoice, Link
from closeout.shared.capability_links import link_reference, link_token, link_url, token_hash
from closeout.shared.ids import new_id, utcnow


def hash_token(token: str) -> str:
    return token_hash(token)


@dataclass(frozen=True)
class Linker:
    """Where links point and the secret their tokens are derived with."""

    public_base_url: str
    secret: str

    @classmethod
    def of(cls, settings: InvoicingSettings) -> Linker:
        return cls(settings.public_base_url, settings.link_secret)


@dataclass(frozen=True)
class NewLink:
    link_id: str
    url: str  # the live link: for the admin's answer, never stored or published
    reference: str  # what events carry (see closeout.shared.capability_links)


async def create_link(
    session: AsyncSession, invoice: Invoice, business: Business, purpose: str, linker: Linker
) -> NewLink:
    link_id = new_id()
    token = link_token(linker.secret, link_id)
    await repo.insert_link(
        session,
        link_id=link_id,
        invoice_id=invoice.invoice_id,
        token_hash=token_hash(token),
        purpose=purpose,
        expires_at=utcnow() + timedelta(days=business.link_expiry_days),
    )
    return NewLink(
        link_id=link_id,
        url=link_url(linker.public_base_url, token),
        reference=link_reference(linker.public_base_url, link_id, token),
    )


async def resolve(session: AsyncSession, token: str) -> Link | None:
    """The live link for `token`; None for unknown, revoked or expired alike."""
    if not token or len(token) > 200:
        return None
    link = await repo.find_link(session, hash_token(token))
    if link is None or link.revoked_at is not None or link.expires_at <= utcnow():
        return None
    return link


@dataclass(frozen=True)
class OpenedLink:
    link: Link
    invoice: Invoice
    page: LinkPage  # "invoice" or "paid": a link that shows nothing is not opened


async def open_link(session: AsyncSession, token: str, paid_days: int) -> OpenedLink | None:
    """The link and its invoice, unless the token is unknown, revoked or expired, or the
    invoice's state disables the link (void; paid longer than `paid_days` ago)."""
    link = await resolve(session, token)
    if link is None:
        return None
    invoice = await repo.get_invoice(session, link.invoice_id)
    assert invoice is not None
    page = link_page(invoice.status, invoice.paid_at or invoice.updated_at, utcnow(), paid_days)
    return None if page == "gone" else OpenedLink(link, invoice, page)
