"""The entry point owns the transaction: payments' use cases run in the caller's and never
commit. The repository returns typed records, and the tables match the migrated database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, text

from closeout.payments.settings import PaymentsSettings
from closeout.payments.storage import repository as repo
from closeout.payments.storage.records import InvoiceRecord, ProjectedInvoice
from closeout.payments.storage.tables import metadata
from closeout.payments.usecases.manual import ManualPayment, confirm_manual, reject_claim
from closeout.payments.usecases.webhooks import process_next, replay_event, store_event
from closeout.shared.auth import Principal
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.db.metadata import NAMING_CONVENTION
from closeout.shared.errors import NotFoundError
from support.payments import new_ids
from support.stripe_events import stripe_event

PAYMENTS_TABLES = {"invoices", "checkout_attempts", "payments", "ledger_entries", "webhook_events"}


def _projection(invoice_id: str, business_id: str) -> ProjectedInvoice:
    return ProjectedInvoice(
        invoice_id=invoice_id,
        business_id=business_id,
        version=1,
        number="INV-1",
        status="open",
        currency="USD",
        total=5_000,
        amount_due=5_000,
        customer_email=None,
        stripe_account_id=None,
    )


async def test_use_cases_write_in_the_callers_transaction_and_never_commit(
    database_url: str,
) -> None:
    invoice_id, business_id = new_ids()
    admin = Principal(business_id, frozenset({"admin"}), "key-1")
    engine = create_engine(database_url, pool_size=2)
    try:
        sessions = create_sessionmaker(engine)
        async with sessions() as session, session.begin():
            await repo.upsert_invoice(session, _projection(invoice_id, business_id))
        async with sessions() as session, session.begin():
            payment, created = await confirm_manual(
                session,
                admin,
                ManualPayment(
                    invoice_id=invoice_id,
                    amount=1_000,
                    currency="USD",
                    method="cash",
                    reference=None,
                    claim_id=None,
                    idempotency_key="k-1",
                    occurred_at=None,
                ),
            )
            assert created
            assert payment.status == "confirmed"
            assert await reject_claim(session, admin, invoice_id, "claim-1", "no such payment")
            evt = stripe_event("customer.created", {"id": "cus_1", "object": "customer"})
            assert await store_event(session, evt)
            assert await process_next(session, PaymentsSettings(database_url=database_url))
            await session.rollback()  # the caller decides: nothing of it stays
        async with engine.connect() as connection:
            counts = await connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM payments WHERE invoice_id = :i),"
                    " (SELECT count(*) FROM ledger_entries WHERE invoice_id = :i),"
                    " (SELECT count(*) FROM webhook_events WHERE event_id = :e)"
                ),
                {"i": invoice_id, "e": evt["id"]},
            )
            assert tuple(counts.one()) == (0, 0, 0)
    finally:
        await engine.dispose()


async def test_refusals_are_the_shared_kinds(database_url: str) -> None:
    invoice_id, business_id = new_ids()
    other = Principal("biz-other", frozenset({"admin"}), "key-2")
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await repo.upsert_invoice(session, _projection(invoice_id, business_id))
            with pytest.raises(NotFoundError, match=r"^invoice not found$"):
                await reject_claim(session, other, invoice_id, "claim-2", "not theirs")
            with pytest.raises(NotFoundError, match=r"^no such event$"):
                await replay_event(session, "evt_missing")
    finally:
        await engine.dispose()


async def test_the_repository_returns_typed_records(database_url: str) -> None:
    invoice_id, business_id = new_ids()
    engine = create_engine(database_url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await repo.upsert_invoice(session, _projection(invoice_id, business_id))
            invoice = await repo.get_invoice(session, invoice_id)
        assert isinstance(invoice, InvoiceRecord)
        assert invoice.status == "open"
        assert invoice.amount_due == 5_000
        assert invoice.updated_at <= datetime.now(UTC)
    finally:
        await engine.dispose()


def _payments_own(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) in PAYMENTS_TABLES


async def test_the_migrated_database_matches_the_tables(database_url: str) -> None:
    """The tables hang on the shared metadata, and every constraint keeps the name the
    migrations gave it (payments' own tables; the plumbing tables are the shared library's)."""
    assert metadata.naming_convention == NAMING_CONVENTION
    assert {"outbox", "inbox", "api_keys"} <= set(metadata.tables)
    ours = {
        (table.name, constraint.name)
        for table in metadata.tables.values()
        if table.name in PAYMENTS_TABLES
        for constraint in table.constraints
    }

    def differences(connection: Connection) -> list[object]:
        options = {"compare_type": True, "include_object": _payments_own}
        context = MigrationContext.configure(connection, opts=options)
        return list(compare_metadata(context, metadata))

    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            rows = await connection.execute(
                text(
                    "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c"
                    " WHERE c.conrelid::regclass::text = ANY(:tables)"
                ),
                {"tables": sorted(PAYMENTS_TABLES)},
            )
            assert ours == {(table, name) for table, name in rows.all()}
    finally:
        await engine.dispose()
