"""Readable numbers: invoices `INV-2026-000123`, one gap-free sequence per business and year;
receipts `RCT-000042`, one gap-free sequence per business; credit notes `INV-CN-0001` (the
business's invoice prefix), one gap-free sequence per business."""


def format_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:06d}"


def format_receipt_number(sequence: int) -> str:
    return f"RCT-{sequence:06d}"


def format_credit_note_number(prefix: str, sequence: int) -> str:
    return f"{prefix}-CN-{sequence:04d}"
