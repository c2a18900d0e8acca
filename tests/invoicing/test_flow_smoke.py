"""From `job.completed` on Kafka to an issued invoice, its events on Kafka, and its page."""

from support.invoicing import Harness, configure_business, job_completed, live_path
from support.kafka import events_of, read_topic


async def test_auto_send_issues_and_publishes_with_link(harness: Harness) -> None:
    await configure_business(harness, auto_send=True, tax_mode="exclusive", payment_terms_days=7)
    job = job_completed()
    await harness.publish(harness.event("job.completed", job))

    invoice = await harness.invoice_for_job(job.job_id)
    assert invoice["status"] == "open"
    # 2.5 x 90.00 = 225.00 + 10 % = 247.50; 45.50 + 10 % = 50.05 (4.55 rounds half up to 4.55)
    assert (invoice["subtotal"], invoice["tax_total"], invoice["total"]) == (27050, 2705, 29755)
    assert invoice["number"].startswith("INV-")
    assert invoice["number"].endswith("-000001")
    assert (invoice["due_date"] - invoice["issued_at"].date()).days in (7, 8)

    records = await read_topic(
        harness.infra.kafka_bootstrap_servers,
        harness.prefix + "invoice.issued",
        until=lambda rs: len(rs) >= 1,
    )
    issued = events_of(records)[0]
    assert issued["data"]["invoice"]["invoice_id"] == invoice["invoice_id"]
    assert issued["data"]["invoice"]["status"] == "open"
    reference = issued["data"]["payment_url"]
    assert reference.startswith("http://invoices.test/i/~")  # no token on the topic
    missed = await harness.client.get(reference.removeprefix("http://invoices.test"))
    assert missed.status_code == 404

    page = await harness.client.get(live_path(reference))
    assert page.status_code == 200
    assert "$297.55" in page.text
    assert invoice["number"] in page.text
