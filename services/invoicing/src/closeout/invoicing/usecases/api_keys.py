"""A business's API keys: issue, list by prefix, revoke (what the dashboard's settings call).

The mechanism (hashed storage, the `apikey.*` events every service projects, authentication)
is shared (`closeout.shared.api_keys`); invoicing owns businesses, so these use cases check
the business and keep each business to its own keys (another business's key is not found).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.invoicing.usecases import business as businesses
from closeout.shared.api_keys import IssuedKey, issue_api_key, list_api_keys, revoke_api_key
from closeout.shared.contracts.api_keys import ApiKeyRecord
from closeout.shared.errors import InvalidInputError, NotFoundError

SOURCE = "closeout-invoicing"


async def issue_key(
    session: AsyncSession,
    business_id: str,
    scopes: list[str],
    *,
    expires_at: datetime | None = None,
    label: str = "",
) -> IssuedKey:
    """A new key for the business (`admin` and/or `integration`). The key itself is in the
    result only: show it once, it is never stored."""
    await businesses.load(session, business_id)
    try:
        return await issue_api_key(
            session,
            business_id=business_id,
            scopes=scopes,
            expires_at=expires_at,
            label=label,
            source=SOURCE,
        )
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from exc


async def list_keys(session: AsyncSession, business_id: str) -> list[ApiKeyRecord]:
    """The business's keys, revoked and expired ones too, oldest first (prefix, no secret)."""
    return await list_api_keys(session, business_id)


async def revoke_key(session: AsyncSession, business_id: str, key_id: str) -> ApiKeyRecord:
    """Revoke one of the business's keys; every service refuses it within seconds."""
    record = await revoke_api_key(session, key_id, source=SOURCE, business_id=business_id)
    if record is None:
        raise NotFoundError("API key not found")
    return record
