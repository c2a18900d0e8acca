"""After a chaos run: count, from the databases and the mail sink, what the stack did, and say
which guarantee (if any) it broke. The summary's first keys are a public contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from faults.chaos import ChaosDriver
from faults.probes import dead_letters

# The public contract of .local/chaos/summary.json (more keys follow them).
CONTRACT = (
    "jobs", "invoices", "duplicate_invoices", "lost_invoices", "payments_confirmed",
    "double_applied", "receipts", "duplicate_emails", "dead_letters", "faults_injected",
    "drain_seconds",
)  # fmt: skip


async def summarize(driver: ChaosDriver, drained: tuple[float, float] | None) -> dict[str, Any]:
    env, like, tally = driver.env, driver.job_prefix + "%", driver.tally
    jobs = await env.sql(
        "jobs", "SELECT count(DISTINCT external_id) FROM jobs WHERE external_id LIKE $1", like
    )
    invoices = await env.sql(
        "invoicing",
        "SELECT invoice_id, status, total, amount_paid FROM invoices WHERE job_external_id LIKE $1",
        like,
    )
    invoice_jobs = await env.sql(
        "invoicing",
        "SELECT count(*) AS n, count(DISTINCT job_external_id) AS distinct_jobs FROM invoices"
        " WHERE job_external_id LIKE $1",
        like,
    )
    applied = await env.sql(
        "invoicing",
        "SELECT invoice_id, count(*) AS n FROM ledger_entries WHERE kind = 'payment'"
        " GROUP BY invoice_id",
    )
    confirmed = await env.sql(
        "payments",
        "SELECT invoice_id, count(*) AS n FROM payments WHERE status = 'confirmed'"
        " GROUP BY invoice_id",
    )
    mailed = await env.sql(
        "notifications",
        "SELECT invoice_id, template, status, message_id FROM notifications"
        " WHERE channel = 'email'",
    )
    messages = await mail_sink(env.mailpit.api_url)

    ours = {r["invoice_id"]: r for r in invoices}
    paid = {i for i, r in ours.items() if r["status"] == "paid"}
    confirmed_per_invoice = {r["invoice_id"]: r["n"] for r in confirmed}
    applied_per_invoice = {r["invoice_id"]: r["n"] for r in applied}
    # Each invoice is paid once by the run: a second payment or application is a doubled effect.
    doubled = {i for i, n in confirmed_per_invoice.items() if n > 1}
    doubled |= {i for i, n in applied_per_invoice.items() if n > 1}
    doubled |= {i for i, r in ours.items() if r["amount_paid"] > r["total"]}
    receipts = Counter(r["invoice_id"] for r in mailed if r["template"] == "receipt")
    recorded_ids = {normal(r["message_id"]) for r in mailed if r["status"] == "sent"}
    in_sink = Counter(normal(m["MessageID"]) for m in messages)
    duplicated = {mid: n - 1 for mid, n in in_sink.items() if n > 1}
    notifications_killed = tally.kills["notifications"] > 0
    letters = await dead_letters(env)
    summary: dict[str, Any] = {
        "jobs": tally.reported,
        "invoices": invoice_jobs[0]["n"],
        "duplicate_invoices": invoice_jobs[0]["n"] - invoice_jobs[0]["distinct_jobs"],
        "lost_invoices": tally.reported - invoice_jobs[0]["distinct_jobs"],
        "payments_confirmed": sum(confirmed_per_invoice.values()),
        "double_applied": len(doubled),
        "receipts": sum(receipts.values()),
        "duplicate_emails": sum(duplicated.values()),
        "dead_letters": sum(letters.values()),
        "faults_injected": len(tally.faults),
        "drain_seconds": None if drained is None else round(drained[0], 1),
        # What the contract's numbers are checked against, and how they were reached.
        "jobs_recorded": jobs[0][0],
        "paid_invoices": len(paid),
        "payments_made": tally.card_payments + tally.claims_confirmed,
        "card_payments": tally.card_payments,
        "claims_confirmed": tally.claims_confirmed,
        "webhook_deliveries": tally.webhook_deliveries,
        "paid_without_confirmation": len(paid - set(confirmed_per_invoice)),
        "confirmed_not_applied": len(set(confirmed_per_invoice) - paid),
        "paid_without_one_receipt": sum(1 for i in paid if receipts[i] != 1),
        "receipts_for_unpaid": sum(n for i, n in receipts.items() if i not in paid),
        "emails_recorded_sent": len(recorded_ids),
        "emails_in_sink": len(messages),
        "emails_lost": len(recorded_ids - set(in_sink)),
        "emails_failed": sum(1 for r in mailed if r["status"] == "failed"),
        "emails_unrecorded": len(set(in_sink) - recorded_ids),
        # A resend is explained only by a SIGKILL of notifications after the SMTP server took
        # the message and before the send was recorded: the same message, same Message-ID.
        "duplicate_emails_unexplained": sum(
            n
            for mid, n in duplicated.items()
            if not notifications_killed or mid not in recorded_ids
        ),
        "dead_letter_topics": letters,
        "kills": dict(tally.kills),
        "faults": dict(Counter(f["kind"] for f in tally.faults)),
        # From when no more work came in: the last fault, or the stream's end if later.
        "backlog_drain_seconds": None if drained is None else round(drained[1], 1),
        "drain_limit_seconds": driver.plan.drain_limit_seconds,
        "driver_gave_up": tally.gave_up[:20],
        "instances": driver.plan.instances,
        "second_instances_consumed": {
            service: await events_consumed(url) for service, url in env.seconds.items()
        },
    }
    return summary


async def events_consumed(base_url: str) -> int:
    """How many events this instance's consumers finished with (from its /metrics)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=10) as client:
        exposition = (await client.get("/metrics")).text
    return int(
        sum(
            sample.value
            for family in text_string_to_metric_families(exposition)
            if family.name == "closeout_events_consumed"
            for sample in family.samples
            if sample.name.endswith("_total")
        )
    )


