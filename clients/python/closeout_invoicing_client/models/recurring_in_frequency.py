from enum import StrEnum


class RecurringInFrequency(StrEnum):
    EVERY_N_DAYS = "every_n_days"
    MONTHLY = "monthly"
    RRULE = "rrule"
    WEEKLY = "weekly"

    def __str__(self) -> str:
        return str(self.value)
