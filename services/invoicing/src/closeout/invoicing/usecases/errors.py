"""Errors the use cases raise; the API maps them to 4xx answers."""

from closeout.invoicing.domain.status import InvalidTransitionError


class NotFoundError(LookupError):
    pass


class InvalidInputError(ValueError):
    pass


__all__ = ["InvalidInputError", "InvalidTransitionError", "NotFoundError"]
