from enum import StrEnum


class ListWebhookEventsV1OpsWebhookEventsGetStatusType0(StrEnum):
    DONE = "done"
    FAILED = "failed"
    IGNORED = "ignored"
    PENDING = "pending"
    REJECTED = "rejected"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
