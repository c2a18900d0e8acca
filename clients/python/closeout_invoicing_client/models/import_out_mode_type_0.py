from enum import StrEnum


class ImportOutModeType0(StrEnum):
    ALL = "all"
    VALID = "valid"

    def __str__(self) -> str:
        return str(self.value)
