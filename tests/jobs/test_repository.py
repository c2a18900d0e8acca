"""The jobs repository on a migrated database: one lookup by any of a job's keys, typed
records, writes of what changed, and tables named by the shared convention."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from closeout.jobs.storage import repository as repo
from closeout.jobs.storage.records import JobFields, JobRecord, PaymentFact
from closeout.jobs.storage.tables import metadata
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.db.metadata import NAMING_CONVENTION
from support.waiting import unique

WHEN = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def new_job(business_id: str) -> JobFields:
    return JobFields(
        job_id=unique("job"),
        business_id=business_id,
        external_id=unique("EXT"),
        status="completed",
        revision=1,
        title="Fix tap",
        customer={"name": "Dana"},
        customer_name="Dana",
        customer_email=None,
        site_address=None,
        currency="AUD",
        line_items=[{"description": "Labour", "quantity": "1", "unit_amount": 100}],
        completed_at=WHEN,
        cancelled_at=None,
        notes=None,
        correlation_id=unique("corr"),
        source="tests",
        reported_at=WHEN,
    )


async def test_one_lookup_finds_a_job_by_id_external_id_or_invoice(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            business = unique("biz")
            stored = await repo.insert_job(session, new_job(business))
            assert isinstance(stored, JobRecord)
            assert (stored.billing_status, stored.created_at is not None) == ("unbilled", True)
            invoiced = await repo.update_job(
                session, stored, replace(stored, invoice_id="inv-1", invoice_status="open")
            )
            assert invoiced.invoice_id == "inv-1"

            by_id = await repo.find_job(session, business, job_id=stored.job_id, for_update=True)
            by_external_id = await repo.find_job(session, business, external_id=stored.external_id)
            by_invoice = await repo.find_job(session, business, invoice_id="inv-1")
            assert by_id == by_external_id == by_invoice == invoiced
            other = unique("other")
            assert await repo.find_job(session, other, job_id=stored.job_id) is None
            assert await repo.find_job(session, other, invoice_id="inv-1") is None

            with pytest.raises(TypeError, match="exactly one"):
                await repo.find_job(session, business)
            with pytest.raises(TypeError, match="exactly one"):
                await repo.find_job(session, business, job_id=stored.job_id, invoice_id="inv-1")
    finally:
        await engine.dispose()


async def test_payment_facts_are_kept_once_in_the_order_they_happened(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    business = unique("biz")

    def fact(payment_id: str, minute: int) -> PaymentFact:
        return PaymentFact(
            business_id=business,
            invoice_id="inv-1",
            payment_id=payment_id,
            kind="confirmed",
            fact_key="",
            amount=100,
            currency="AUD",
            method="card",
            reference=None,
            occurred_at=WHEN.replace(minute=minute),
        )

    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            assert await repo.add_payment_fact(session, fact("late", 30))
            assert await repo.add_payment_fact(session, fact("early", 5))
            assert not await repo.add_payment_fact(session, fact("early", 5))
            facts = await repo.payments_of_invoice(session, business, "inv-1")
            assert facts == [fact("early", 5), fact("late", 30)]
    finally:
        await engine.dispose()


def test_tables_hang_on_the_shared_metadata() -> None:
    assert metadata.naming_convention == NAMING_CONVENTION
    assert {"outbox", "inbox", "api_keys", "jobs", "payment_facts"} <= set(metadata.tables)


JOBS_TABLES = {"jobs", "payment_facts", "platform_grants"}


def _jobs_own(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) in JOBS_TABLES


async def test_the_migrated_database_matches_the_tables(database_url: str) -> None:
    """Constraint and index names from the convention are the ones the migrations created
    (jobs' own tables; the shared plumbing tables are the shared library's)."""

    def differences(connection: Connection) -> list[object]:
        options = {"compare_type": True, "include_object": _jobs_own}
        context = MigrationContext.configure(connection, opts=options)
        return list(compare_metadata(context, metadata))

    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
    finally:
        await engine.dispose()
