from enum import StrEnum


class SuppressionInReason(StrEnum):
    BOUNCED = "bounced"
    COMPLAINED = "complained"
    MANUAL = "manual"
    OPTED_OUT = "opted_out"

    def __str__(self) -> str:
        return str(self.value)
