"""Readable invoice numbers: `INV-2026-000123`, one gap-free sequence per business and year."""


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"
