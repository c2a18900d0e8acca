from enum import StrEnum


class JobOutStatus(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
