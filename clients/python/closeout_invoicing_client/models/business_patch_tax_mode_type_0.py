from enum import StrEnum


class BusinessPatchTaxModeType0(StrEnum):
    EXCLUSIVE = "exclusive"
    INCLUSIVE = "inclusive"

    def __str__(self) -> str:
        return str(self.value)
