"""The dashboard's own tables: accounts, sessions, sign-in failures, account links (invitations,
password resets), the audit log."""

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from closeout.shared.db.metadata import service_metadata

metadata = service_metadata()

users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("business_id", String(100), nullable=False, index=True),
    Column("email", String(320), nullable=False, unique=True),  # stored lower-case
    Column("name", String(200), nullable=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("disabled_at", DateTime(timezone=True), nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column(
        "user_id",
        String(64),
        ForeignKey("users.user_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("ip", String(64), nullable=True),
)

sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_email_at", "email", "at"),
    Index("ix_sign_in_failures_ip_at", "ip", "at"),
)

# Invitations and password resets: one-use, expiring links. Only the SHA-256 of the link's
# token is kept (the token is derived from link_id with CLOSEOUT_LINK_SECRET).
account_links = Table(
    "account_links",
    metadata,
    Column("link_id", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),  # invitation | password_reset
    Column("business_id", String(100), nullable=False),
    Column("email", String(320), nullable=False),
    Column("role", String(20), nullable=True),  # invitations: the role the invitee gets
    Column("user_id", String(64), nullable=True),  # resets: whose password
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_by", String(64), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Index("ix_account_links_business_id_kind", "business_id", "kind"),
)

# Password-reset requests, known account or not: the throttle counts them.
password_reset_requests = Table(
    "password_reset_requests",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_password_reset_requests_email_at", "email", "at"),
    Index("ix_password_reset_requests_ip_at", "ip", "at"),
)

# Who did what from the dashboard: sign-ins, actions on invoices, settings changes
# (`detail` holds e.g. {"before": ..., "after": ...}).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    Column("business_id", String(100), nullable=False),
    Column("user_id", String(64), nullable=True),
    Column("action", String(64), nullable=False),
    Column("target", String(200), nullable=True),
    Column("detail", JSONB, nullable=False, server_default="{}"),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_audit_log_business_id_at", "business_id", "at"),
)
