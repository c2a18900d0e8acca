"""A JSON log line names the correlation, business and invoice at hand, and the trace and span
it was written in, so a log line leads to its trace and back."""

from __future__ import annotations

import json
import logging

from closeout.shared.logging import JsonFormatter, log_context
from closeout.shared.observability.tracing import tracer
from support.tracing import recorded_spans


def line(message: str) -> dict[str, object]:
    record = logging.LogRecord("closeout.test", logging.INFO, __file__, 1, message, (), None)
    entry: dict[str, object] = json.loads(JsonFormatter("invoicing").format(record))
    return entry


def test_a_log_line_carries_its_context_and_its_trace() -> None:
    recorded_spans()
    with (
        log_context(correlation_id="corr-1", business_id="biz-1", invoice_id="inv-1"),
        tracer().start_as_current_span("work") as span,
    ):
        entry = line("applied")
    context = span.get_span_context()
    assert entry["correlation_id"] == "corr-1"
    assert entry["business_id"] == "biz-1"
    assert entry["invoice_id"] == "inv-1"
    assert entry["trace_id"] == format(context.trace_id, "032x")
    assert entry["span_id"] == format(context.span_id, "016x")


def test_outside_any_context_a_log_line_has_none_of_them() -> None:
    entry = line("idle")
    assert entry["message"] == "idle"
    assert not {"correlation_id", "business_id", "invoice_id", "trace_id"} & set(entry)
