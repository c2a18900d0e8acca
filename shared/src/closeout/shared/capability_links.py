"""Customer capability links (`/i/{token}`) that no database, outbox or topic holds in clear.

A link's token is derived from its id with a secret only invoicing and notifications hold
(`CLOSEOUT_LINK_SECRET`): HMAC-SHA256(secret, link id), 192 bits. Invoicing stores only the
token's SHA-256 (a page is looked up by the hash of the token presented). Events and stored
messages carry a *link reference* instead of the URL, `{base}/i/~{link_id}.{check}`: useless
without the secret (it opens nothing: the same 404 as any unknown link). Notifications turns
references into live URLs at the moment it sends a message, and never stores the result.

`check` is the first 8 hex digits of the token's SHA-256: a holder whose secret differs from
invoicing's finds out (LinkSecretMismatchError) instead of mailing links that open nothing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

# The value `make run` and the tests use; never valid where CLOSEOUT_ENV=production.
DEV_LINK_SECRET = "local-dev-link-secret-change-me"  # noqa: S105
TOKEN_BYTES = 24  # 192 bits, URL-safe base64: 32 characters
REFERENCE = re.compile(r"/i/~(?P<link_id>[A-Za-z0-9_-]{1,64})\.(?P<check>[0-9a-f]{8})")


class LinkSecretMismatchError(ValueError):
    """A link reference was made with another secret than ours: a configuration error."""


def link_token(secret: str, link_id: str) -> str:
    digest = hmac.new(secret.encode(), f"closeout-link:{link_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:TOKEN_BYTES]).decode().rstrip("=")


def token_hash(token: str) -> str:
    """What invoicing stores and looks a presented token up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(public_base_url: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/i/{token}"


def link_reference(public_base_url: str, link_id: str, token: str) -> str:
    return f"{public_base_url.rstrip('/')}/i/~{link_id}.{token_hash(token)[:8]}"


def resolve_references(text: str, secret: str) -> str:
    """`text` with every link reference replaced by its live URL (same base)."""

    def live(match: re.Match[str]) -> str:
        token = link_token(secret, match["link_id"])
        if token_hash(token)[:8] != match["check"]:
            raise LinkSecretMismatchError(
                "a customer link was made with another CLOSEOUT_LINK_SECRET than this service's"
            )
        return f"/i/{token}"

    return REFERENCE.sub(live, text)
