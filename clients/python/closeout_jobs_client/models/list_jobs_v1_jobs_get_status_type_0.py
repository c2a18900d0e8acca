from enum import StrEnum


class ListJobsV1JobsGetStatusType0(StrEnum):
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
