"""The Prometheus metrics every service exposes on `/metrics`.

Labels stay bounded: routes are path templates, event types come from the catalogue (anything
else is `unknown`), statuses are enums. No label ever holds a business, invoice or job id.
Instruments live in the process-wide default registry, labelled by `service`, so several
services in one test process do not collide.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

from closeout.shared.events.catalogue import CATALOGUE

HTTP_REQUESTS = Counter(
    "closeout_http_requests",
    "HTTP requests answered, by route template and status",
    ["service", "method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "closeout_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template",
    ["service", "method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
EVENTS_CONSUMED = Counter(
    "closeout_events_consumed",
    "Events a consumer finished with, by type and outcome (applied, duplicate, ...)",
    ["consumer", "event_type", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "closeout_events_published",
    "Events the outbox relay had acknowledged by Kafka, by type",
    ["service", "event_type"],
)
DEAD_LETTERS = Counter(
    "closeout_dead_letters",
    "Messages a consumer sent to a dead-letter topic, by origin topic",
    ["consumer", "topic"],
)
CONSUMER_LAG = Gauge(
    "closeout_consumer_lag",
    "Records on a partition not yet handled by this consumer (high watermark - next offset)",
    ["consumer", "topic", "partition"],
)
CONSUMER_WAITING = Gauge(
    "closeout_consumer_waiting_out_fault",
    "1 while the consumer waits out an infrastructure fault (database or Kafka down)",
    ["consumer"],
)
OUTBOX_BACKLOG = Gauge(
    "closeout_outbox_backlog",
    "Outbox rows not yet published (parked rows not counted)",
    ["service"],
)
OUTBOX_OLDEST_SECONDS = Gauge(
    "closeout_outbox_oldest_age_seconds",
    "Age of the oldest unpublished outbox row (0 when none)",
    ["service"],
)
OUTBOX_PARKED = Gauge(
    "closeout_outbox_parked",
    "Outbox rows parked because Kafka can never take them (need an operator)",
    ["service"],
)


def event_type_label(event_type: str | None) -> str:
    """A catalogued type as itself; anything else (a forged or broken record) as `unknown`."""
    return event_type if event_type in CATALOGUE else "unknown"
