"""Contains all the data models used in inputs/outputs"""

from .asyncapi_asyncapi_json_get_response_asyncapi_asyncapi_json_get import (
    AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet,
)
from .billing import Billing
from .billing_status import BillingStatus
from .complete_request import CompleteRequest
from .customer import Customer
from .field_error import FieldError
from .healthz_healthz_get_response_healthz_healthz_get import (
    HealthzHealthzGetResponseHealthzHealthzGet,
)
from .inbound_job import InboundJob
from .job_out import JobOut
from .job_out_status import JobOutStatus
from .job_page import JobPage
from .last_payment import LastPayment
from .last_payment_method import LastPaymentMethod
from .line_item import LineItem
from .line_item_kind import LineItemKind
from .list_jobs_v1_jobs_get_billing_status_type_0 import (
    ListJobsV1JobsGetBillingStatusType0,
)
from .list_jobs_v1_jobs_get_status_type_0 import ListJobsV1JobsGetStatusType0
from .problem_details import ProblemDetails

__all__ = (
    "AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet",
    "Billing",
    "BillingStatus",
    "CompleteRequest",
    "Customer",
    "FieldError",
    "HealthzHealthzGetResponseHealthzHealthzGet",
    "InboundJob",
    "JobOut",
    "JobOutStatus",
    "JobPage",
    "LastPayment",
    "LastPaymentMethod",
    "LineItem",
    "LineItemKind",
    "ListJobsV1JobsGetBillingStatusType0",
    "ListJobsV1JobsGetStatusType0",
    "ProblemDetails",
)
