"""Contains all the data models used in inputs/outputs"""

from .asyncapi_asyncapi_json_get_response_asyncapi_asyncapi_json_get import (
    AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet,
)
from .business_log_entry_response import BusinessLogEntryResponse
from .business_log_response import BusinessLogResponse
from .checkout_session_request import CheckoutSessionRequest
from .checkout_session_response import CheckoutSessionResponse
from .claim_reject_request import ClaimRejectRequest
from .claim_reject_response import ClaimRejectResponse
from .connect_onboarding_response import ConnectOnboardingResponse
from .connect_status_response import ConnectStatusResponse
from .connect_status_response_status import ConnectStatusResponseStatus
from .fee_rule_body import FeeRuleBody
from .field_error import FieldError
from .fixed_rule_body import FixedRuleBody
from .healthz_healthz_get_response_healthz_healthz_get import (
    HealthzHealthzGetResponseHealthzHealthzGet,
)
from .ledger_entry_response import LedgerEntryResponse
from .list_webhook_events_v1_ops_webhook_events_get_status_type_0 import (
    ListWebhookEventsV1OpsWebhookEventsGetStatusType0,
)
from .manual_payment_request import ManualPaymentRequest
from .manual_payment_request_method import ManualPaymentRequestMethod
from .partner_create_request import PartnerCreateRequest
from .partner_payout_response import PartnerPayoutResponse
from .partner_payout_response_status import PartnerPayoutResponseStatus
from .partner_response import PartnerResponse
from .partner_response_status import PartnerResponseStatus
from .partner_reversal_response import PartnerReversalResponse
from .partner_reversal_response_status import PartnerReversalResponseStatus
from .partner_statement_response import PartnerStatementResponse
from .partner_totals_response import PartnerTotalsResponse
from .partner_update_request import PartnerUpdateRequest
from .payment_log_response import PaymentLogResponse
from .payment_log_v1_payment_log_get_category_type_0 import (
    PaymentLogV1PaymentLogGetCategoryType0,
)
from .payment_log_v1_payment_log_get_method_type_0 import (
    PaymentLogV1PaymentLogGetMethodType0,
)
from .payment_response import PaymentResponse
from .percent_rule_body import PercentRuleBody
from .problem_details import ProblemDetails
from .refund_request import RefundRequest
from .refund_response import RefundResponse
from .refund_state_response import RefundStateResponse
from .refund_state_response_status import RefundStateResponseStatus
from .replay_webhook_event_v1_ops_webhook_events_event_id_replay_post_response_replay_webhook_event_v1_ops_webhook_events_event_id_replay_post import (
    ReplayWebhookEventV1OpsWebhookEventsEventIdReplayPostResponseReplayWebhookEventV1OpsWebhookEventsEventIdReplayPost,
)
from .stripe_webhook_webhooks_stripe_post_body import (
    StripeWebhookWebhooksStripePostBody,
)
from .stripe_webhook_webhooks_stripe_post_response_stripe_webhook_webhooks_stripe_post import (
    StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost,
)
from .webhook_event_response import WebhookEventResponse
from .webhook_rejections_v1_ops_webhook_rejections_get_response_webhook_rejections_v1_ops_webhook_rejections_get import (
    WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet,
)

__all__ = (
    "AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet",
    "BusinessLogEntryResponse",
    "BusinessLogResponse",
    "CheckoutSessionRequest",
    "CheckoutSessionResponse",
    "ClaimRejectRequest",
    "ClaimRejectResponse",
    "ConnectOnboardingResponse",
    "ConnectStatusResponse",
    "ConnectStatusResponseStatus",
    "FeeRuleBody",
    "FieldError",
    "FixedRuleBody",
    "HealthzHealthzGetResponseHealthzHealthzGet",
    "LedgerEntryResponse",
    "ListWebhookEventsV1OpsWebhookEventsGetStatusType0",
    "ManualPaymentRequest",
    "ManualPaymentRequestMethod",
    "PartnerCreateRequest",
    "PartnerPayoutResponse",
    "PartnerPayoutResponseStatus",
    "PartnerResponse",
    "PartnerResponseStatus",
    "PartnerReversalResponse",
    "PartnerReversalResponseStatus",
    "PartnerStatementResponse",
    "PartnerTotalsResponse",
    "PartnerUpdateRequest",
    "PaymentLogResponse",
    "PaymentLogV1PaymentLogGetCategoryType0",
    "PaymentLogV1PaymentLogGetMethodType0",
    "PaymentResponse",
    "PercentRuleBody",
    "ProblemDetails",
    "RefundRequest",
    "RefundResponse",
    "RefundStateResponse",
    "RefundStateResponseStatus",
    "ReplayWebhookEventV1OpsWebhookEventsEventIdReplayPostResponseReplayWebhookEventV1OpsWebhookEventsEventIdReplayPost",
    "StripeWebhookWebhooksStripePostBody",
    "StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost",
    "WebhookEventResponse",
    "WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet",
)
