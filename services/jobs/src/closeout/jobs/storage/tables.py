"""Tables of the jobs database (plus the shared outbox, inbox and api_keys)."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from closeout.shared.db.metadata import service_metadata

metadata = service_metadata()

jobs = Table(
    "jobs",
    metadata,
    Column("job_id", String(64), primary_key=True),
    Column("business_id", String(100), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("title", String(300), nullable=False),
    Column("customer", JSONB, nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_email", String(320)),
    Column("site_address", String(500)),
    Column("currency", String(3), nullable=False),
    Column("line_items", JSONB, nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    Column("cancelled_at", DateTime(timezone=True)),
    Column("notes", Text),
    Column("correlation_id", String(200), nullable=False),
    Column("source", String(500), nullable=False),
    # When the newest applied report was made (its event time; receipt time for REST): an
    # older report arriving later (a replay, a late copy) never overwrites the record.
    Column("reported_at", DateTime(timezone=True)),
    # The billing mirror, fed by invoice.* (ordered by invoice_version) and payment.* events.
    Column("billing_status", String(30), nullable=False, server_default="unbilled"),
    Column("invoice_id", String(64)),
    Column("invoice_number", String(64)),
    Column("invoice_status", String(30)),
    Column("invoice_version", Integer),
    Column("invoice_total", BigInteger),
    Column("amount_due", BigInteger),
    Column("amount_paid", BigInteger),
    Column("amount_refunded", BigInteger),
    Column("amount_credited", BigInteger),  # what credit notes took of the paid amount
    Column("invoice_currency", String(3)),
    Column("invoice_viewed_at", DateTime(timezone=True)),
    Column("paid_at", DateTime(timezone=True)),
    Column("last_payment_method", String(30)),
    Column("last_payment_reference", String(500)),
    Column("last_payment_amount", BigInteger),
    Column("last_payment_at", DateTime(timezone=True)),
    Column("last_billing_event_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("business_id", "external_id"),
    Index("ix_jobs_business_status", "business_id", "status"),
    Index("ix_jobs_business_billing", "business_id", "billing_status"),
    Index("ix_jobs_business_completed", "business_id", "completed_at"),
    Index("ix_jobs_business_invoice", "business_id", "invoice_id"),
)

# Payment facts from payment.*, kept even before the invoice is linked to a job, so the
# mirror does not depend on the order in which invoice and payment events arrive.
payment_facts = Table(
    "payment_facts",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("business_id", String(100), nullable=False),
    Column("invoice_id", String(64), nullable=False),
    Column("payment_id", String(200), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("fact_key", String(300), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("method", String(30), nullable=False),
    Column("reference", String(500)),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("business_id", "payment_id", "kind", "fact_key"),
    Index("ix_payment_facts_invoice", "business_id", "invoice_id"),
)

# Which businesses each field platform (its Kafka principal `User:<platform>`) may report jobs
# for. Reports on a platform's topic for any other business are dead-lettered.
platform_grants = Table(
    "platform_grants",
    metadata,
    Column("platform", String(63), primary_key=True),
    Column("business_id", String(100), primary_key=True),
    Column("granted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
