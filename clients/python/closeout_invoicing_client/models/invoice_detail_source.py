from enum import StrEnum


class InvoiceDetailSource(StrEnum):
    IMPORT = "import"
    JOB = "job"
    MANUAL = "manual"
    RECURRING = "recurring"

    def __str__(self) -> str:
        return str(self.value)
