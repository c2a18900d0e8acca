from enum import StrEnum


class BillingStatus(StrEnum):
    DISPUTED = "disputed"
    INVOICED = "invoiced"
    OVERDUE = "overdue"
    PAID = "paid"
    PARTIALLY_PAID = "partially_paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    SENT = "sent"
    UNBILLED = "unbilled"
    UNCOLLECTIBLE = "uncollectible"
    VIEWED = "viewed"
    VOID = "void"

    def __str__(self) -> str:
        return str(self.value)
