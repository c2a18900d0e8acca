"""Tables of the invoicing database (plus the shared outbox, inbox and api_keys)."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from closeout.shared.db.metadata import service_metadata

metadata = service_metadata()

CURRENT_JOB_INVOICE = "job_id IS NOT NULL AND reissued_as IS NULL"


def _timestamps() -> list[Column[object]]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


businesses = Table(
    "businesses",
    metadata,
    Column("business_id", String(100), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("email", String(320)),
    Column("phone", String(40)),
    Column("address", String(500)),
    Column("website", String(500)),
    Column("logo_url", String(1000)),
    Column("brand_color", String(20)),
    Column("accent_color", String(20)),
    Column("bank_transfer_instructions", Text),
    Column("payment_terms_days", Integer, nullable=False, server_default=text("14")),
    Column("tax_mode", String(10), nullable=False, server_default="exclusive"),
    Column("default_currency", String(3), nullable=False, server_default="USD"),
    Column("number_prefix", String(20), nullable=False, server_default="INV"),
    Column("auto_send", Boolean, nullable=False, server_default=false()),
    Column("link_expiry_days", Integer, nullable=False, server_default=text("90")),
    Column("admin_email", String(320)),
    Column("stripe_account_id", String(100)),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("attach_pdfs", Boolean, nullable=False, server_default=false()),
    # When the owner hears of a payment: each (one mail per payment), daily (a digest), never.
    Column("payment_notice", String(10), nullable=False, server_default="each"),
    # `domain.reminders.ReminderSchedule` as JSON; NULL: never set (reminders are off).
    Column("reminder_schedule", JSONB),
    *_timestamps(),
)

invoices = Table(
    "invoices",
    metadata,
    Column("invoice_id", String(64), primary_key=True),
    Column("business_id", String(100), ForeignKey("businesses.business_id"), nullable=False),
    # NULL for invoices that did not come from a job (`source`: manual, import, recurring).
    Column("job_id", String(200)),
    Column("source", String(20), nullable=False, server_default="job"),
    Column("source_ref", String(200)),  # the import or schedule an invoice came from
    Column("job_external_id", String(200)),
    Column("job_title", String(300)),
    Column("job_revision", Integer, nullable=False),
    Column("site_address", String(500)),
    Column("job_completed_at", DateTime(timezone=True)),
    Column("notes", Text),
    Column("correlation_id", String(200)),
    Column("customer", JSONB, nullable=False),
    Column("customer_name", String(200), nullable=False),
    Column("customer_email", String(320)),
    Column("currency", String(3), nullable=False),
    Column("tax_mode", String(10), nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("subtotal", BigInteger, nullable=False),
    Column("tax_total", BigInteger, nullable=False),
    Column("total", BigInteger, nullable=False),
    Column("amount_paid", BigInteger, nullable=False, server_default=text("0")),
    Column("amount_refunded", BigInteger, nullable=False, server_default=text("0")),
    Column("amount_due", BigInteger, nullable=False),
    # What credit notes took of the paid amount (credit_notes); no payment changes with it.
    Column("amount_credited", BigInteger, nullable=False, server_default=text("0")),
    Column("overpaid", Boolean, nullable=False, server_default=false()),
    Column("status", String(30), nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("number", String(60)),
    Column("payment_terms_days", Integer, nullable=False),
    Column("issued_at", DateTime(timezone=True)),
    Column("due_date", Date),
    Column("paid_at", DateTime(timezone=True)),
    Column("voided_at", DateTime(timezone=True)),
    Column("void_reason", Text),
    Column("uncollectible_at", DateTime(timezone=True)),
    Column("overdue_at", DateTime(timezone=True)),
    Column("reminders_sent", Integer, nullable=False, server_default=text("0")),
    # The day (from the due date) of the last reminder step sent; later steps are still owed.
    Column("last_reminder_day", Integer),
    Column("reminders_paused_at", DateTime(timezone=True)),
    # When the scheduler next has something to do (overdue marking, a reminder); NULL when
    # nothing will be due again. Kept by `usecases.schedule.reschedule`.
    Column("next_action_at", DateTime(timezone=True)),
    Column("needs_review", Boolean, nullable=False, server_default=false()),
    Column("review_reason", Text),
    Column("view_count", Integer, nullable=False, server_default=text("0")),
    Column("viewed_event_at", DateTime(timezone=True)),
    # A due date chosen when the invoice was made (else issuing sets one from the terms).
    Column("requested_due_date", Date),
    # A voided job invoice billed again: the new invoice names the old one and vice versa.
    Column("reissue_of", String(64)),
    Column("reissued_as", String(64)),
    *_timestamps(),
    # One current invoice per job: a re-issue replaces a voided one.
    Index(
        "uq_invoices_current_job",
        "business_id",
        "job_id",
        unique=True,
        postgresql_where=text(CURRENT_JOB_INVOICE),
    ),
    Index(None, "business_id", "source", "source_ref"),
    UniqueConstraint("business_id", "number"),
    Index(None, "business_id", "status"),
    Index(None, "status", "due_date"),
    Index(
        None,
        "next_action_at",
        "invoice_id",
        postgresql_where=text("next_action_at IS NOT NULL"),
    ),
)

# `POST /v1/invoices` retried with the same Idempotency-Key returns the invoice it made.
invoice_requests = Table(
    "invoice_requests",
    metadata,
    Column("business_id", String(100), nullable=False),
    Column("idempotency_key", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("invoice_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("business_id", "idempotency_key"),
)

# Each reminder step sent, once per invoice: the key a second scheduler's insert runs into.
invoice_reminders = Table(
    "invoice_reminders",
    metadata,
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("day", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("invoice_id", "day"),
)

# A recurring invoice schedule: each period's invoice is made once (`recurring_periods`).
recurring_invoices = Table(
    "recurring_invoices",
    metadata,
    Column("schedule_id", String(64), primary_key=True),
    Column("business_id", String(100), ForeignKey("businesses.business_id"), nullable=False),
    Column("customer", JSONB, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("interval_days", Integer),
    Column("rrule", Text),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("count", Integer),
    Column("send", Boolean, nullable=False),
    Column("payment_terms_days", Integer),
    Column("notes", Text),
    Column("status", String(10), nullable=False, server_default="active"),
    Column("next_period", Integer, nullable=False, server_default=text("0")),
    # When the next period's invoice is due; NULL when paused or ended.
    Column("next_run_at", DateTime(timezone=True)),
    *_timestamps(),
    Index(None, "business_id", "created_at"),
    Index(None, "next_run_at", "schedule_id", postgresql_where=text("next_run_at IS NOT NULL")),
)

recurring_periods = Table(
    "recurring_periods",
    metadata,
    Column("schedule_id", String(64), ForeignKey("recurring_invoices.schedule_id"), nullable=False),
    Column("period_date", Date, nullable=False),
    Column("invoice_id", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("schedule_id", "period_date"),
)

# A job's cancellation, kept whether or not it has an invoice yet: a `job.completed` that
# arrives after it (topics are not ordered among themselves) must not bill the job.
job_cancellations = Table(
    "job_cancellations",
    metadata,
    Column("business_id", String(100), nullable=False),
    Column("job_id", String(200), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("revision", Integer, nullable=False),
    Column("cancelled_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", String(300), nullable=False),
    PrimaryKeyConstraint("business_id", "job_id"),
)

invoice_counters = Table(
    "invoice_counters",
    metadata,
    Column("business_id", String(100), nullable=False),
    Column("year", Integer, nullable=False),
    Column("last_number", Integer, nullable=False, server_default=text("0")),
    PrimaryKeyConstraint("business_id", "year"),
)

timeline = Table(
    "invoice_timeline",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("kind", String(50), nullable=False),
    Column("actor", String(300), nullable=False),
    Column("detail", Text, nullable=False),
    Column("data", JSONB),
    Index(None, "invoice_id", "id"),
)

payment_links = Table(
    "payment_links",
    metadata,
    Column("link_id", String(64), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    # Only a SHA-256 of the token is kept: the database alone cannot open any invoice page.
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("purpose", String(30), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("view_count", Integer, nullable=False, server_default=text("0")),
    Column("last_viewed_at", DateTime(timezone=True)),
    Index(None, "invoice_id"),
)

ledger = Table(
    "ledger_entries",
    metadata,
    Column("entry_id", String(64), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    # payment:<payment_id> or refund:<refund_id>: the same fact is applied once, whatever event
    # reports it. A reversal (refund_reversal:<refund_id>) compensates a refund that failed
    # after it was applied; entries are never deleted.
    Column("fact_key", String(300), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # payment | refund | reversal
    Column("payment_id", String(200), nullable=False),
    Column("refund_id", String(200)),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("method", String(20), nullable=False),
    Column("provider", String(20), nullable=False),
    Column("reference", String(300)),
    Column("claim_id", String(200)),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index(None, "invoice_id"),
)

# Refunds Stripe could not complete, once per refund: a `payment.refunded` that arrives after
# the failure is not applied.
refund_failures = Table(
    "refund_failures",
    metadata,
    Column("refund_id", String(200), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("payment_id", String(200), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("reason", String(300), nullable=False),
    Column("reversed_amount", BigInteger),  # what was undone, if the refund had been applied
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # When a `payment.refunded` for the failed refund came in (and was not applied).
    Column("late_refund_at", DateTime(timezone=True)),
    Index(None, "invoice_id"),
)

disputes = Table(
    "disputes",
    metadata,
    Column("dispute_key", String(300), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("payment_id", String(200), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("opened", Boolean, nullable=False, server_default=false()),
    Column("closed_status", String(50)),
    Index(None, "invoice_id"),
)

claims = Table(
    "payment_claims",
    metadata,
    Column("claim_id", String(64), primary_key=True),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("method", String(20), nullable=False),
    Column("amount", BigInteger),
    Column("reference", String(200)),
    Column("note", Text),
    Column("status", String(20), nullable=False, server_default="pending"),
    Column("claimed_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolution", Text),
    Index(None, "invoice_id"),
)

receipt_counters = Table(
    "receipt_counters",
    metadata,
    Column("business_id", String(100), primary_key=True),
    Column("last_number", Integer, nullable=False, server_default=text("0")),
)

# One receipt per confirmed payment (ledger entry), numbered per business when the payment is
# applied; it keeps what it states, so the same receipt always reads the same.
receipts = Table(
    "receipts",
    metadata,
    Column("receipt_number", String(40), nullable=False),
    Column("business_id", String(100), nullable=False),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("entry_id", String(64), ForeignKey("ledger_entries.entry_id"), nullable=False),
    Column("payment_id", String(200), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("method", String(20), nullable=False),
    Column("reference", String(300)),
    Column("paid_at", DateTime(timezone=True), nullable=False),
    Column("balance_after", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    PrimaryKeyConstraint("business_id", "receipt_number"),
    UniqueConstraint("entry_id"),
    Index(None, "invoice_id"),
)

credit_note_counters = Table(
    "credit_note_counters",
    metadata,
    Column("business_id", String(100), primary_key=True),
    Column("last_number", Integer, nullable=False, server_default=text("0")),
)

# A credit note: part of a paid invoice credited, numbered per business, never changed. The
# Idempotency-Key of the request that made it (per invoice) makes a retry return it.
credit_notes = Table(
    "credit_notes",
    metadata,
    Column("credit_note_id", String(64), primary_key=True),
    Column("business_id", String(100), nullable=False),
    Column("invoice_id", String(64), ForeignKey("invoices.invoice_id"), nullable=False),
    Column("number", String(80), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", Text, nullable=False),
    Column("lines", JSONB, nullable=False),  # [{"description", "amount"}], may be empty
    Column("idempotency_key", String(200)),
    Column("request_hash", String(64)),
    Column("actor", String(300), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("business_id", "number"),
    UniqueConstraint("invoice_id", "idempotency_key"),
    Index(None, "invoice_id", "created_at"),
)

# A CSV upload: its rows are validated, then made into drafts, then sent, in batches by the
# import worker; the counts are its progress. One import per file content per business.
imports = Table(
    "imports",
    metadata,
    Column("import_id", String(64), primary_key=True),
    Column("business_id", String(100), ForeignKey("businesses.business_id"), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("filename", String(300)),
    # validating | invalid | validated | committing | committed | sending | sent
    Column("state", String(20), nullable=False),
    Column("mode", String(10)),  # all | valid: which rows the commit makes into invoices
    Column("total_rows", Integer, nullable=False),
    Column("validated_rows", Integer, nullable=False, server_default=text("0")),
    Column("error_rows", Integer, nullable=False, server_default=text("0")),
    Column("total_invoices", Integer, nullable=False, server_default=text("0")),
    Column("created_invoices", Integer, nullable=False, server_default=text("0")),
    # Invoices of rows with errors, left out by a commit of the valid rows only.
    Column("skipped_invoices", Integer, nullable=False, server_default=text("0")),
    Column("sent_invoices", Integer, nullable=False, server_default=text("0")),
    Column("actor", String(300), nullable=False),
    *_timestamps(),
    UniqueConstraint("business_id", "content_hash"),
    Index(None, "state", postgresql_where=text("state IN ('validating','committing','sending')")),
)

import_rows = Table(
    "import_rows",
    metadata,
    Column("import_id", String(64), ForeignKey("imports.import_id"), nullable=False),
    Column("row_number", Integer, nullable=False),  # as a spreadsheet shows it: header is 1
    Column("invoice_key", String(200), nullable=False),
    Column("cells", JSONB, nullable=False),
    Column("parsed", JSONB),  # the line and invoice fields, once valid
    Column("errors", JSONB),  # [{"column": ..., "message": ...}]
    Column("invoice_id", String(64)),  # the draft the row's invoice became
    PrimaryKeyConstraint("import_id", "row_number"),
    Index(None, "import_id", "invoice_key"),
)
