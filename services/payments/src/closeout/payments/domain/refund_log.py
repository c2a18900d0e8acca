"""Each refund's state, read from the payment log (requested, refunded, failed entries)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal, Protocol

RefundStatus = Literal["requested", "refunded", "failed"]
# A later fact wins over an earlier one whatever order they were recorded in.
_RANK: dict[RefundStatus, int] = {"requested": 0, "refunded": 1, "failed": 2}


@dataclass(frozen=True)
class RefundState:
    refund_id: str
    payment_id: str | None
    amount: int | None
    currency: str | None
    status: RefundStatus
    failure_reason: str | None
    requested_at: datetime | None
    updated_at: datetime


class LogEntry(Protocol):
    """What this reads of a payment-log entry (the ledger's records have it)."""

    @property
    def kind(self) -> str: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def dedupe_key(self) -> str: ...
    @property
    def payment_id(self) -> str | None: ...
    @property
    def amount(self) -> int | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def detail(self) -> str | None: ...
    @property
    def occurred_at(self) -> datetime: ...


def _refund_of(entry: LogEntry) -> tuple[str, RefundStatus] | None:
    kind = entry.kind
    if kind == "refund_requested" and entry.reference:
        return str(entry.reference), "requested"
    if kind == "refund_failed" and entry.reference:
        return str(entry.reference), "failed"
    if kind == "refunded":
        # "refund:<stripe refund id>", or "refund:<payment id>:<id>" for a manual refund.
        refund_id = str(entry.dedupe_key).removeprefix("refund:")
        return refund_id.removeprefix(f"{entry.payment_id}:"), "refunded"
    return None


def refund_states(entries: Iterable[LogEntry]) -> list[RefundState]:
    states: dict[str, RefundState] = {}
    for entry in entries:
        found = _refund_of(entry)
        if found is None:
            continue
        refund_id, status = found
        at = entry.occurred_at
        known = states.get(refund_id)
        if known is None:
            known = RefundState(
                refund_id,
                entry.payment_id,
                entry.amount,
                entry.currency,
                status,
                None,
                None,
                at,
            )
        if status == "requested":
            # The amount asked for is the refund's amount.
            known = replace(known, amount=entry.amount, requested_at=at)
        if _RANK[status] >= _RANK[known.status]:
            known = replace(known, status=status, updated_at=max(at, known.updated_at))
        if status == "failed":
            known = replace(known, failure_reason=entry.detail)
        states[refund_id] = known
    return sorted(states.values(), key=lambda s: s.requested_at or s.updated_at)
