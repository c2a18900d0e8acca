"""Invoice, receipt and credit note PDFs: pure layout, no I/O beyond the bundled fonts.

The same records give the same bytes: the PDF's creation date is the document's own date
(issue date, payment date), never the time of rendering. Branding is what the business
settings hold: its name set as a text logo in the brand colour (remote logos are not fetched
at render time). Amounts use `closeout.shared.money`, dates the business's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from closeout.invoicing.domain.zones import zone_named
from closeout.invoicing.storage.records import Business, CreditNoteRecord, Invoice
from closeout.shared.money import Money

FONTS = Path(__file__).resolve().parent / "fonts"  # DejaVu Sans (see LICENSE-DejaVu.txt)
DEFAULT_COLOR = "#1f2937"
MUTED = (107, 114, 128)
INK = (17, 24, 39)
PAID_GREEN = (21, 128, 61)
VOID_RED = (185, 28, 28)
LINES = MethodReturnValue.LINES
FIXED_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # for a document with no date of its own


@dataclass(frozen=True)
class ReceiptFacts:
    """What a receipt states: one confirmed payment and the balance it left."""

    receipt_number: str
    amount: int
    currency: str
    method: str
    reference: str | None
    paid_at: datetime
    balance_after: int


def invoice_filename(invoice: Invoice) -> str:
    return f"{invoice.number or invoice.invoice_id}.pdf"


def receipt_filename(receipt: ReceiptFacts) -> str:
    return f"{receipt.receipt_number}.pdf"


def render_invoice(business: Business, invoice: Invoice) -> bytes:
    doc = _Document(business, created=invoice.issued_at or FIXED_EPOCH)
    doc.pdf.footer_text = f"Invoice {invoice.number or ''}"
    doc.pdf.set_title(f"Invoice {invoice.number} from {business.name}")
    doc.letterhead("INVOICE", invoice.number or "DRAFT")
    money = _money(invoice.currency)
    facts = [("Issued", doc.day(invoice.issued_at))]
    if invoice.due_date is not None:
        facts.append(("Due", _day(invoice.due_date)))
    facts.append(("Status", _status_label(invoice)))
    doc.parties(_billed_to(invoice), facts)
    if invoice.job_title or invoice.site_address:
        work = invoice.job_title or "Work completed"
        where = f" at {invoice.site_address}" if invoice.site_address else ""
        doc.paragraph(f"For: {work}{where}")
    doc.lines_table(invoice, money)
    totals = [
        ("Subtotal", money(invoice.subtotal)),
        (_tax_label(invoice), money(invoice.tax_total)),
        ("Total", money(invoice.total)),
    ]
    if invoice.amount_paid:
        totals.append(("Paid", money(invoice.amount_paid)))
    if invoice.amount_refunded:
        totals.append(("Refunded", money(invoice.amount_refunded)))
    totals.append(("Amount due", money(invoice.amount_due)))
    doc.totals(totals, bold={"Total", "Amount due"})
    doc.stamp(invoice)
    if invoice.notes:
        doc.section("Notes", invoice.notes)
    if business.bank_transfer_instructions and invoice.status not in ("paid", "void"):
        doc.section(
            "How to pay",
            f"{business.bank_transfer_instructions}\nReference: {invoice.number}",
        )
    return doc.output()


def render_receipt(business: Business, invoice: Invoice, receipt: ReceiptFacts) -> bytes:
    doc = _Document(business, created=receipt.paid_at)
    doc.pdf.footer_text = f"Receipt {receipt.receipt_number}"
    doc.pdf.set_title(f"Receipt {receipt.receipt_number} from {business.name}")
    doc.letterhead("RECEIPT", receipt.receipt_number)
    money = _money(receipt.currency)
    paid_on = doc.day(receipt.paid_at)
    method = _method_label(receipt.method)
    doc.parties(
        _billed_to(invoice),
        [("Invoice", invoice.number or ""), ("Paid on", paid_on), ("Method", method)],
    )
    sentence = f"Receipt for payment of {invoice.number}, paid by {method} on {paid_on}"
    if receipt.reference:
        sentence += f", reference {receipt.reference}"
    doc.paragraph(sentence + ".")
    doc.totals(
        [
            ("Invoice total", money(invoice.total)),
            ("Amount received", money(receipt.amount)),
            ("Remaining balance", money(receipt.balance_after)),
        ],
        bold={"Amount received"},
    )
    doc.paragraph(f"Thank you for your payment to {business.name}.")
    return doc.output()


def credit_note_filename(note: CreditNoteRecord) -> str:
    return f"{note.number}.pdf"


def render_credit_note(business: Business, invoice: Invoice, note: CreditNoteRecord) -> bytes:
    doc = _Document(business, created=note.created_at)
    doc.pdf.footer_text = f"Credit note {note.number}"
    doc.pdf.set_title(f"Credit note {note.number} from {business.name}")
    doc.letterhead("CREDIT NOTE", note.number)
    money = _money(note.currency)
    issued_on = doc.day(note.created_at)
    doc.parties(_billed_to(invoice), [("Invoice", invoice.number or ""), ("Date", issued_on)])
    doc.paragraph(
        f"Credit note for invoice {invoice.number}, issued on {issued_on}. Reason: {note.reason}"
    )
    if note.lines:
        listed = "\n".join(f"{line['description']}: {money(line['amount'])}" for line in note.lines)
        doc.section("Credited", listed)
    doc.totals(
        [("Invoice total", money(invoice.total)), ("Amount credited", money(note.amount))],
        bold={"Amount credited"},
    )
    return doc.output()


class _Document:
    """One A4 page (more if the lines need them) in the business's colours."""

    def __init__(self, business: Business, *, created: datetime) -> None:
        self.business = business
        self.zone = zone_named(business.timezone)
        self.color = _rgb(business.brand_color or DEFAULT_COLOR)
        pdf = _Pages(unit="mm", format="A4")
        pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        pdf.set_creation_date(created.astimezone(UTC))
        pdf.set_creator("Closeout")
        pdf.set_author(business.name)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(18, 16, 18)
        pdf.add_page()
        self.pdf = pdf

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def day(self, moment: datetime | None) -> str:
        return _day(moment.astimezone(self.zone).date()) if moment is not None else ""

    def _text(self, size: float, *, bold: bool = False, rgb: tuple[int, int, int] = INK) -> None:
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*rgb)

    def letterhead(self, title: str, number: str) -> None:
        pdf, b = self.pdf, self.business
        pdf.set_fill_color(*self.color)
        pdf.rect(0, 0, pdf.w, 6, style="F")
        top = pdf.get_y()
        self._text(20, bold=True, rgb=self.color)
        pdf.multi_cell(self.width * 0.6, 9, b.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._text(9, rgb=MUTED)
        contact = [x for x in (b.address, b.email, b.phone, b.website) if x]
        for item in contact:
            pdf.multi_cell(self.width * 0.6, 4.5, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bottom = pdf.get_y()
        pdf.set_xy(pdf.l_margin + self.width * 0.6, top)
        self._text(22, bold=True)
        pdf.cell(self.width * 0.4, 10, title, align="R", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_x(pdf.l_margin + self.width * 0.6)
        self._text(11)
        pdf.cell(self.width * 0.4, 6, number, align="R")
        pdf.set_xy(pdf.l_margin, max(bottom, top + 18) + 6)
        self.rule()

    def rule(self) -> None:
        pdf = self.pdf
        pdf.set_draw_color(*self.color)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.ln(5)

    def parties(self, billed_to: list[str], facts: list[tuple[str, str]]) -> None:
        pdf = self.pdf
        top = pdf.get_y()
        self._text(8, bold=True, rgb=MUTED)
        pdf.cell(self.width * 0.55, 5, "BILLED TO", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for i, line in enumerate(billed_to):
            self._text(11 if i == 0 else 9, bold=i == 0, rgb=INK if i == 0 else MUTED)
            pdf.multi_cell(self.width * 0.55, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        left_bottom = pdf.get_y()
        pdf.set_y(top)
        for label, value in facts:
            pdf.set_x(pdf.l_margin + self.width * 0.55)
            self._text(9, rgb=MUTED)
            pdf.cell(self.width * 0.2, 6, label)
            self._text(10, bold=True)
            pdf.cell(self.width * 0.25, 6, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(left_bottom, pdf.get_y()) + 6)

    def paragraph(self, text: str) -> None:
        self._text(10)
        self.pdf.multi_cell(0, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(3)

    def lines_table(self, invoice: Invoice, money: _Formatter) -> None:
        pdf = self.pdf
        widths = (self.width * 0.46, self.width * 0.1, self.width * 0.16, self.width * 0.1)
        amount_w = self.width - sum(widths)
        pdf.set_fill_color(*self.color)
        self._text(9, bold=True, rgb=_on(self.color))
        for label, w in zip(("Description", "Qty", "Unit price", "Tax"), widths, strict=True):
            pdf.cell(w, 8, f" {label}", fill=True, align="L" if label == "Description" else "R")
        pdf.cell(amount_w, 8, "Amount ", fill=True, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(229, 231, 235)
        pdf.set_line_width(0.2)
        for line in invoice.lines:
            self._text(10)
            text = f" {line['description']}"
            wrapped = pdf.multi_cell(widths[0], 7, text, dry_run=True, output=LINES)
            height = 7 * max(len(cast(list[str], wrapped)), 1)
            if pdf.will_page_break(height):
                pdf.add_page()
            y = pdf.get_y()
            pdf.multi_cell(widths[0], 7, text, new_x=XPos.RIGHT, new_y=YPos.TOP)
            row = (line["quantity"], money(line["unit_amount"]), f"{line['tax_rate']}%")
            for value, w in zip(row, widths[1:], strict=True):
                pdf.cell(w, 7, value, align="R")
            pdf.cell(amount_w, 7, money(line["total_amount"]) + " ", align="R")
            pdf.set_y(y + height)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + self.width, pdf.get_y())
        pdf.ln(4)

    def totals(self, rows: list[tuple[str, str]], *, bold: set[str]) -> None:
        pdf = self.pdf
        label_x = pdf.l_margin + self.width * 0.5
        for label, value in rows:
            strong = label in bold
            pdf.set_x(label_x)
            self._text(11 if strong else 10, bold=strong, rgb=INK if strong else MUTED)
            pdf.cell(self.width * 0.25, 7, label)
            self._text(11 if strong else 10, bold=strong)
            pdf.cell(self.width * 0.25, 7, value, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)

    def stamp(self, invoice: Invoice) -> None:
        word = {"paid": "PAID", "void": "VOID"}.get(invoice.status)
        if word is None:
            return
        pdf = self.pdf
        rgb = PAID_GREEN if word == "PAID" else VOID_RED
        pdf.set_draw_color(*rgb)
        pdf.set_line_width(0.8)
        self._text(18, bold=True, rgb=rgb)
        pdf.cell(40, 12, word, border=1, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if word == "PAID" and invoice.paid_at is not None:
            self._text(9, rgb=rgb)
            pdf.cell(0, 6, f"on {self.day(invoice.paid_at)}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(4)

    def section(self, heading: str, body: str) -> None:
        self._text(10, bold=True, rgb=self.color)
        self.pdf.cell(0, 6, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self._text(9)
        self.pdf.multi_cell(0, 5, body, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(3)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


class _Pages(FPDF):
    """Each page ends with the document's name and its page number."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="R")


class _Formatter:
    def __init__(self, currency: str) -> None:
        self.currency = currency

    def __call__(self, amount: int) -> str:
        return Money(amount, self.currency).format()


def _money(currency: str) -> _Formatter:
    return _Formatter(currency)


def _day(day: date) -> str:
    return day.strftime("%d %b %Y")


def _billed_to(invoice: Invoice) -> list[str]:
    customer = invoice.customer
    lines = [invoice.customer_name]
    for key in ("email", "phone", "address"):
        value = customer.get(key)
        if isinstance(value, str) and value:
            lines.append(value)
    return lines


def _status_label(invoice: Invoice) -> str:
    if invoice.status == "paid":
        return "Paid"
    if invoice.status == "void":
        return "Void"
    if invoice.amount_due > 0:
        return "Overdue" if invoice.status == "overdue" else "Unpaid"
    return invoice.status.replace("_", " ").capitalize()


def _tax_label(invoice: Invoice) -> str:
    return "Tax (included)" if invoice.tax_mode == "inclusive" else "Tax"


def _method_label(method: str) -> str:
    return {"bank_transfer": "bank transfer"}.get(method, method.replace("_", " "))


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) != 6:
        value = DEFAULT_COLOR.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _on(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """White or black text, whichever reads on `rgb`."""
    r, g, b = rgb
    return (17, 24, 39) if (299 * r + 587 * g + 114 * b) / 1000 > 160 else (255, 255, 255)
