"""The payments gateway's tables: invoice projection, attempts, payments, ledger, webhooks."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
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

# The tables below were created before the naming convention: the constraints it would name
# otherwise keep the names PostgreSQL gave them.


def _primary_key(table: str, column: str) -> PrimaryKeyConstraint:
    return PrimaryKeyConstraint(column, name=f"{table}_pkey")


def _now() -> Column[object]:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


# What payments knows about invoices, from invoice.* events (newest snapshot version wins).
invoices = Table(
    "invoices",
    metadata,
    Column("invoice_id", String(64)),
    _primary_key("invoices", "invoice_id"),
    Column("business_id", String(100), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("number", String(100)),
    Column("status", String(40), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("amount_due", BigInteger, nullable=False),
    Column("customer_email", String(320)),
    Column("stripe_account_id", String(100)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# One Stripe Checkout session we created for an invoice's open balance.
attempts = Table(
    "checkout_attempts",
    metadata,
    Column("attempt_id", String(64)),
    _primary_key("checkout_attempts", "attempt_id"),
    Column("invoice_id", String(64), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("attempt_no", Integer, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    # NULL while the attempt is reserved and Stripe has not answered yet (status creating).
    Column("checkout_session_id", String(255)),
    Column("checkout_url", Text),
    Column("stripe_account_id", String(100)),
    Column("customer_email", String(320)),
    Column("correlation_id", String(200)),
    # creating -> open -> processing -> paid | failed | expired; creating -> abandoned
    Column("status", String(20), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    _now(),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reconciled_at", DateTime(timezone=True)),
    # Set when the invoice was paid, voided or its balance changed: expired at Stripe next.
    Column("expire_requested_at", DateTime(timezone=True)),
    Column("expire_reason", Text),
    # The platform fee asked of Stripe on a connected account (NULL: none).
    Column("application_fee_amount", BigInteger),
    UniqueConstraint("invoice_id", "attempt_no", name="uq_attempt_no"),
    Index("ix_attempts_unsettled", "status", "created_at"),
    Index(
        "ix_attempts_to_expire",
        "expire_requested_at",
        postgresql_where=text("expire_requested_at IS NOT NULL AND status = 'open'"),
    ),
)

# One payment: a card payment (per checkout attempt) or a confirmed manual payment.
payments = Table(
    "payments",
    metadata,
    Column("payment_id", String(64)),
    _primary_key("payments", "payment_id"),
    Column("invoice_id", String(64), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("provider", String(20), nullable=False),
    # What makes two reports the same payment: the attempt id, a Stripe session / payment
    # intent, or the admin's idempotency key / claim id.
    Column("provider_key", String(300), nullable=False),
    Column(
        "attempt_id",
        String(64),
        ForeignKey("checkout_attempts.attempt_id", name="payments_attempt_id_fkey"),
    ),
    Column("method", String(20), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("payment_intent_id", String(255)),
    Column("checkout_session_id", String(255)),
    Column("reference", String(300)),
    Column("claim_id", String(100)),
    Column("confirmed_by", String(200)),
    # processing | confirmed | failed
    Column("status", String(20), nullable=False),
    Column("amount_refunded", BigInteger, nullable=False, server_default=text("0")),
    Column("confirmed_at", DateTime(timezone=True)),
    _now(),
    UniqueConstraint("invoice_id", "provider_key", name="uq_payment_provider_key"),
    CheckConstraint(
        "amount_refunded >= 0 AND amount_refunded <= amount",
        name="ck_payments_refund_within_amount",
    ),
    Index("ix_payments_payment_intent", "payment_intent_id"),
    Index(
        "uq_payments_claim", "claim_id", unique=True, postgresql_where=text("claim_id IS NOT NULL")
    ),
)

# The payment log: every attempt, confirmation, failure, refund and dispute, once each.
ledger = Table(
    "ledger_entries",
    metadata,
    Column("id", BigInteger, autoincrement=True),
    _primary_key("ledger_entries", "id"),
    Column("invoice_id", String(64), nullable=False, index=True),
    Column("business_id", String(100), nullable=False),
    Column("payment_id", String(64)),
    Column("attempt_id", String(64)),
    Column("kind", String(40), nullable=False),
    Column("amount", BigInteger),
    Column("currency", String(3)),
    Column("method", String(20)),
    Column("reference", String(300)),
    Column("detail", Text),
    Column("actor", String(200)),
    # The fact's identity: a second report of the same fact is a no-op.
    Column("dedupe_key", String(400), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    _now(),
    UniqueConstraint("dedupe_key", name="ledger_entries_dedupe_key_key"),
    # The business's payment log across invoices, newest first.
    Index("ix_ledger_entries_business_id_occurred_at", "business_id", "occurred_at"),
)

# Raw Stripe webhook events, stored once by Stripe's event id, processed by a worker.
webhook_events = Table(
    "webhook_events",
    metadata,
    Column("event_id", String(255)),
    _primary_key("webhook_events", "event_id"),
    Column("event_type", String(200), nullable=False),
    Column("account", String(100)),
    Column("payload", JSONB, nullable=False),
    # pending | waiting | done | ignored | failed
    Column("status", String(20), nullable=False, server_default=text("'pending'")),
    # A waiting event is about a payment not confirmed yet (this payment intent): it is
    # processed again as soon as that confirmation is recorded.
    Column("waiting_for", String(255)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text),
    Column("outcome", Text),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("processed_at", DateTime(timezone=True)),
    # The W3C trace context of the request that delivered it: processing joins that trace.
    Column("traceparent", String(55)),
    Index("ix_webhook_events_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
    Index("ix_webhook_events_waiting", "waiting_for", postgresql_where=text("status = 'waiting'")),
)

# A business's Stripe Connect account: stored only from the onboarding flow (one per business).
connect_accounts = Table(
    "connect_accounts",
    metadata,
    Column("business_id", String(100), primary_key=True),
    Column("account_id", String(100), nullable=False, unique=True),
    # onboarding | connected | disconnected
    Column("status", String(20), nullable=False),
    Column("charges_enabled", Boolean, nullable=False, server_default=text("false")),
    Column("details_submitted", Boolean, nullable=False, server_default=text("false")),
    _now(),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Every change of a business's connected account: created, charges enabled, disconnected.
connect_account_history = Table(
    "connect_account_history",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("business_id", String(100), nullable=False, index=True),
    Column("account_id", String(100), nullable=False),
    Column("action", String(40), nullable=False),
    Column("charges_enabled", Boolean),
    Column("actor", String(200)),
    Column("occurred_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# The platform's fee on a business's card payments on its connected account (set by ops).
fee_rules = Table(
    "fee_rules",
    metadata,
    Column("business_id", String(100), primary_key=True),
    Column("percent_bps", Integer, nullable=False, server_default=text("0")),
    Column("fixed_amount", BigInteger, nullable=False, server_default=text("0")),
    Column("cap_amount", BigInteger),
    Column("updated_by", String(200)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "percent_bps >= 0 AND percent_bps <= 10000 AND fixed_amount >= 0"
        " AND (cap_amount IS NULL OR cap_amount >= 0)",
        name="ck_fee_rules_bounds",
    ),
)

# A partner (referrer, trade partner, field platform) earning a share of a business's paid
# invoices, paid to its own connected account (stored only from its onboarding flow).
partners = Table(
    "partners",
    metadata,
    Column("partner_id", String(64), primary_key=True),
    Column("business_id", String(100), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    # Empty: every invoice of the business; else only invoices to these customers (emails).
    Column("customer_emails", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    # percent | fixed (see domain.partners.PartnerRule)
    Column("rule_kind", String(10), nullable=False),
    Column("percent_bps", Integer, nullable=False, server_default=text("0")),
    Column("fixed_amount", BigInteger, nullable=False, server_default=text("0")),
    Column("cap_amount", BigInteger),
    Column("ends_at", DateTime(timezone=True)),
    Column("account_id", String(100), unique=True),
    Column("payouts_enabled", Boolean, nullable=False, server_default=text("false")),
    Column("details_submitted", Boolean, nullable=False, server_default=text("false")),
    # active | ended
    Column("status", String(10), nullable=False, server_default=text("'active'")),
    Column("ended_at", DateTime(timezone=True)),
    _now(),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "percent_bps >= 0 AND percent_bps <= 10000 AND fixed_amount >= 0"
        " AND (cap_amount IS NULL OR cap_amount >= 0)",
        name="ck_partners_rule_bounds",
    ),
)

# A partner's share of one confirmed payment: a pending row the payout worker turns into one
# Stripe Transfer (idempotency key `payout:<payment id>:<partner id>`), outside transactions.
partner_payouts = Table(
    "partner_payouts",
    metadata,
    Column("payout_id", String(64), primary_key=True),
    Column("partner_id", String(64), nullable=False, index=True),
    Column("business_id", String(100), nullable=False),
    Column("payment_id", String(64), nullable=False),
    Column("invoice_id", String(64), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    # pending | held (a dispute) | paid | failed | cancelled (a lost dispute)
    Column("status", String(10), nullable=False),
    Column("transfer_id", String(100)),
    Column("destination", String(100)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text),
    _now(),
    Column("paid_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("payment_id", "partner_id"),
    Index("ix_partner_payouts_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
)

# What a refund takes back of a payout: one Stripe Transfer Reversal each, made once the
# payout is paid (idempotency key `reversal:<payout id>:<refund key>`).
partner_reversals = Table(
    "partner_reversals",
    metadata,
    Column("reversal_id", String(64), primary_key=True),
    Column("payout_id", String(64), nullable=False, index=True),
    Column("partner_id", String(64), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("refund_key", String(300), nullable=False),
    Column("amount", BigInteger, nullable=False),
    # pending | reversed | failed | skipped (the payout was never made)
    Column("status", String(10), nullable=False),
    Column("stripe_reversal_id", String(100)),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("last_error", Text),
    _now(),
    Column("done_at", DateTime(timezone=True)),
    UniqueConstraint("payout_id", "refund_key"),
    Index(
        "ix_partner_reversals_due", "next_attempt_at", postgresql_where=text("status = 'pending'")
    ),
)
