from enum import StrEnum


class PaymentLogV1PaymentLogGetCategoryType0(StrEnum):
    CLAIMS = "claims"
    DISPUTES = "disputes"
    FAILED = "failed"
    PAYMENTS = "payments"
    REFUNDS = "refunds"

    def __str__(self) -> str:
        return str(self.value)
