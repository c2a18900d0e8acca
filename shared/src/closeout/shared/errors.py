"""The refusals a use case raises, one hierarchy for every service.

Use cases and domain rules raise these; no route translates them. The shared app answers each
kind with one HTTP status (`closeout.shared.web.errors`), and the message is what the caller
reads, so it must be safe to show.
"""


class DomainError(Exception):
    """A request the rules refuse (never a bug, never an outage)."""


class BadRequestError(DomainError):
    """The request is malformed in a way a schema cannot say (a missing header, a bad signature)."""


class NotFoundError(DomainError):
    """Nothing by that id in the caller's business (another business's data is not found too)."""


class ConflictError(DomainError):
    """Not possible in the current state (a paid invoice voided, a key reused with other values)."""


class InvalidInputError(DomainError):
    """Well-formed but refused by a rule (an amount over the balance, a currency mismatch)."""


class ContentTooLargeError(DomainError):
    """More than a limit allows (too many line items, a too large event)."""


class UpstreamError(DomainError):
    """A provider Closeout depends on (Stripe) refused or failed; the request may be retried."""
