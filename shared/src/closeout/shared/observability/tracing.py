"""OpenTelemetry tracing: one trace follows a job across services.

Off by default (`CLOSEOUT_TRACING=off`): the API's no-op tracer costs next to nothing. With
`otlp` spans go to the OTLP/HTTP endpoint of the standard `OTEL_EXPORTER_OTLP_*` variables;
`console` prints them. The trace context (W3C `traceparent`) travels in HTTP headers and, across
Kafka, in each event as the CloudEvents distributed-tracing extension attribute: the event
leaves through the outbox, possibly much later, so the context must be stored with it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Literal

from opentelemetry import context, trace
from opentelemetry.trace import Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

TracingExporter = Literal["off", "otlp", "console"]
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
_propagator = TraceContextTextMapPropagator()
_configured = False


def configure_tracing(service_name: str, exporter: TracingExporter) -> None:
    """Install the process's tracer provider once (a process runs one service)."""
    global _configured
    if exporter == "off" or _configured:
        return
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SpanExporter,
    )

    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    span_exporter: SpanExporter
    if exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        span_exporter = OTLPSpanExporter()
    else:
        span_exporter = ConsoleSpanExporter()
    provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    _configured = True


def tracer(name: str = "closeout") -> trace.Tracer:
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    """The active span's W3C `traceparent`, to store with an event (None outside a trace)."""
    carrier: dict[str, str] = {}
    _propagator.inject(carrier)
    return carrier.get("traceparent")


def inject_headers(headers: dict[str, str]) -> None:
    """Add the active trace context to outgoing HTTP headers."""
    _propagator.inject(headers)


def valid_traceparent(value: object) -> str | None:
    """A well-formed `traceparent`, or None: a broken tracing attribute never rejects an event."""
    return value if isinstance(value, str) and TRACEPARENT.match(value) else None


@contextmanager
def continued_span(
    name: str,
    carrier: Mapping[str, str],
    *,
    kind: SpanKind,
    attributes: Mapping[str, str | int] | None = None,
) -> Iterator[Span]:
    """A span that continues the trace in `carrier` (headers, or `{"traceparent": ...}`)."""
    parent = _propagator.extract(carrier)
    token = context.attach(parent)
    try:
        with tracer().start_as_current_span(name, kind=kind, attributes=attributes) as span:
            yield span
    finally:
        context.detach(token)
