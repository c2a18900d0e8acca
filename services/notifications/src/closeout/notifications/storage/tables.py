"""The notifications database: outgoing messages, suppressions and what it knows of invoices."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from closeout.shared.db.metadata import service_metadata

metadata = service_metadata()
# The first migration let PostgreSQL name these constraints; the names are kept as they are in
# the database (the naming convention applies to constraints added from now on).

NOTIFICATION_STATUSES = ("pending", "sent", "failed", "suppressed")

notifications = Table(
    "notifications",
    metadata,
    Column("id", String(64)),
    # What makes two intents "the same message": a second one with this key is never recorded.
    Column("dedupe_key", String(1000), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("invoice_id", String(100), nullable=True),
    Column("template", String(100), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("subject", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("body_html", Text, nullable=True),
    Column("reply_to", String(320), nullable=True),
    Column("sender_name", String(200), nullable=True),
    Column("cause_event_id", String(200), nullable=False),
    Column("cause_event_type", String(200), nullable=False),
    Column("correlation_id", String(200), nullable=True),
    Column("status", String(20), nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text, nullable=True),
    Column("message_id", String(200), nullable=False),
    # The W3C trace context of the event that caused the message: its delivery joins that trace.
    Column("traceparent", String(55), nullable=True),
    # A document of the invoice attached at send time (domain.attachments), e.g. "invoice.pdf".
    Column("attachment", String(100), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("sent_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # What the provider reports after accepting (SMS status callbacks); email has none.
    Column("provider_message_id", String(100), nullable=True),
    Column("delivery_status", String(20), nullable=True),
    Column("delivery_error", Text, nullable=True),
    Column("delivery_updated_at", DateTime(timezone=True), nullable=True),
    PrimaryKeyConstraint("id", name="notifications_pkey"),
    UniqueConstraint("dedupe_key", name="notifications_dedupe_key_key"),
    Index("ix_notifications_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    Index("ix_notifications_invoice", "business_id", "invoice_id"),
    Index("ix_notifications_business_created", "business_id", "created_at"),
)

# The provider's id of each message it accepted, committed on its own right after the provider
# answered (not in the worker's transaction): a retry after a crash before the send was recorded
# finds it and does not send again, and a status callback that outruns the worker finds its
# message (see usecases.delivery).
provider_acceptances = Table(
    "provider_acceptances",
    metadata,
    Column("notification_id", String(64)),
    Column("provider_message_id", String(100), nullable=False, unique=True),
    Column("accepted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("notification_id"),
)

suppressions = Table(
    "suppressions",
    metadata,
    Column("business_id", String(100), nullable=False),
    Column("address", String(320), nullable=False),  # lower-cased
    Column("reason", String(40), nullable=False),
    Column("note", Text, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("business_id", "address", name="pk_suppressions"),
)

# The latest invoice snapshot, business profile and link per invoice, from `invoice.*` events,
# so payment events (which carry neither) can be addressed and branded.
invoice_contexts = Table(
    "invoice_contexts",
    metadata,
    Column("invoice_id", String(100)),
    Column("business_id", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("invoice", JSONB, nullable=False),
    Column("business", JSONB, nullable=False),
    Column("payment_url", Text, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("invoice_id", name="invoice_contexts_pkey"),
)

# Payment events that arrived before any event about their invoice: replayed once it comes.
deferred_events = Table(
    "deferred_events",
    metadata,
    Column("event_key", String(800)),
    Column("invoice_id", String(100), nullable=False, index=True),
    Column("event_type", String(200), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("event_key", name="deferred_events_pkey"),
)

# Admin alerts are rate limited per (kind, recipient) and time window: the first occurrence in a
# window is mailed, later ones are only counted here and reported by the next alert's mail.
alert_windows = Table(
    "alert_windows",
    metadata,
    Column("kind", String(50), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("recipient", String(320), nullable=False),  # lower-cased
    Column("bucket", BigInteger, nullable=False),  # unix time // window length
    Column("occurrences", Integer, nullable=False, server_default=text("1")),
    # Whether a later alert's mail has told of the occurrences held back in this window.
    Column("reported", Boolean, nullable=False, server_default=text("false")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("kind", "business_id", "recipient", "bucket", name="pk_alert_windows"),
)

# Payments the owner hears of in a daily digest (`payment_notice` daily): one row per payment,
# on the business's day it was recorded; `digest_id` is the digest message that listed it.
payment_digest_items = Table(
    "payment_digest_items",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("fact_key", String(400), nullable=False, unique=True),
    Column("business_id", String(100), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("local_day", Date, nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("invoice_id", String(100), nullable=False),
    Column("invoice_number", String(100)),
    Column("customer_name", String(200), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("method", String(20), nullable=False),
    Column("reference", String(300)),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("digest_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index(
        "ix_payment_digest_items_due",
        "local_day",
        postgresql_where=text("digest_id IS NULL"),
    ),
)
