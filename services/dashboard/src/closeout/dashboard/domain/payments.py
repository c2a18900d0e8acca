"""The business's payment log as payments' admin API answers it (`GET /v1/payment-log`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from closeout.shared.money import Money

CATEGORIES = {
    "payments": "Payments",
    "failed": "Failed payments",
    "refunds": "Refunds",
    "disputes": "Disputes",
    "claims": "Rejected claims",
}
METHODS = {"card": "Card", "cash": "Cash", "bank_transfer": "Bank transfer", "other": "Other"}
KIND_LABELS = {
    "confirmed": "Payment",
    "failed": "Failed payment",
    "refund_requested": "Refund asked of Stripe",
    "refunded": "Refund",
    "refund_failed": "Refund failed",
    "disputed": "Dispute opened",
    "dispute_closed": "Dispute closed",
    "claim_rejected": "Claim rejected",
}


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class LogEntry(_Answer):
    id: int
    invoice_id: str
    invoice_number: str | None
    kind: str
    amount: int | None
    currency: str | None
    method: str | None
    reference: str | None
    detail: str | None
    actor: str | None
    occurred_at: datetime

    @property
    def what(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def money_text(self) -> str:
        if self.amount is None or self.currency is None:
            return "—"
        signed = -self.amount if self.kind == "refunded" else self.amount
        return Money(signed, self.currency).format()

    @property
    def method_text(self) -> str:
        return METHODS.get(self.method or "", self.method or "—")


class LogPage(_Answer):
    items: list[LogEntry]
    total: int
    limit: int
    offset: int
