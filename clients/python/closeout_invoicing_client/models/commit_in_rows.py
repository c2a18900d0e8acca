from enum import StrEnum


class CommitInRows(StrEnum):
    ALL = "all"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)
