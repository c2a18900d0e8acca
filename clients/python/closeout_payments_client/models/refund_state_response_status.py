from enum import StrEnum


class RefundStateResponseStatus(StrEnum):
    FAILED = "failed"
    REFUNDED = "refunded"
    REQUESTED = "requested"

    def __str__(self) -> str:
        return str(self.value)
