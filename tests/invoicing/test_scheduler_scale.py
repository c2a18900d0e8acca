"""The scheduler at scale: 3,000 overdue invoices, the 2,400 oldest fully reminded (more than
a page: the old scheduler read the 500 oldest and never got past them); the 600 newer ones are
all marked and reminded in one run of two schedulers at once, each invoice once.

The invoices are written in bulk under the schema before `next_action_at` existed, so the
migration's backfill is what the scheduler finds.
"""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from closeout.invoicing.usecases.links import Linker
from closeout.invoicing.workers import run_once
from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.db.migrate import upgrade
from support.databases import create_database
from support.infra import Infra
from support.invoicing import MIGRATIONS, start_app
from support.kafka import unique_prefix
from support.services import runtime_of
from support.waiting import unique

# About a minute on a loaded 2-core machine; the default 180 s is too close for comfort.
pytestmark = pytest.mark.timeout(400)

FULLY_REMINDED = 2_400
NEWER = 600

BULK_INVOICES = """
INSERT INTO invoices (
    invoice_id, business_id, job_id, job_revision, customer, customer_name, customer_email,
    currency, tax_mode, lines, subtotal, tax_total, total, amount_due, status,
    payment_terms_days, number, issued_at, due_date, overdue_at, reminders_sent)
SELECT
    format('inv-%s-%s', :label::text, lpad(n::text, 5, '0')), :business::text,
    format('job-%s-%s', :label::text, n), 1,
    '{"name": "Pat Customer", "email": "pat@example.com"}'::jsonb, 'Pat Customer',
    'pat@example.com', 'AUD', 'exclusive', '[]'::jsonb, 10000, 0, 10000, 10000,
    CASE WHEN :reminded::boolean THEN 'overdue' ELSE 'open' END, 14,
    format('INV-%s-%s', :label::text, n), now() - interval '90 days',
    current_date - CASE WHEN :reminded::boolean THEN 60 + n % 20 ELSE 2 + n % 4 END,
    CASE WHEN :reminded::boolean THEN now() - interval '50 days' END,
    CASE WHEN :reminded::boolean THEN 3 ELSE 0 END
FROM generate_series(1, :count::int) AS n
"""

LINKER = Linker("http://invoices.test", DEV_LINK_SECRET)


async def _database_with_old_invoices(infra: Infra, business_id: str) -> str:
    url = await create_database(infra.postgres_url, "invoicing")
    await asyncio.to_thread(upgrade, MIGRATIONS, url, "0003")
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await conn.execute(
            "INSERT INTO businesses (business_id, name, timezone) VALUES ($1, 'Acme', 'UTC')",
            business_id,
        )
        for label, reminded, count in (("old", True, FULLY_REMINDED), ("new", False, NEWER)):
            query, args = _positional(
                BULK_INVOICES, label=label, business=business_id, reminded=reminded, count=count
            )
            await conn.execute(query, *args)
    finally:
        await conn.close()
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    return url


def _positional(query: str, **params: object) -> tuple[str, list[object]]:
    args: list[object] = []
    for index, (name, value) in enumerate(params.items(), start=1):
        query = query.replace(f":{name}", f"${index}")
        args.append(value)
    return query, args


async def test_thousands_overdue_all_handled_in_one_run_once_each(infra: Infra) -> None:
    business_id = unique("biz")
    url = await _database_with_old_invoices(infra, business_id)
    async with start_app(infra, url, unique_prefix(), business_id) as h:
        sessionmaker = runtime_of(h.app).sessionmaker
        first, second = await asyncio.gather(
            run_once(sessionmaker, LINKER, page_size=200),
            run_once(sessionmaker, LINKER, page_size=200),
        )
        marked = first.marked_overdue + second.marked_overdue
        assert len(marked) == NEWER
        assert len(set(marked)) == NEWER
        assert all(i.startswith("inv-new-") for i in marked)
        assert sorted(first.reminders + second.reminders) == sorted((i, 1) for i in marked)

        states = await h.sql(
            "SELECT left(invoice_id, 7) AS kind, status, reminders_sent,"
            " next_action_at IS NULL AS idle, count(*) AS n FROM invoices"
            " GROUP BY 1, 2, 3, 4 ORDER BY 1"
        )
        assert states == [
            {"kind": "inv-new", "status": "overdue", "reminders_sent": 1, "idle": False,
             "n": NEWER},
            {"kind": "inv-old", "status": "overdue", "reminders_sent": 3, "idle": True,
             "n": FULLY_REMINDED},
        ]  # fmt: skip
        events = await h.sql(
            "SELECT event_type, count(*) AS n, count(DISTINCT key) AS invoices"
            " FROM outbox GROUP BY event_type"
        )
        assert events == [{"event_type": "invoice.overdue", "n": NEWER, "invoices": NEWER}]

        again = await run_once(sessionmaker, LINKER, page_size=200)
        assert (again.marked_overdue, again.reminders) == ([], [])
