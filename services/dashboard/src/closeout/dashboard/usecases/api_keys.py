"""The business's API keys, issued and revoked by its owner from the dashboard.

Keys are written to the dashboard's own `api_keys` table and published (`apikey.issued` /
`apikey.revoked`) in the same transaction; every service projects those events into its own
table, so a new key works everywhere, and a revoked one is refused everywhere, about a second
later. Only a key's prefix is ever shown again."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.storage import repository as repo
from closeout.dashboard.storage.records import User
from closeout.shared.api_keys import IssuedKey, issue_api_key, list_api_keys, revoke_api_key
from closeout.shared.contracts.api_keys import ApiKeyRecord
from closeout.shared.errors import InvalidInputError, NotFoundError

KEY_SCOPES = {
    "admin": "Admin (everything the API offers)",
    "integration": "Integration (report jobs)",
}
SOURCE = "closeout-dashboard"


async def keys_of(session: AsyncSession, business_id: str) -> list[ApiKeyRecord]:
    return list(reversed(await list_api_keys(session, business_id)))


async def issue(session: AsyncSession, owner: User, *, label: str, scope: str) -> IssuedKey:
    label = label.strip()
    if not label or len(label) > 200:
        raise InvalidInputError("give the key a name of at most 200 characters")
    if scope not in KEY_SCOPES:
        raise InvalidInputError("choose what the key may do: admin or integration")
    issued = await issue_api_key(
        session, business_id=owner.business_id, scopes=[scope], source=SOURCE, label=label
    )
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="api-key.issued",
        target=issued.record.prefix,
        detail={"label": label, "scopes": issued.record.scopes},
    )
    return issued


async def revoke(session: AsyncSession, owner: User, key_id: str) -> ApiKeyRecord:
    record = await revoke_api_key(session, key_id, source=SOURCE, business_id=owner.business_id)
    if record is None:
        raise NotFoundError("no such key in your business")
    await repo.audit(
        session,
        business_id=owner.business_id,
        user_id=owner.user_id,
        action="api-key.revoked",
        target=record.prefix,
        detail={"label": record.label},
    )
    return record
