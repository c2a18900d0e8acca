from enum import StrEnum


class PaymentLogV1PaymentLogGetMethodType0(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    CASH = "cash"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
