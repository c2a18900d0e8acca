"""Spans recorded in memory: the process's tracer provider, installed once for the tests."""

from __future__ import annotations

from functools import cache

from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


@cache
def recorded_spans() -> InMemorySpanExporter:
    """OpenTelemetry allows one provider per process; every test reads its own trace ids."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    return exporter


def spans_of_trace(trace_id: int) -> list[ReadableSpan]:
    return [
        span
        for span in recorded_spans().get_finished_spans()
        if span.context is not None and span.context.trace_id == trace_id
    ]
