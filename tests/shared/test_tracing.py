"""One trace follows a request through the outbox, Kafka and the consumer that handles the
event it caused: the W3C context travels in the `traceparent` header and the event."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncEngine

from closeout.shared.contracts.jobs import JobCancelled
from closeout.shared.db.outbox import enqueue
from closeout.shared.events import decode_event, encode_event
from closeout.shared.settings import ServiceSettings
from closeout.shared.web.app import create_service_app
from closeout.shared.web.deps import RuntimeDep
from shared.messaging_app import applied_job_ids, cancelled, consumer
from support.infra import Infra
from support.kafka import unique_prefix
from support.services import running
from support.tracing import recorded_spans, spans_of_trace
from support.waiting import eventually

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"


def emitting_router() -> APIRouter:
    router = APIRouter()

    @router.post("/emit/{n}")
    async def emit(n: int, runtime: RuntimeDep) -> dict[str, str]:
        async with runtime.sessionmaker() as session, session.begin():
            await enqueue(session, cancelled(n))
        return {"status": "queued"}

    return router


async def test_a_request_and_the_event_it_caused_are_one_trace(
    infra: Infra, plumbing_db: tuple[str, AsyncEngine]
) -> None:
    recorded_spans()
    url, engine = plumbing_db
    settings = ServiceSettings(
        service_name="tracing-test",
        database_url=url,
        kafka_bootstrap_servers=infra.kafka_bootstrap_servers,
        kafka_topic_prefix=unique_prefix(),
        kafka_topic_partitions=1,
        outbox_poll_seconds=0.2,
    )
    app = create_service_app(
        title="tracing", settings=settings, routers=[emitting_router()], consumers=[consumer]
    )
    async with running(app) as client:
        response = await client.post(
            "/emit/7", headers={"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"}
        )
        assert response.status_code == 200
        await eventually(lambda: applied_job_ids(engine), lambda ids: ids == ["job-7"])

        async def trace_spans() -> list[str]:
            return sorted(span.name for span in spans_of_trace(int(TRACE_ID, 16)))

        await eventually(trace_spans, lambda names: "job.cancelled process" in names)
    spans = spans_of_trace(int(TRACE_ID, 16))
    [server] = [s for s in spans if s.name == "POST /emit/{n}"]
    [consumed] = [s for s in spans if s.name == "job.cancelled process"]
    assert server.parent is not None
    assert format(server.parent.span_id, "016x") == CALLER_SPAN, "the caller's span is the parent"
    by_id = {s.context.span_id: s for s in spans if s.context is not None}
    ancestry = []
    parent = consumed.parent
    while parent is not None and parent.span_id in by_id:
        ancestry.append(by_id[parent.span_id].name)
        parent = by_id[parent.span_id].parent
    assert "POST /emit/{n}" in ancestry, f"the event carried the request's trace: {ancestry}"
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/emit/{n}", "named by template, never by raw path"
    assert consumed.attributes is not None
    assert consumed.attributes["messaging.consumer.group.name"] == consumer.name


def test_an_event_made_outside_a_trace_has_no_trace_context_and_a_broken_one_is_dropped() -> None:
    event = cancelled(1)
    assert event.traceparent is None
    assert b"traceparent" not in encode_event(event)
    raw = encode_event(event).replace(b'"specversion"', b'"traceparent":"garbage","specversion"')
    assert decode_event(raw, JobCancelled).traceparent is None, "never a reason to reject"