def violations(summary: dict[str, Any]) -> list[str]:
    """Each broken guarantee, in words (empty: the run proved them all)."""
    s = summary
    checks = {
        "every job exactly one invoice": s["duplicate_invoices"] == 0 and s["lost_invoices"] == 0
        and s["jobs_recorded"] == s["jobs"],
        "every confirmed payment applied once": s["double_applied"] == 0
        and s["confirmed_not_applied"] == 0 and s["payments_confirmed"] == s["payments_made"],
        "no invoice paid without a confirmation": s["paid_without_confirmation"] == 0,
        "every paid invoice exactly one receipt": s["paid_without_one_receipt"] == 0
        and s["receipts_for_unpaid"] == 0 and s["receipts"] == s["paid_invoices"],
        "nothing dead-lettered": s["dead_letters"] == 0,
        "every mail recorded reached the sink, none failed": s["emails_lost"] == 0
        and s["emails_failed"] == 0 and s["emails_unrecorded"] == 0,
        "duplicate emails only resends after a kill": s["duplicate_emails_unexplained"] == 0,
        "backlog drained within the limit of the last fault": s["backlog_drain_seconds"]
        is not None and s["backlog_drain_seconds"] <= s["drain_limit_seconds"],
        "the driver never gave up on a step": not s["driver_gave_up"],
        "every second instance shared the work": all(s["second_instances_consumed"].values()),
    }  # fmt: skip
    return [name for name, held in checks.items() if not held]


def table(summary: dict[str, Any]) -> str:
    width = max(len(k) for k in summary)
    rows = [f"{key:<{width}}  {json.dumps(value)}" for key, value in summary.items()]
    rule = "-" * max(len(r) for r in rows)
    return "\n".join([rule, *rows, rule])


def write(summary: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2) + "\n")


def normal(message_id: str) -> str:
    return message_id.strip().strip("<>")


async def mail_sink(api_url: str) -> list[dict[str, Any]]:
    """Every message Mailpit holds (its summaries: MessageID, To, Subject)."""
    found: list[dict[str, Any]] = []
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        while True:
            page = await client.get("/api/v1/messages", params={"start": len(found), "limit": 1000})
            page.raise_for_status()
            batch = page.json()["messages"]
            found += batch
            if len(batch) < 1000:
                return found
