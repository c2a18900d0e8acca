from enum import StrEnum


class PendingReviewOutCause(StrEnum):
    JOB_CANCELLED = "job_cancelled"
    JOB_CHANGED = "job_changed"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
