"""`/metrics` shows invoices by status, and the reminders and overdue markings the running
scheduler committed."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from support.infra import Infra
from support.invoicing import configure_business, job_completed, start_app, turn_on_reminders
from support.kafka import unique_prefix
from support.waiting import eventually, unique


def sample(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and found.labels == labels:
                return found.value
    return 0.0


async def test_metrics_show_invoices_by_status_and_the_schedulers_work(
    infra: Infra, database_url: str
) -> None:
    async with start_app(
        infra,
        database_url,
        unique_prefix(),
        unique("biz"),
        scheduler_enabled=True,
        scheduler_interval_seconds=0.3,
    ) as harness:

        async def metrics() -> str:
            return (await harness.client.get("/metrics")).text

        before = await metrics()
        await configure_business(harness)
        await turn_on_reminders(harness)
        job = job_completed()
        await harness.publish(harness.event("job.completed", job))
        invoice = await eventually(
            lambda: harness.invoice_for_job(job.job_id), lambda i: i["status"] == "open"
        )
        assert sample(await metrics(), "closeout_invoices", status="open") == 1
        await harness.sql(
            "UPDATE invoices SET due_date = current_date - 3, next_action_at = now()"
            " WHERE invoice_id = :i RETURNING 1",
            i=invoice["invoice_id"],
        )
        # The counters move just after the pass commits: wait for both, then compare.
        emitted_before = sample(before, "closeout_reminders_emitted_total")
        after = await eventually(
            metrics,
            lambda text: (
                sample(text, "closeout_invoices", status="overdue") == 1
                and sample(text, "closeout_reminders_emitted_total") > emitted_before
            ),
        )
    assert sample(after, "closeout_invoices", status="open") == 0

    def delta(name: str) -> float:
        return sample(after, name) - sample(before, name)

    assert delta("closeout_invoices_marked_overdue_total") == 1
    assert delta("closeout_reminders_emitted_total") == 1
