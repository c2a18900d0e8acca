"""The fault run of issue 16: a steady stream of jobs, card payments and confirmed bank-transfer
claims through the stack's public interfaces while services are SIGKILLed, the broker and the
database restart and SMTP goes away; then it waits for the backlog to drain and counts.

Every step is retried the way its real caller would (a platform re-posts a job, Stripe
re-delivers a webhook, an admin presses the button again): a fault may delay work, never fail it.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import asyncpg
import httpx
from e2e.stack import job_completed_event

from faults.chaos_plan import ChaosPlan, Fault
from faults.outage_stack import OutageStack
from support import stripe_events
from support.private_kafka import PrivateKafka

T = TypeVar("T")
STEP_TIMEOUT = 600.0  # longer than any outage the plan makes: a step that takes this long failed
DEMO = "demo"


class GaveUp(Exception):
    """A step that did not succeed within STEP_TIMEOUT: a fault that was not waited out."""


@dataclass
class Tally:
    """What the driver did, to compare with what the stack recorded."""

    reported: int = 0
    card_payments: int = 0  # checkout sessions completed (each delivered 3 times)
    claims_confirmed: int = 0
    webhook_deliveries: int = 0
    gave_up: list[str] = field(default_factory=list)
    faults: list[dict[str, Any]] = field(default_factory=list)
    last_fault_ended: float | None = None
    stream_ended: float | None = None  # the last step of the last job taken

    @property
    def kills(self) -> Counter[str]:
        return Counter(f["target"] for f in self.faults if f["kind"] == "kill")


def log(started: float, text: str) -> None:
    print(f"[chaos] {time.monotonic() - started:7.1f}s {text}", file=sys.stderr, flush=True)


class Instances:
    """Clients for each running instance of a service, called in turn (as a load balancer
    would spread them)."""

    def __init__(
        self, env: OutageStack, service: str, headers: dict[str, str], limits: httpx.Limits
    ) -> None:
        urls = [
            env.stack.urls[service],
            *([env.seconds[service]] if service in env.seconds else []),
        ]
        self.clients = [
            httpx.AsyncClient(base_url=url, headers=headers, timeout=15, limits=limits)
            for url in urls
        ]
        self.calls = 0

    def _next(self) -> httpx.AsyncClient:
        self.calls += 1
        return self.clients[self.calls % len(self.clients)]

    async def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self._next().get(url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return await self._next().post(url, **kwargs)

    async def aclose(self) -> None:
        for client in self.clients:
            await client.aclose()


class ChaosDriver:
    def __init__(self, env: OutageStack, kafka: PrivateKafka, plan: ChaosPlan) -> None:
        self.env = env
        self.kafka = kafka
        self.plan = plan
        self.run = uuid.uuid4().hex[:8]
        self.random = random.Random(plan.seed)
        self.tally = Tally()
        self.progress = asyncio.Condition()  # notified at each job reported (or given up)
        self.abandoned = 0
        self.webhooks: list[bytes] = []  # signed again at each delivery, as Stripe does
        self.waiting: dict[str, float] = {}  # each step being retried, since when
        self.started = time.monotonic()
        stack = env.stack
        limits = httpx.Limits(max_connections=plan.in_flight + 8)
        integration = {"Authorization": f"Bearer {stack.key(DEMO, 'integration')}"}
        admin = {"Authorization": f"Bearer {stack.key(DEMO, 'admin')}"}
        self.platform = Instances(env, "jobs", integration, limits)
        self.invoicing = Instances(env, "invoicing", admin, limits)
        self.payments = Instances(env, "payments", admin, limits)
        self.customer = httpx.AsyncClient(timeout=20, limits=limits)
        self.stripe = Instances(env, "payments", {}, limits)

    @property
    def job_prefix(self) -> str:
        return f"CHAOS-{self.run}-"

    async def close(self) -> None:
        for client in (self.platform, self.invoicing, self.payments, self.stripe):
            await client.aclose()
        await self.customer.aclose()

    def say(self, text: str) -> None:
        log(self.started, text)

    # -- the run ------------------------------------------------------------------------------

    async def execute(self) -> None:
        """Stream, strike, and return once every step of every job has been taken."""
        streamed = asyncio.Event()
        deliveries = asyncio.create_task(self.deliver_webhooks(streamed))
        faults = asyncio.create_task(self.inject_faults())
        watch = asyncio.create_task(self.report_slow_steps())
        try:
            await self.stream()
            self.tally.stream_ended = time.monotonic()
            await faults
            streamed.set()
            await deliveries
        finally:
            faults.cancel()
            deliveries.cancel()
            watch.cancel()

    async def report_slow_steps(self, every: float = 60, slow: float = 120) -> None:
        """Say what a slow run waits on (and what the stack has left to do) while it runs, so a
        run that hangs says where."""
        while True:
            await asyncio.sleep(every)
            now = time.monotonic()
            if any(now - since > slow for since in self.waiting.values()):
                self.say(f"slow steps: {self.longest_waits(5)}; backlog {await self.backlog()}")

    async def stream(self) -> None:
        slots = asyncio.Semaphore(self.plan.in_flight)
        running: set[asyncio.Task[None]] = set()
        begun = time.monotonic()
        for n in range(self.plan.jobs):
            pause = begun + n / self.plan.rate - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            await slots.acquire()
            task = asyncio.create_task(self.drive_job(n))
            running.add(task)
            task.add_done_callback(running.discard)
            task.add_done_callback(lambda _: slots.release())
            if n and n % max(1, self.plan.jobs // 20) == 0:
                self.say(f"{n} jobs started, {self.tally.reported} reported")
        await asyncio.gather(*running)
        self.say(f"all {self.plan.jobs} jobs driven")

    async def drive_job(self, n: int) -> None:
        external_id = f"{self.job_prefix}{n}"
        email = f"chaos{n}-{self.run}@example.com"
        try:
            event = job_completed_event(email, business_id=DEMO, external_id=external_id)
            await self.until(f"report {external_id}", lambda: self.report(event["data"]))
            async with self.progress:
                self.tally.reported += 1
                self.progress.notify_all()
            if n % 3 == 2:
                return  # a third stays unpaid
            invoice = await self.until(
                f"invoice of {external_id}", lambda: self.issued(external_id)
            )
            if n % 3 == 0:
                await self.pay_by_card(invoice, email, n)
            else:
                await self.claim_and_confirm(invoice, n)
        except GaveUp as gave_up:
            self.tally.gave_up.append(str(gave_up))
            self.say(f"GAVE UP: {gave_up}")
            async with self.progress:  # the faults still due must not wait for this one
                self.abandoned += 1
                self.progress.notify_all()

    async def until(self, what: str, attempt: Callable[[], Awaitable[T | None]]) -> T:
        """Repeat `attempt` (None or a transport error: not yet) until it gives a result."""
        began = time.monotonic()
        deadline = began + STEP_TIMEOUT
        pause, last = 0.2, "no answer"
        self.waiting[what] = began
        try:
            while True:
                try:
                    result = await attempt()
                except httpx.TransportError as error:
                    result, last = None, repr(error)
                if result is not None:
                    return result
                if time.monotonic() > deadline:
                    raise GaveUp(f"{what}: {last}")
                await asyncio.sleep(pause * self.random.uniform(0.5, 1.5))
                pause = min(pause * 1.5, 3.0)
        finally:
            del self.waiting[what]

    def longest_waits(self, count: int = 10) -> list[str]:
        """The steps waited on longest, right now: where a stuck run is stuck."""
        now = time.monotonic()
        oldest = sorted(self.waiting.items(), key=lambda item: item[1])[:count]
        return [f"{what} ({now - since:.0f}s)" for what, since in oldest]

    # -- the public interfaces, one call each (None: not yet, try again) ----------------------

    async def report(self, job: dict[str, Any]) -> bool | None:
        response = await self.platform.post("/v1/jobs/completed", json=job)
        return True if response.status_code in (200, 201) else None

    async def issued(self, external_id: str) -> dict[str, Any] | None:
        found = await self.invoicing.get("/v1/invoices", params={"job_external_id": external_id})
        if found.status_code != 200:
            return None
        items: list[dict[str, Any]] = found.json()["items"]
        return items[0] if len(items) == 1 and items[0]["status"] == "open" else None

    async def new_link(self, invoice_id: str) -> str | None:
        response = await self.invoicing.post(f"/v1/invoices/{invoice_id}/links")
        return str(response.json()["payment_url"]) if response.status_code == 201 else None

    async def detail(self, invoice_id: str) -> dict[str, Any] | None:
        response = await self.invoicing.get(f"/v1/invoices/{invoice_id}")
        return dict(response.json()) if response.status_code == 200 else None

    # -- card: Checkout, then Stripe's signed checkout.session.completed, 3 times -------------

    async def pay_by_card(self, invoice: dict[str, Any], email: str, n: int) -> None:
        invoice_id = str(invoice["invoice_id"])

        async def checkout() -> bool | None:
            link = await self.new_link(invoice_id)
            if link is None:
                return None
            response = await self.customer.post(f"{link}/pay/card")
            location = response.headers.get("location", "")
            return True if response.status_code == 303 and "/i/" not in location else None

        await self.until(f"card checkout for {invoice_id}", checkout)
        attempt_id = await self.until(f"attempt of {invoice_id}", lambda: self.attempt(invoice_id))
        session = stripe_events.checkout_session(
            invoice_id=invoice_id, business_id=DEMO, amount=int(invoice["amount_due"]),
            currency=str(invoice["currency"]).lower(), attempt_id=attempt_id, email=email,
            session_id=f"cs_chaos_{self.run}_{n}", payment_intent=f"pi_chaos_{self.run}_{n}",
        )  # fmt: skip
        payload = stripe_events.event("checkout.session.completed", session)
        self.webhooks += [payload] * 3
        self.tally.card_payments += 1

    async def attempt(self, invoice_id: str) -> str | None:
        log_ = await self.payments.get(f"/v1/invoices/{invoice_id}/payments")
        if log_.status_code != 200:
            return None
        attempts = [e["attempt_id"] for e in log_.json()["entries"] if e["attempt_id"]]
        return str(attempts[-1]) if attempts else None

    async def deliver_webhooks(self, streamed: asyncio.Event) -> None:
        """Stripe's deliveries: whatever is waiting, shuffled together; refused ones again."""
        while True:
            if not self.webhooks:
                if streamed.is_set():
                    return
                await asyncio.sleep(0.3)
                continue
            batch, self.webhooks = self.webhooks, []
            self.random.shuffle(batch)
            for start in range(0, len(batch), 8):
                chunk = batch[start : start + 8]
                accepted = await asyncio.gather(*(self.deliver(p) for p in chunk))
                self.webhooks += [p for p, ok in zip(chunk, accepted, strict=True) if not ok]
            await asyncio.sleep(0.2)

    async def deliver(self, payload: bytes) -> bool:
        headers = {
            "Stripe-Signature": stripe_events.sign(payload, self.env.stack.webhook_secret),
            "Content-Type": "application/json",
        }
        try:
            response = await self.stripe.post("/webhooks/stripe", content=payload, headers=headers)
        except httpx.TransportError:
            return False
        self.tally.webhook_deliveries += response.status_code == 200
        return response.status_code == 200

    # -- bank transfer: the customer claims, an admin confirms --------------------------------

    async def claim_and_confirm(self, invoice: dict[str, Any], n: int) -> None:
        invoice_id = str(invoice["invoice_id"])
        reference = f"BT-{self.run}-{n}"

        async def claim() -> bool | None:
            link = await self.new_link(invoice_id)
            if link is None:
                return None
            form = {"method": "bank_transfer", "reference": reference}
            response = await self.customer.post(f"{link}/claim", data=form)
            return True if response.status_code == 303 else None

        async def pending_claim() -> str | None:
            detail = await self.detail(invoice_id)
            claims = [c for c in (detail or {}).get("claims", []) if c["status"] == "pending"]
            return str(claims[0]["claim_id"]) if claims else None

        async def confirm(claim_id: str) -> bool | None:
            body = {
                "amount": int(invoice["amount_due"]), "currency": invoice["currency"],
                "method": "bank_transfer", "reference": reference, "claim_id": claim_id,
            }  # fmt: skip
            response = await self.payments.post(
                f"/v1/invoices/{invoice_id}/payments/manual",
                json=body,
                headers={"Idempotency-Key": f"chaos-{invoice_id}"},
            )
            return True if response.status_code in (200, 201) else None

        await self.until(f"claim on {invoice_id}", claim)
        claim_id = await self.until(f"claim of {invoice_id} seen", pending_claim)
        await self.until(f"confirm {invoice_id}", lambda: confirm(claim_id))
        self.tally.claims_confirmed += 1

    # -- faults -------------------------------------------------------------------------------

    async def inject_faults(self) -> None:
        for fault in self.plan.faults():
            await self.reported_at_least(fault.at * self.plan.jobs)
            began = time.monotonic()
            await self.strike(fault)
            took = time.monotonic() - began
            self.tally.faults.append(
                {"kind": fault.kind, "target": fault.target, "after_jobs": self.tally.reported,
                 "seconds": round(took, 1)}
            )  # fmt: skip
            self.tally.last_fault_ended = time.monotonic()
            self.say(f"fault {len(self.tally.faults)}: {fault.kind} {fault.target} ({took:.1f}s)")

    async def reported_at_least(self, count: float) -> None:
        async with self.progress:
            await self.progress.wait_for(lambda: self.tally.reported + self.abandoned >= count)

    async def strike(self, fault: Fault) -> None:
        env = self.env
        if fault.kind == "kill":
            env.kill(fault.target)
            await asyncio.sleep(self.random.uniform(0, 2))
            await env.restart(fault.target, timeout=180)
        elif fault.kind == "broker":
            await asyncio.to_thread(self.kafka.stop)
            await asyncio.sleep(self.random.uniform(2, 5))
            await asyncio.to_thread(self.kafka.start)
        elif fault.kind == "database":
            await asyncio.to_thread(env.postgres.stop)
            await asyncio.sleep(self.random.uniform(3, 8))
            await asyncio.to_thread(env.postgres.start)
            await env.postgres.wait_ready(120)
        else:
            env.mailpit.stop()
            await asyncio.sleep(self.plan.smtp_down_seconds)
            await env.mailpit.start()

    # -- drain --------------------------------------------------------------------------------

    async def drain(self, timeout: float) -> tuple[float, float] | None:
        """Seconds from the end of the last fault until nothing is left to do, and from when
        no more work came in (the last fault or the end of the stream, whichever is later):
        on a loaded machine the stream may still run minutes after the last fault, and that is
        fresh work, not backlog. None: not drained within `timeout` of now."""
        now = time.monotonic()
        since_fault = self.tally.last_fault_ended or now
        since_quiet = max(since_fault, self.tally.stream_ended or now)
        deadline = now + timeout
        while True:
            left = await self.backlog()
            if not left:
                done = time.monotonic()
                return done - since_fault, done - since_quiet
            if time.monotonic() > deadline:
                self.say(f"not drained: {left}")
                return None
            await asyncio.sleep(1)

    async def backlog(self) -> dict[str, int]:
        """What is still on its way (empty: everything has gone all the way through)."""
        env, like = self.env, self.job_prefix + "%"
        try:
            jobs = await env.sql(
                "jobs", "SELECT count(*) FROM jobs WHERE external_id LIKE $1", like
            )
            invoiced = await env.sql(
                "invoicing",
                "SELECT count(DISTINCT job_external_id) AS n,"
                " count(*) FILTER (WHERE status = 'paid') AS paid"
                " FROM invoices WHERE job_external_id LIKE $1",
                like,
            )
            confirmed = await env.sql(
                "payments", "SELECT count(*) FROM payments WHERE status = 'confirmed'"
            )
            webhooks = await env.sql(
                "payments", "SELECT count(*) FROM webhook_events WHERE status = 'pending'"
            )
            unsent = await env.sql(
                "notifications",
                "SELECT count(*) FILTER (WHERE status = 'pending') AS pending,"
                " count(*) FILTER (WHERE template = 'receipt') AS receipts,"
                " count(*) FILTER (WHERE status = 'sent' AND channel = 'email') AS sent"
                " FROM notifications",
            )
            outboxes = {
                service: (
                    await env.sql(service, "SELECT count(*) FROM outbox WHERE published_at IS NULL")
                )[0][0]
                for service in ("jobs", "invoicing", "payments", "notifications")
            }
            mails = await self.mail_count()
        except (OSError, asyncpg.PostgresError, httpx.HTTPError) as error:
            return {f"unreachable: {error!r}"[:80]: 1}
        reported = self.tally.reported
        paid_expected = self.tally.card_payments + self.tally.claims_confirmed
        left = {
            "jobs": reported - jobs[0][0],
            "invoices": reported - invoiced[0]["n"],
            "payments": paid_expected - confirmed[0][0],
            "paid": paid_expected - invoiced[0]["paid"],
            "webhooks": webhooks[0][0],
            "mails pending": unsent[0]["pending"],
            "receipts": invoiced[0]["paid"] - unsent[0]["receipts"],
            "in the mail sink": unsent[0]["sent"] - mails,
            **{f"{service} outbox": n for service, n in outboxes.items()},
        }
        return {what: n for what, n in left.items() if n > 0}

    async def mail_count(self) -> int:
        async with httpx.AsyncClient(base_url=self.env.mailpit.api_url, timeout=10) as client:
            response = await client.get("/api/v1/messages", params={"limit": 1})
            response.raise_for_status()
            return int(response.json()["total"])
