"""Contains all the data models used in inputs/outputs"""

from .aging_bucket_out import AgingBucketOut
from .asyncapi_asyncapi_json_get_response_asyncapi_asyncapi_json_get import (
    AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet,
)
from .business_out import BusinessOut
from .business_out_payment_notice import BusinessOutPaymentNotice
from .business_patch import BusinessPatch
from .business_patch_payment_notice import BusinessPatchPaymentNotice
from .business_patch_tax_mode import BusinessPatchTaxMode
from .claim_out import ClaimOut
from .commit_in import CommitIn
from .commit_in_rows import CommitInRows
from .credit_note import CreditNote
from .credit_note_in import CreditNoteIn
from .credit_note_line import CreditNoteLine
from .currency_overview_out import CurrencyOverviewOut
from .customer import Customer
from .draft_patch import DraftPatch
from .every_n_days_in import EveryNDaysIn
from .field_error import FieldError
from .healthz_healthz_get_response_healthz_healthz_get import (
    HealthzHealthzGetResponseHealthzHealthzGet,
)
from .import_list import ImportList
from .import_out import ImportOut
from .import_out_mode_type_0 import ImportOutModeType0
from .import_out_state import ImportOutState
from .invoice_detail import InvoiceDetail
from .invoice_detail_customer import InvoiceDetailCustomer
from .invoice_detail_source import InvoiceDetailSource
from .invoice_detail_status import InvoiceDetailStatus
from .invoice_list import InvoiceList
from .invoice_summary import InvoiceSummary
from .invoice_summary_customer import InvoiceSummaryCustomer
from .invoice_summary_source import InvoiceSummarySource
from .invoice_summary_status import InvoiceSummaryStatus
from .issued_out import IssuedOut
from .line_item import LineItem
from .line_item_kind import LineItemKind
from .line_out import LineOut
from .link_created_out import LinkCreatedOut
from .link_out import LinkOut
from .list_invoices_v1_invoices_get_status_type_0 import (
    ListInvoicesV1InvoicesGetStatusType0,
)
from .monthly_in import MonthlyIn
from .new_invoice_in import NewInvoiceIn
from .note_in import NoteIn
from .overview_out import OverviewOut
from .overview_out_counts import OverviewOutCounts
from .payment_out import PaymentOut
from .pending_review_out import PendingReviewOut
from .pending_review_out_cause import PendingReviewOutCause
from .priced_out import PricedOut
from .problem_details import ProblemDetails
from .reason_in import ReasonIn
from .receipt_out import ReceiptOut
from .recurring_list import RecurringList
from .recurring_out import RecurringOut
from .recurring_out_frequency import RecurringOutFrequency
from .recurring_out_status import RecurringOutStatus
from .recurring_period_out import RecurringPeriodOut
from .recurring_period_out_status import RecurringPeriodOutStatus
from .reissue_in import ReissueIn
from .reminder_preset_out import ReminderPresetOut
from .reminder_schedule_in import ReminderScheduleIn
from .reminder_schedule_out import ReminderScheduleOut
from .row_error_out import RowErrorOut
from .rrule_in import RruleIn
from .timeline_entry import TimelineEntry
from .upload_v1_imports_post_body import UploadV1ImportsPostBody
from .week_out import WeekOut
from .weekly_in import WeeklyIn

__all__ = (
    "AgingBucketOut",
    "AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet",
    "BusinessOut",
    "BusinessOutPaymentNotice",
    "BusinessPatch",
    "BusinessPatchPaymentNotice",
    "BusinessPatchTaxMode",
    "ClaimOut",
    "CommitIn",
    "CommitInRows",
    "CreditNote",
    "CreditNoteIn",
    "CreditNoteLine",
    "CurrencyOverviewOut",
    "Customer",
    "DraftPatch",
    "EveryNDaysIn",
    "FieldError",
    "HealthzHealthzGetResponseHealthzHealthzGet",
    "ImportList",
    "ImportOut",
    "ImportOutModeType0",
    "ImportOutState",
    "InvoiceDetail",
    "InvoiceDetailCustomer",
    "InvoiceDetailSource",
    "InvoiceDetailStatus",
    "InvoiceList",
    "InvoiceSummary",
    "InvoiceSummaryCustomer",
    "InvoiceSummarySource",
    "InvoiceSummaryStatus",
    "IssuedOut",
    "LineItem",
    "LineItemKind",
    "LineOut",
    "LinkCreatedOut",
    "LinkOut",
    "ListInvoicesV1InvoicesGetStatusType0",
    "MonthlyIn",
    "NewInvoiceIn",
    "NoteIn",
    "OverviewOut",
    "OverviewOutCounts",
    "PaymentOut",
    "PendingReviewOut",
    "PendingReviewOutCause",
    "PricedOut",
    "ProblemDetails",
    "ReasonIn",
    "ReceiptOut",
    "RecurringList",
    "RecurringOut",
    "RecurringOutFrequency",
    "RecurringOutStatus",
    "RecurringPeriodOut",
    "RecurringPeriodOutStatus",
    "ReissueIn",
    "ReminderPresetOut",
    "ReminderScheduleIn",
    "ReminderScheduleOut",
    "RowErrorOut",
    "RruleIn",
    "TimelineEntry",
    "UploadV1ImportsPostBody",
    "WeekOut",
    "WeeklyIn",
)
