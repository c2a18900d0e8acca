"""Bad input, everywhere it enters, against the running stack.

- Kafka: generated and hand-made junk on `jobs.inbound`, `job.completed` and
  `payment.confirmed` ends on `<topic>.dlq` with an `x-dlq-reason`, and a valid event
  published after it on the same key still flows.
- Stripe webhooks: forged, stale, future, missing and malformed signatures, oversized and
  non-JSON bodies are refused with a 4xx and record nothing.
- Customer links: unknown and revoked tokens get the same 404; bursts get 429.

Expired links cannot be produced through public configuration (`link_expiry_days` >= 1):
they are covered by tests/invoicing/test_customer_page.py
(test_unknown_revoked_and_expired_links_look_the_same).
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import asyncpg
import httpx
from aiokafka import AIOKafkaProducer
from hypothesis import strategies as st

from closeout.shared.contracts.common import Customer, LineItem
from closeout.shared.contracts.jobs import JobCompleted
from closeout.shared.contracts.payments import PaymentEvent
from closeout.shared.events import new_event
from closeout.shared.events.envelope import encode_event
from closeout.shared.ids import new_id
from closeout.shared.money import CURRENCY_EXPONENTS
from e2e import flows, fuzzing
from e2e.stack import WEBHOOK_SECRET, Stack, job_completed_event, unique_email
from support import stripe_events
from support.kafka import read_topic

TOTAL = 138_490
EXAMPLES = 25
Path = tuple[str | int, ...]
Position = tuple[int, int]

# --------------------------------------------------------------------------- generation


def examples(strategy: st.SearchStrategy[Any], count: int = EXAMPLES) -> list[Any]:
    """Draw `count` values, the same ones every run (see `e2e.fuzzing.examples`)."""
    return fuzzing.examples(strategy, count)


def _set(event: dict[str, Any], path: Path, value: Any) -> None:
    target: Any = event
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _delete(event: dict[str, Any], path: Path) -> None:
    target: Any = event
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


ENVELOPE_REQUIRED: list[Path] = [
    ("specversion",), ("id",), ("source",), ("type",), ("business_id",), ("time",), ("data",)
]  # fmt: skip
ENVELOPE_LIMITS: dict[Path, int] = {("id",): 200, ("source",): 500, ("business_id",): 100}

NOT_A_JSON_OBJECT = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=50),
    st.lists(st.integers(), max_size=3),
)
# Wrong for every required field: none of these is a string, a date, an object or a list
# of objects. Numbers are added for the fields that are not dates (ints parse as timestamps).
WRONG_TYPE = st.one_of(
    st.none(),
    st.booleans(),
    st.lists(st.integers(), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["x", "y"]), st.integers(), min_size=1, max_size=2),
)
WRONG_TYPE_OR_NUMBER = st.one_of(WRONG_TYPE, st.integers(), st.floats())
# A whole float (12000.0) is a JSON Schema integer, so it is an amount; a fraction or a string
# is not.
FLOAT_AMOUNT = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    st.decimals(places=2, allow_nan=False, allow_infinity=False).map(str),
)
UNKNOWN_CURRENCY = st.one_of(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=3, max_size=3),
    st.text(max_size=8),
).filter(lambda code: code.strip().upper() not in CURRENCY_EXPONENTS)


class Shape:
    """What makes an event of one topic invalid: its required fields, amounts, currencies,
    dates, bounded strings and known event types."""

    def __init__(
        self,
        base: dict[str, Any],
        *,
        required: list[Path],
        amounts: list[Path],
        currencies: list[Path],
        dates: list[Path],
        limits: dict[Path, int],
        known_types: set[str],
        unknown_types: bool = True,
    ) -> None:
        self.base = base
        self.required = ENVELOPE_REQUIRED + required
        self.amounts = amounts
        self.currencies = currencies
        self.dates = [("time",), *dates]
        self.limits = {**ENVELOPE_LIMITS, **limits}
        self.known_types = known_types
        self.unknown_types = unknown_types

    def junk(self) -> st.SearchStrategy[tuple[str, bytes]]:
        """(what is wrong, the bytes): every one of them must be dead-lettered."""

        @st.composite
        def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
            event = copy.deepcopy(self.base)
            event["id"] = f"junk-{uuid.uuid4().hex[:12]}"
            kinds = ["missing", "wrong type", "float amount", "unknown currency", "huge string"]
            if self.unknown_types:
                kinds.append("unknown type")
            kind = draw(st.sampled_from(kinds))
            if kind == "missing":
                path = draw(st.sampled_from(self.required))
                _delete(event, path)
            elif kind == "wrong type":
                path = draw(st.sampled_from(self.required))
                wrong = WRONG_TYPE if path in self.dates else WRONG_TYPE_OR_NUMBER
                _set(event, path, draw(wrong))
            elif kind == "float amount":
                path = draw(st.sampled_from(self.amounts))
                _set(event, path, draw(FLOAT_AMOUNT))
            elif kind == "unknown currency":
                path = draw(st.sampled_from(self.currencies))
                _set(event, path, draw(UNKNOWN_CURRENCY))
            elif kind == "huge string":
                path = draw(st.sampled_from(sorted(self.limits)))
                _set(event, path, "x" * draw(st.integers(self.limits[path] + 1, 300_000)))
            else:
                path = ("type",)
                unknown = st.text(min_size=1, max_size=200).filter(
                    lambda t: t not in self.known_types
                )
                _set(event, path, draw(unknown))
            return f"{kind} at {'.'.join(map(str, path))}", json.dumps(event).encode()

        not_object = NOT_A_JSON_OBJECT.map(lambda v: ("non-object JSON", json.dumps(v).encode()))
        not_json = st.binary(max_size=300).map(lambda b: ("not JSON", b))
        return st.one_of(mutated(), mutated(), mutated(), not_object, not_json)


def hand_made_junk(base: dict[str, Any]) -> list[tuple[str, bytes | None]]:
    def variant(change: Callable[[dict[str, Any]], None]) -> bytes:
        event = copy.deepcopy(base)
        event["id"] = f"junk-{uuid.uuid4().hex[:12]}"
        change(event)
        return json.dumps(event).encode()

    valid = json.dumps(base).encode()
    return [
        ("empty value", b""),
        ("tombstone", None),
        ("truncated JSON", valid[: len(valid) // 2]),
        ("not UTF-8", b"\xff\xfe\x00{"),
        ("JSON null", b"null"),
        ("JSON array of the event", json.dumps([base]).encode()),
        ("JSON string", json.dumps(valid.decode()).encode()),
        ("trailing garbage", valid + b"}"),
        ("specversion 0.3", variant(lambda e: e.update(specversion="0.3"))),
        ("business id with a slash", variant(lambda e: e.update(business_id="../demo"))),
        ("empty business id", variant(lambda e: e.update(business_id=""))),
        ("time not a date", variant(lambda e: e.update(time="yesterday"))),
        ("data as a string", variant(lambda e: e.update(data=json.dumps(e["data"])))),
        ("data null", variant(lambda e: e.update(data=None))),
        ("type of another topic", variant(lambda e: e.update(type="invoice.paid"))),
    ]


def inbound_shape(base: dict[str, Any]) -> Shape:
    return Shape(
        base,
        required=[
            ("data", "external_id"), ("data", "title"), ("data", "customer"),
            ("data", "customer", "name"), ("data", "currency"), ("data", "line_items"),
            ("data", "line_items", 0, "description"), ("data", "line_items", 0, "unit_amount"),
        ],
        amounts=[
            ("data", "line_items", 0, "unit_amount"), ("data", "line_items", 1, "unit_amount"),
        ],
        currencies=[("data", "currency")],
        dates=[],
        limits={
            ("data", "external_id"): 200, ("data", "title"): 300, ("data", "notes"): 5000,
            ("data", "customer", "name"): 200, ("data", "line_items", 0, "description"): 500,
        },
        known_types={"job.created", "job.updated", "job.completed", "job.cancelled"},
    )  # fmt: skip


def inbound_hand_made(base: dict[str, Any]) -> list[tuple[str, bytes | None]]:
    def variant(change: Callable[[dict[str, Any]], None]) -> bytes:
        event = copy.deepcopy(base)
        event["id"] = f"junk-{uuid.uuid4().hex[:12]}"
        change(event)
        return json.dumps(event).encode()

    def line(**fields: Any) -> Callable[[dict[str, Any]], None]:
        return lambda e: e["data"]["line_items"][0].update(fields)

    return [
        *hand_made_junk(base),
        ("amount 120.5", variant(line(unit_amount=120.5))),
        ("amount as a string", variant(line(unit_amount="12000"))),
        ("amount true", variant(line(unit_amount=True))),
        ("amount beyond 10^12", variant(line(unit_amount=10**13))),
        ("quantity zero", variant(line(quantity=0))),
        ("negative quantity", variant(line(quantity=-1))),
        ("tax rate 150 %", variant(line(tax_rate="150"))),
        ("currency XYZ", variant(lambda e: e["data"].update(currency="XYZ"))),
        ("currency empty", variant(lambda e: e["data"].update(currency=""))),
        ("unknown type job.exploded", variant(lambda e: e.update(type="job.exploded"))),
        ("200 kB title", variant(lambda e: e["data"].update(title="t" * 200_000))),
        ("customer email not an email", variant(lambda e: e["data"]["customer"].update(email="x"))),
        ("blank title", variant(lambda e: e["data"].update(title="   "))),
    ]


# --------------------------------------------------------------------------- kafka helpers


async def publish_batch(
    stack: Stack, topic: str, messages: Sequence[bytes | None], key: str
) -> list[Position]:
    """Publish in one producer session; the (partition, offset) of each message, in order."""
    producer = AIOKafkaProducer(
        bootstrap_servers=stack.infra.kafka_bootstrap_servers, acks="all", linger_ms=5
    )
    await producer.start()
    try:
        futures = [
            await producer.send(stack.topic_prefix + topic, value, key=key.encode())
            for value in messages
        ]
        sent = [await future for future in futures]
    finally:
        await producer.stop()
    return [(m.partition, m.offset) for m in sent]


async def dead_letters(
    stack: Stack, topic: str, positions: Sequence[Position], timeout: float = 45
) -> dict[Position, list[dict[str, str]]]:
    """The dead letters of the messages at `positions` of `topic`, with their headers."""
    origin = stack.topic_prefix + topic
    wanted = set(positions)

    def found(records: list[Any]) -> dict[Position, list[dict[str, str]]]:
        letters: dict[Position, list[dict[str, str]]] = {}
        for record in records:
            headers = {k: v.decode(errors="replace") for k, v in record.headers}
            if headers.get("x-dlq-topic") != origin:
                continue
            position = (int(headers["x-dlq-partition"]), int(headers["x-dlq-offset"]))
            if position in wanted:
                letters.setdefault(position, []).append(headers)
        return letters

    records = await read_topic(
        stack.infra.kafka_bootstrap_servers,
        origin + ".dlq",
        until=lambda records: wanted <= set(found(records)),
        timeout=timeout,
    )
    return found(records)


def assert_all_dead_lettered(
    labels: Sequence[str],
    messages: Sequence[bytes | None],
    positions: Sequence[Position],
    letters: dict[Position, list[dict[str, str]]],
) -> None:
    missing = [
        f"{label}: {(message or b'')[:160]!r}"
        for label, message, position in zip(labels, messages, positions, strict=True)
        if position not in letters
    ]
    assert not missing, f"{len(missing)} bad messages not dead-lettered:\n" + "\n".join(missing)
    for position, found in letters.items():
        for headers in found:
            assert headers.get("x-dlq-reason", "").strip(), (position, headers)
            assert headers.get("x-dlq-consumer"), (position, headers)


# --------------------------------------------------------------------------- db helpers


async def query(stack: Stack, service: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    url = stack.env[f"{service.upper()}_DATABASE_URL"].replace("+asyncpg", "", 1)
    connection = await asyncpg.connect(url)
    try:
        rows: list[asyncpg.Record] = await connection.fetch(sql, *args)
        return rows
    finally:
        await connection.close()


async def count(stack: Stack, service: str, sql: str, *args: Any) -> int:
    rows = await query(stack, service, sql, *args)
    value: int = rows[0][0]
    return value


# --------------------------------------------------------------------------- 1. Kafka


async def test_junk_on_jobs_inbound_is_dead_lettered_and_a_valid_job_still_flows(
    stack: Stack,
) -> None:
    timer = flows.StepTimer("inbound junk")
    email = unique_email("junk")
    valid = job_completed_event(email)
    external_id = valid["data"]["external_id"]
    generated: list[tuple[str, bytes | None]] = examples(inbound_shape(valid).junk())
    junk = [*inbound_hand_made(valid), *generated]
    labels = [label for label, _ in junk]
    messages = [message for _, message in junk]

    positions = await publish_batch(stack, "jobs.inbound", messages, key=external_id)
    [(valid_partition, valid_offset)] = await publish_batch(
        stack, "jobs.inbound", [json.dumps(valid).encode()], key=external_id
    )
    assert {p for p, _ in positions} == {valid_partition}
    timer.step(f"{len(junk)} bad messages and then a valid one published")

    letters = await dead_letters(stack, "jobs.inbound", positions)
    assert_all_dead_lettered(labels, messages, positions, letters)
    assert {h["x-dlq-consumer"] for found in letters.values() for h in found} == {"jobs"}
    timer.step("every bad message on jobs.inbound.dlq with a reason")

    invoice = await flows.invoice_for_job(stack, external_id)
    assert invoice["total"] == TOTAL
    assert (await flows.mails(stack, email, 1))[0]
    late = await dead_letters(stack, "jobs.inbound", [(valid_partition, valid_offset)], timeout=1)
    assert not late, f"the valid event was dead-lettered: {late}"
    timer.step("the valid job was invoiced and mailed")

    jobs = await count(
        stack, "jobs", "SELECT count(*) FROM jobs WHERE external_id = $1", external_id
    )
    invoices = await count(
        stack, "invoicing", "SELECT count(*) FROM invoices WHERE job_external_id = $1", external_id
    )
    assert (jobs, invoices) == (1, 1)
    inbox = await count(
        stack, "jobs", "SELECT count(*) FROM inbox WHERE event_key LIKE $1", "%|junk-%"
    )
    assert inbox == 0, "a dead-lettered event left an inbox row"


async def test_junk_on_internal_topics_is_dead_lettered_and_valid_events_still_flow(
    stack: Stack,
) -> None:
    timer = flows.StepTimer("internal junk")
    now = datetime.now(UTC)
    email = unique_email("internal")
    customer = Customer(name="Dana Lee", email=email)
    items = [LineItem(description="Labour", quantity=3, unit_amount=12000, tax_rate=10)]
    job_id, external_id = new_id(), f"JOB-{uuid.uuid4().hex[:8]}"
    completed = new_event(
        "job.completed",
        JobCompleted(
            job_id=job_id, external_id=external_id, title="Fix tap", customer=customer,
            currency="AUD", line_items=items, completed_at=now, revision=1,
        ),
        source="jobs", business_id="demo", subject=job_id,
    )  # fmt: skip
    completed_dict: dict[str, Any] = json.loads(encode_event(completed))
    job_shape = Shape(
        completed_dict,
        required=[
            ("data", "job_id"), ("data", "external_id"), ("data", "title"),
            ("data", "customer"), ("data", "currency"), ("data", "line_items"),
            ("data", "completed_at"),
            ("data", "line_items", 0, "unit_amount"),
        ],
        amounts=[("data", "line_items", 0, "unit_amount")],
        currencies=[("data", "currency")],
        dates=[("data", "completed_at")],
        limits={},
        known_types={"job.completed"},
        unknown_types=True,
    )  # fmt: skip
    job_junk: list[tuple[str, bytes | None]] = [
        *[j for j in hand_made_junk(completed_dict) if j[0] != "type of another topic"],
        *examples(job_shape.junk()),
    ]
    job_positions = await publish_batch(stack, "job.completed", [m for _, m in job_junk], job_id)
    await publish_batch(stack, "job.completed", [encode_event(completed)], job_id)
    timer.step(f"{len(job_junk)} bad job.completed and then a valid one published")

    job_letters = await dead_letters(stack, "job.completed", job_positions)
    assert_all_dead_lettered(
        [label for label, _ in job_junk], [m for _, m in job_junk], job_positions, job_letters
    )
    invoice = await flows.invoice_for_job(stack, external_id)
    assert invoice["total"] == 39_600
    timer.step("job.completed junk dead-lettered; the valid one invoiced")

    invoice_id = invoice["invoice_id"]
    confirmed = new_event(
        "payment.confirmed",
        PaymentEvent(
            payment_id=new_id(), invoice_id=invoice_id, amount=39_600, currency="AUD",
            method="card", provider="stripe", occurred_at=now, reference="pi_internal_junk",
        ),
        source="payments", business_id="demo", subject=invoice_id,
    )  # fmt: skip
    confirmed_dict: dict[str, Any] = json.loads(encode_event(confirmed))
    payment_shape = Shape(
        confirmed_dict,
        required=[
            ("data", "payment_id"), ("data", "invoice_id"), ("data", "amount"),
            ("data", "currency"), ("data", "method"), ("data", "provider"),
            ("data", "occurred_at"),
        ],
        amounts=[("data", "amount")],
        currencies=[("data", "currency")],
        dates=[("data", "occurred_at")],
        limits={},
        known_types={"payment.confirmed"},
    )  # fmt: skip
    pay_junk = [*hand_made_junk(confirmed_dict), *examples(payment_shape.junk())]
    pay_positions = await publish_batch(
        stack, "payment.confirmed", [m for _, m in pay_junk], invoice_id
    )
    await publish_batch(stack, "payment.confirmed", [encode_event(confirmed)], invoice_id)
    timer.step(f"{len(pay_junk)} bad payment.confirmed and then a valid one published")

    pay_letters = await dead_letters(stack, "payment.confirmed", pay_positions)
    assert_all_dead_lettered(
        [label for label, _ in pay_junk], [m for _, m in pay_junk], pay_positions, pay_letters
    )
    consumers = {h["x-dlq-consumer"] for found in pay_letters.values() for h in found}
    assert consumers <= {"jobs", "invoicing"}, consumers
    paid = await flows.wait_for_invoice(stack, invoice_id, lambda i: i["status"] == "paid")
    assert paid["amount_paid"] == 39_600
    timer.step("payment.confirmed junk dead-lettered; the valid one paid the invoice")

    invoices = await count(
        stack, "invoicing", "SELECT count(*) FROM invoices WHERE job_id = $1", job_id
    )
    ledger = await count(
        stack, "invoicing", "SELECT count(*) FROM ledger_entries WHERE invoice_id = $1", invoice_id
    )
    assert (invoices, ledger) == (1, 1)


async def test_an_unknown_event_type_on_job_completed_is_dead_lettered(stack: Stack) -> None:
    event = json.loads(encode_event(new_event(
        "job.completed",
        JobCompleted(
            job_id=new_id(), external_id="JOB-unknown-type", title="x",
            customer=Customer(name="x"), currency="AUD", line_items=[],
            completed_at=datetime.now(UTC), revision=1,
        ),
        source="jobs", business_id="demo",
    )))  # fmt: skip
    event["type"] = "job.exploded"
    positions = await publish_batch(
        stack, "job.completed", [json.dumps(event).encode()], event["data"]["job_id"]
    )
    letters = await dead_letters(stack, "job.completed", positions, timeout=8)
    assert positions[0] in letters


# --------------------------------------------------------------------------- 2. webhooks


async def issued_invoice(stack: Stack, label: str) -> tuple[str, dict[str, Any], str]:
    email = unique_email(label)
    event = job_completed_event(email)
    await flows.publish_job(stack, event)
    link = flows.link_in((await flows.mails(stack, email, 1))[0])
    invoice = await flows.invoice_for_job(stack, event["data"]["external_id"])
    return email, invoice, link


async def chunked(body: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(body), 64 * 1024):
        yield body[start : start + 64 * 1024]


async def test_bad_webhooks_get_a_4xx_and_record_nothing(stack: Stack) -> None:
    timer = flows.StepTimer("bad webhooks")
    email, invoice, link = await issued_invoice(stack, "webhook")
    invoice_id = invoice["invoice_id"]
    session = stripe_events.checkout_session(
        invoice_id=invoice_id, business_id="demo", amount=TOTAL, email=email,
        payment_intent="pi_forged", session_id="cs_forged",
    )  # fmt: skip
    now = int(time.time())
    sent_ids: list[str] = []

    def payload(**extra: Any) -> bytes:
        body = json.loads(stripe_events.event("checkout.session.completed", session))
        body.update(extra)
        sent_ids.append(body["id"])
        return json.dumps(body).encode()

    def good(body: bytes, t: int | None = None) -> str:
        return stripe_events.sign(body, WEBHOOK_SECRET, t)

    p = payload()
    digest = good(p).split("v1=")[1]
    tampered = p.replace(f'"amount_total": {TOTAL}'.encode(), b'"amount_total": 1')
    huge = payload(padding="x" * 300 * 1024)
    Case = tuple[str, bytes | AsyncIterator[bytes], str | bytes | None, int]
    cases: list[Case] = [
        ("forged: wrong secret", p, stripe_events.sign(p, "whsec_wrong"), 400),
        ("stale: t 10 minutes ago", p, good(p, now - 600), 400),
        ("stale: just past the 300 s tolerance", p, good(p, now - 330), 400),
        ("future: t 10 minutes ahead", p, good(p, now + 600), 400),
        ("missing signature", p, None, 400),
        ("empty signature", p, "", 400),
        ("malformed: garbage", p, "garbage", 400),
        ("malformed: t not a number", p, f"t=soon,v1={digest}", 400),
        ("malformed: no t", p, f"v1={digest}", 400),
        ("malformed: no v1", p, f"t={now}", 400),
        ("malformed: v0 only", p, f"t={now},v0={digest}", 400),
        ("malformed: t shifted", p, f"t={now + 1},v1={digest}", 400),
        ("malformed: upper-case hex", p, f"t={now},v1={digest.upper()}", 400),
        ("tampered body", tampered, good(p), 400),
        ("oversized (> 256 KiB), signed", huge, good(huge), 413),
        ("oversized, chunked without length", chunked(huge), good(huge), 413),
        ("not JSON, signed", b"amount=138490", good(b"amount=138490"), 400),
        ("not UTF-8, signed", b"\xff\xfe{", good(b"\xff\xfe{"), 400),
        ("empty body, signed", b"", good(b""), 400),
        ("JSON array, signed", b"[]", good(b"[]"), 400),
        ("JSON without id, signed", b'{"type": "x"}', good(b'{"type": "x"}'), 400),
        ("JSON without type, signed", b'{"id": "evt_x"}', good(b'{"id": "evt_x"}'), 400),
        *[
            (f"JSON that jsonb cannot store ({what}), signed", body, good(body), 400)
            for what, body in [
                ("Infinity", p.replace(f"{TOTAL}".encode(), b"Infinity", 1)),
                ("NaN", p.replace(f"{TOTAL}".encode(), b"NaN", 1)),
                ("a lone surrogate", p.replace(b'"cs_forged"', b'"cs_\\ud800"', 1)),
                ("NUL", p.replace(b'"cs_forged"', b'"cs_\\u0000"', 1)),
            ]
        ],
    ]
    # Only values the client can send (a leading space is refused by h11), ASCII and beyond.
    for header in examples(fuzzing.header_values(), 20):
        cases.append((f"generated signature {header!r}", p, header, 400))
    for header in examples(fuzzing.non_ascii_header_values(), 10):
        cases.append((f"generated non-ASCII signature {header!r}", p, header, 400))
    for body in examples(st.binary(max_size=500), 10):
        cases.append((f"generated body {body[:40]!r}, signed", body, good(body), 400))

    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=15) as stripe:

        async def deliver(case: Case) -> tuple[str, int, int, str]:
            name, body, signature, expected = case
            headers = {b"Content-Type": b"application/json"}
            if signature is not None:
                sent = signature.encode() if isinstance(signature, str) else signature
                headers[b"Stripe-Signature"] = sent
            response = await stripe.post("/webhooks/stripe", content=body, headers=headers)
            return name, expected, response.status_code, response.text[:200]

        answers = await asyncio.gather(*(deliver(case) for case in cases))
    wrong = [a for a in answers if a[1] != a[2]]
    assert not wrong, "\n".join(f"{n}: wanted {e}, got {s} {t}" for n, e, s, t in wrong)
    timer.step(f"{len(cases)} bad webhooks refused with a 4xx")

    await asyncio.sleep(1.5)  # longer than the webhook worker's poll interval
    stored = await count(
        stack, "payments", "SELECT count(*) FROM webhook_events WHERE event_id = ANY($1)", sent_ids
    )
    stored_any = await count(
        stack, "payments",
        "SELECT count(*) FROM webhook_events WHERE payload::text LIKE $1", f"%{invoice_id}%",
    )  # fmt: skip
    payments = await count(
        stack, "payments", "SELECT count(*) FROM payments WHERE invoice_id = $1", invoice_id
    )
    ledger = await count(
        stack, "payments", "SELECT count(*) FROM ledger_entries WHERE invoice_id = $1", invoice_id
    )
    assert (stored, stored_any, payments, ledger) == (0, 0, 0, 0)
    async with stack.admin("payments") as admin:
        log = await admin.get(f"/v1/invoices/{invoice_id}/payments")
    assert log.status_code == 200, log.text
    assert not [p for p in log.json()["payments"] if p["status"] == "confirmed"], log.json()
    assert not [e for e in log.json()["entries"] if "confirm" in e["kind"]], log.json()
    unpaid = await flows.invoice(stack, invoice_id)
    assert (unpaid["status"], unpaid["amount_paid"]) == ("open", 0)
    timer.step("nothing stored, no payment, invoice open")

    # The same confirmation, properly signed, does pay: the refusals above were not vacuous.
    await flows.pay_by_card(stack, link, invoice_id, TOTAL, email, "pi_real")
    await flows.invoice_paid(stack, invoice_id)
    confirmed = await count(
        stack, "payments", "SELECT count(*) FROM payments WHERE invoice_id = $1", invoice_id
    )
    assert confirmed == 1
    timer.step("a correctly signed confirmation pays it")


async def test_a_deeply_nested_signed_webhook_body_is_a_4xx(stack: Stack) -> None:
    body = b"[" * 100_000 + b"]" * 100_000  # 200 kB: under the size limit, over json's depth
    async with httpx.AsyncClient(base_url=stack.urls["payments"], timeout=15) as stripe:
        response = await stripe.post(
            "/webhooks/stripe",
            content=body,
            headers={"Stripe-Signature": stripe_events.sign(body, WEBHOOK_SECRET)},
        )
    assert response.status_code == 400, (response.status_code, response.text[:200])


# --------------------------------------------------------------------------- 3. customer links

NONCE = re.compile(r'nonce="[^"]*"')
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def fake_ip() -> str:
    """Each phase gets its own client address (uvicorn trusts X-Forwarded-For from 127.0.0.1),
    so the per-IP limit of this test does not throttle other tests sharing the stack."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"


