"""Businesses and their billing settings."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.domain.zones import is_known_zone
from closeout.invoicing.storage import repository as repo
from closeout.invoicing.storage.records import Business
from closeout.invoicing.usecases.schedule import reschedule_business
from closeout.shared.errors import InvalidInputError, NotFoundError

DEMO_BUSINESS: dict[str, object] = {
    "name": "Demo Plumbing Co",
    "email": "accounts@demo.example",
    "phone": "+61 2 5550 1234",
    "address": "1 Demo Street, Sydney NSW 2000",
    "brand_color": "#0b5fff",
    "default_currency": "AUD",
    "tax_mode": "exclusive",
    "payment_terms_days": 14,
    "auto_send": True,
    "bank_transfer_instructions": (
        "Bank transfer to Demo Plumbing Co, BSB 062-000, account 1234 5678. "
        "Use the invoice number as the reference."
    ),
    "admin_email": "admin@demo.example",
    "timezone": "Australia/Sydney",
}


# Settings every business has a value for: they can be changed, never cleared.
REQUIRED_SETTINGS = frozenset(
    {"name", "payment_terms_days", "tax_mode", "default_currency", "number_prefix", "auto_send",
     "link_expiry_days", "timezone", "attach_pdfs", "payment_notice"}
)  # fmt: skip


class UnknownBusinessError(NotFoundError):
    """A job names a business invoicing does not know. Ingress never creates businesses: an
    admin does (`PATCH /v1/business`), then the dead-lettered job.completed is replayed."""

    def __init__(self, business_id: str) -> None:
        super().__init__(
            f"business {business_id!r} is unknown: a job never creates a business; create it "
            "(PATCH /v1/business with its admin key), then replay job.completed.dlq"
        )


async def seed_demo(session: AsyncSession, business_id: str) -> bool:
    """Create the demo business unless it exists; True if created (left unchanged if not)."""
    return await repo.ensure_business(session, business_id, **DEMO_BUSINESS)


async def for_billing(session: AsyncSession, business_id: str) -> Business:
    business = await repo.get_business(session, business_id)
    if business is None:
        raise UnknownBusinessError(business_id)
    return business


async def load(session: AsyncSession, business_id: str) -> Business:
    business = await repo.get_business(session, business_id)
    if business is None:
        raise NotFoundError("business not found")
    return business


async def update_settings(
    session: AsyncSession, business_id: str, changes: dict[str, object]
) -> Business:
    """Settings of a business not yet known are created from defaults first (onboarding). A
    new time zone reschedules the business's open invoices in the same transaction."""
    if cleared := sorted(k for k in REQUIRED_SETTINGS if k in changes and changes[k] is None):
        raise InvalidInputError(f"these settings cannot be cleared: {cleared}")
    if "timezone" in changes:
        _check_timezone(str(changes["timezone"]))
    await repo.ensure_business(session, business_id, name=business_id)
    before = await load(session, business_id)
    if changes:
        await repo.update_business(session, business_id, **changes)
    business = await load(session, business_id)
    if business.timezone != before.timezone:
        await reschedule_business(session, business)
    return business


def _check_timezone(name: str) -> None:
    if not is_known_zone(name):
        raise InvalidInputError(f"unknown time zone {name!r}")
