from enum import StrEnum


class PartnerReversalResponseStatus(StrEnum):
    FAILED = "failed"
    PENDING = "pending"
    REVERSED = "reversed"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
