"""API key events: every service keeps the same table of issued keys from them."""

from datetime import datetime

from pydantic import Field

from closeout.shared.contracts.common import Contract


class ApiKeyRecord(Contract):
    """Payload of `apikey.issued` and `apikey.revoked`: the whole record, never the key.

    `key_hash` is the SHA-256 of the key (256 random bits, so the hash reveals nothing).
    Applying records is a merge: a revocation is never undone, whichever event comes first.
    """

    key_id: str = Field(max_length=64)
    business_id: str = Field(max_length=100, description="The business, or * for the platform")
    scopes: list[str] = Field(min_length=1)
    prefix: str = Field(max_length=80, description="What lists show: cok_<key id>")
    key_hash: str = Field(min_length=64, max_length=64)
    label: str = Field("", max_length=200)
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
