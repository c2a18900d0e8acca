from enum import StrEnum


class BusinessOutPaymentNotice(StrEnum):
    DAILY = "daily"
    EACH = "each"
    NEVER = "never"

    def __str__(self) -> str:
        return str(self.value)
