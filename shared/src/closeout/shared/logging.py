"""Structured (JSON) logging that carries the correlation id of the event or request at hand,
its business and invoice where known, and the trace it belongs to (to find its spans)."""

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from opentelemetry import trace

correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
business_id_var: ContextVar[str | None] = ContextVar("business_id", default=None)
invoice_id_var: ContextVar[str | None] = ContextVar("invoice_id", default=None)

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


@contextmanager
def log_context(
    *, correlation_id: str | None, business_id: str | None = None, invoice_id: str | None = None
) -> Iterator[None]:
    corr = correlation_id_var.set(correlation_id)
    biz = business_id_var.set(business_id)
    inv = invoice_id_var.set(invoice_id)
    try:
        yield
    finally:
        correlation_id_var.reset(corr)
        business_id_var.reset(biz)
        invoice_id_var.reset(inv)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (corr := correlation_id_var.get()) is not None:
            entry["correlation_id"] = corr
        if (biz := business_id_var.get()) is not None:
            entry["business_id"] = biz
        if (inv := invoice_id_var.get()) is not None:
            entry["invoice_id"] = inv
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            entry["trace_id"] = format(span.trace_id, "032x")
            entry["span_id"] = format(span.span_id, "016x")
        entry.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(service: str, level: str = "INFO", as_json: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if as_json:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # fontTools logs every glyph table of each PDF it subsets at INFO.
    for noisy in ("aiokafka", "faststream", "fontTools", "sqlalchemy.engine", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
