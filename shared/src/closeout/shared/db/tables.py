"""The outbox and inbox tables every service keeps in its own database."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)


def add_messaging_tables(metadata: MetaData) -> tuple[Table, Table]:
    """Declare `outbox` and `inbox` on a service's metadata (so Alembic migrates them)."""
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigInteger, autoincrement=True),
        Column("event_id", String(64), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(249), nullable=False),
        Column("key", String(200), nullable=True),
        Column("payload", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("attempts", Integer, nullable=False, server_default=text("0")),
        Column("last_error", Text, nullable=True),
        # Set when the row can never be sent (e.g. too large): kept, no longer claimed.
        Column("parked_at", DateTime(timezone=True), nullable=True),
        Index("ix_outbox_unpublished", "id", postgresql_where=text("published_at IS NULL")),
        Index(
            "ix_outbox_published_at",
            "published_at",
            postgresql_where=text("published_at IS NOT NULL"),
        ),  # pruning
        # Named as PostgreSQL named them when the tables were first created, so a service's
        # naming convention (service_metadata) does not rename them.
        PrimaryKeyConstraint("id", name="outbox_pkey"),
        UniqueConstraint("event_id", name="outbox_event_id_key"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("event_key", String(800), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("consumer", "event_key", name="pk_inbox"),
        Index("ix_inbox_processed_at", "processed_at"),  # pruning
    )
    return outbox, inbox
