from enum import StrEnum


class BusinessPatchPaymentNoticeType0(StrEnum):
    DAILY = "daily"
    EACH = "each"
    NEVER = "never"

    def __str__(self) -> str:
        return str(self.value)
