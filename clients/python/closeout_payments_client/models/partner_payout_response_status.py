from enum import StrEnum


class PartnerPayoutResponseStatus(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    HELD = "held"
    PAID = "paid"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
