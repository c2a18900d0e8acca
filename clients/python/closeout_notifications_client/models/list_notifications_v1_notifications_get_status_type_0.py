from enum import StrEnum


class ListNotificationsV1NotificationsGetStatusType0(StrEnum):
    FAILED = "failed"
    PENDING = "pending"
    SENT = "sent"
    SUPPRESSED = "suppressed"

    def __str__(self) -> str:
        return str(self.value)
