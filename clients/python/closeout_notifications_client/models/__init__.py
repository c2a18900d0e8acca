"""Contains all the data models used in inputs/outputs"""

from .add_suppression_v1_suppressions_post_response_add_suppression_v1_suppressions_post import (
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost,
)
from .asyncapi_asyncapi_json_get_response_asyncapi_asyncapi_json_get import (
    AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet,
)
from .field_error import FieldError
from .healthz_healthz_get_response_healthz_healthz_get import (
    HealthzHealthzGetResponseHealthzHealthzGet,
)
from .list_notifications_v1_notifications_get_status_type_0 import (
    ListNotificationsV1NotificationsGetStatusType0,
)
from .notification_list import NotificationList
from .notification_out import NotificationOut
from .preview_template_v1_templates_name_preview_get_format import (
    PreviewTemplateV1TemplatesNamePreviewGetFormat,
)
from .problem_details import ProblemDetails
from .sms_status_callback_webhooks_sms_status_post_response_sms_status_callback_webhooks_sms_status_post import (
    SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost,
)
from .suppression_in import SuppressionIn
from .suppression_in_reason import SuppressionInReason
from .suppression_list import SuppressionList
from .suppression_out import SuppressionOut

__all__ = (
    "AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost",
    "AsyncapiAsyncapiJsonGetResponseAsyncapiAsyncapiJsonGet",
    "FieldError",
    "HealthzHealthzGetResponseHealthzHealthzGet",
    "ListNotificationsV1NotificationsGetStatusType0",
    "NotificationList",
    "NotificationOut",
    "PreviewTemplateV1TemplatesNamePreviewGetFormat",
    "ProblemDetails",
    "SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost",
    "SuppressionIn",
    "SuppressionInReason",
    "SuppressionList",
    "SuppressionOut",
)
