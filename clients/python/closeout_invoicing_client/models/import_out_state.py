from enum import StrEnum


class ImportOutState(StrEnum):
    COMMITTED = "committed"
    COMMITTING = "committing"
    INVALID = "invalid"
    SENDING = "sending"
    SENT = "sent"
    VALIDATED = "validated"
    VALIDATING = "validating"

    def __str__(self) -> str:
        return str(self.value)
