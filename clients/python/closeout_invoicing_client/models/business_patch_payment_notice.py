from enum import StrEnum


class BusinessPatchPaymentNotice(StrEnum):
    DAILY = "daily"
    EACH = "each"
    NEVER = "never"

    def __str__(self) -> str:
        return str(self.value)