async def get_all(urls: Sequence[str], ip: str, follow: bool = False) -> list[httpx.Response]:
    async with httpx.AsyncClient(
        timeout=15, headers={"X-Forwarded-For": ip}, follow_redirects=follow
    ) as browser:
        return list(await asyncio.gather(*(browser.get(url) for url in urls)))


async def test_unknown_and_revoked_links_look_the_same_and_bursts_are_limited(
    stack: Stack,
) -> None:
    timer = flows.StepTimer("links")
    _, invoice, first_link = await issued_invoice(stack, "links")
    invoice_id = invoice["invoice_id"]
    base, token = first_link.rsplit("/i/", 1)
    assert (await get_all([first_link], fake_ip()))[0].status_code == 200

    async with stack.admin("invoicing") as admin:
        [first] = (await admin.get(f"/v1/invoices/{invoice_id}/links")).json()
        deleted = await admin.delete(f"/v1/invoices/{invoice_id}/links/{first['link_id']}")
        assert deleted.status_code == 204, deleted.text
        second = await admin.post(f"/v1/invoices/{invoice_id}/links")
        assert second.status_code == 201, second.text
        third = await admin.post(f"/v1/invoices/{invoice_id}/links")
        assert third.status_code == 201, third.text
    second_link, live_link = second.json()["payment_url"], third.json()["payment_url"]
    timer.step("one link revoked, two regenerated")

    random_tokens: list[str] = examples(st.text(TOKEN_ALPHABET, min_size=1, max_size=300), 25)
    near_misses = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        token + "x",
        token[:-1],
        token.upper() if token.upper() != token else token.lower(),
        "x" * 43,
        "a" * 5000,
    ]
    dead = [first_link, second_link]
    unknown = [f"{base}/i/{quote(t, safe='')}" for t in [*random_tokens, *near_misses]]
    responses = await get_all([*dead, *unknown], fake_ip())
    assert [r.status_code for r in responses] == [404] * len(responses)
    bodies = {NONCE.sub("", r.text) for r in responses}
    assert len(bodies) == 1, "unknown and revoked links must be indistinguishable"
    assert len({len(r.content) for r in responses}) == 1
    assert "not valid" in bodies.pop()
    weird = ["%00", "..%2F..%2Fetc", "%F0%9F%92%A9", "' OR 1=1 --", "<script>"]
    for response in await get_all([f"{base}/i/{w}" for w in weird], fake_ip()):
        assert response.status_code == 404, (response.url, response.status_code)
    timer.step(f"{len(responses)} revoked and unknown tokens: the same 404")

    live = await get_all([live_link], fake_ip())
    assert live[0].status_code == 200

    burst = await get_all([live_link] * 45, fake_ip())
    codes = [r.status_code for r in burst]
    assert set(codes) <= {200, 429}, codes
    assert 0 < codes.count(200) <= 32, codes
    assert codes.count(429) >= 13, codes
    assert all(r.headers.get("retry-after") for r in burst if r.status_code == 429)
    timer.step(f"burst on one link: {codes.count(200)} x 200, {codes.count(429)} x 429")

    guesser = fake_ip()
    guesses = await get_all([f"{base}/i/{uuid.uuid4().hex}" for _ in range(80)], guesser)
    guess_codes = [r.status_code for r in guesses]
    assert set(guess_codes) <= {404, 429}, guess_codes
    assert guess_codes.count(429) >= 8, guess_codes
    other = await get_all([f"{base}/i/{uuid.uuid4().hex}"], fake_ip())
    assert other[0].status_code == 404, "the per-IP limit leaked to another client"
    timer.step(f"guessing from one IP: {guess_codes.count(429)} x 429")

    links = await query(
        stack, "invoicing",
        "SELECT revoked_at IS NOT NULL AS revoked FROM payment_links WHERE invoice_id = $1",
        invoice_id,
    )  # fmt: skip
    assert sorted(r["revoked"] for r in links) == [False, True, True]
    status = await flows.invoice(stack, invoice_id)
    assert status["status"] == "open"
