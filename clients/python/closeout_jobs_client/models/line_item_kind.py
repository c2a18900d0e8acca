from enum import StrEnum


class LineItemKind(StrEnum):
    FEE = "fee"
    LABOUR = "labour"
    MATERIALS = "materials"
    OTHER = "other"

    def __str__(self) -> str:
        return str(self.value)
