"""Notifications settings: database, port, SMTP connection and delivery retry policy.

SMTP (environment variable: meaning):

- `SMTP_HOST`, `SMTP_PORT`: the mail server (default 127.0.0.1:1025, a local Mailpit).
- `SMTP_TLS`: `none` (plain text, never upgraded), `starttls` (connect in plain text, then
  upgrade; the send fails if the server does not offer STARTTLS) or `tls` (implicit TLS from
  the first byte, usually port 465).
- `SMTP_USERNAME`, `SMTP_PASSWORD`: log in after the TLS step; set both or neither. Without
  TLS the password crosses the network in clear text.
- `SMTP_VERIFY_CERTIFICATE`: on by default: the server's certificate must chain to a trusted CA
  and name `SMTP_HOST`. Turn it off only for a local server with a throwaway certificate.
- `SMTP_CA_FILE`: a PEM bundle to trust instead of the system store (a private CA).
- `SMTP_TIMEOUT_SECONDS`: per connection and command.
- `NOTIFICATIONS_DELIVERY_CONNECTIONS` (4): delivery lanes sending side by side, each over
  its own SMTP connection; each message is claimed by one lane only (SKIP LOCKED).

A wrong password, a refused or unverifiable TLS handshake or a server that demands a login we
do not send is a configuration error, not the recipient's fault: the message stays pending and
is retried with backoff like an outage (logged as an error) up to
`NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS`, then it is `failed` and published as
`notification.failed`; it never suppresses the address, and `POST /v1/notifications/{id}/retry`
sends it once the settings are fixed.

SMS (off by default; `NOTIFICATIONS_SMS_ENABLED`) goes through a provider speaking Twilio's
Messages API (`adapters.sms`):

- `NOTIFICATIONS_SMS_API_BASE`: the API's base URL (default https://api.twilio.com).
- `NOTIFICATIONS_SMS_ACCOUNT_SID`, `NOTIFICATIONS_SMS_AUTH_TOKEN`: the account and its token
  (HTTP Basic auth; the token also verifies the status callbacks' signatures).
- `NOTIFICATIONS_SMS_FROM`: the sending number (E.164), or a Messaging Service SID (`MG...`).
- `NOTIFICATIONS_SMS_STATUS_CALLBACK_URL`: the public URL of `POST /webhooks/sms/status` as
  the provider calls it; sent with each message, and the URL the signatures are checked
  against (behind a proxy the URL a request arrives at differs). Unset: no status callbacks.
- `NOTIFICATIONS_SMS_TIMEOUT_SECONDS`: per request.

With SMS enabled the account, token and sender must be set.
"""

from typing import Literal, Self

from pydantic import AliasChoices, Field, field_validator, model_validator

from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.settings import ServiceSettings, secret_field


class NotificationsSettings(ServiceSettings):
    service_name: str = "notifications"
    database_url: str = Field(
        "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout_notifications",
        validation_alias=AliasChoices("NOTIFICATIONS_DATABASE_URL", "DATABASE_URL"),
    )
    port: int = Field(8004, validation_alias=AliasChoices("NOTIFICATIONS_PORT"))

    smtp_host: str = Field("127.0.0.1", validation_alias=AliasChoices("SMTP_HOST"))
    smtp_port: int = Field(1025, validation_alias=AliasChoices("SMTP_PORT"))
    smtp_username: str | None = Field(None, validation_alias=AliasChoices("SMTP_USERNAME"))
    # Chosen by the mail provider: only a development value is refused in production.
    smtp_password: str | None = secret_field(None, "SMTP_PASSWORD", required=False, min_bytes=0)
    smtp_tls: Literal["none", "starttls", "tls"] = Field(
        "none", validation_alias=AliasChoices("SMTP_TLS")
    )
    smtp_verify_certificate: bool = Field(
        True, validation_alias=AliasChoices("SMTP_VERIFY_CERTIFICATE")
    )
    smtp_ca_file: str | None = Field(None, validation_alias=AliasChoices("SMTP_CA_FILE"))
    smtp_timeout_seconds: float = Field(10.0, validation_alias=AliasChoices("SMTP_TIMEOUT_SECONDS"))
    # Turns the link references in stored messages into live customer links at send time; the
    # same value as invoicing's (closeout.shared.capability_links).
    link_secret: str = secret_field(DEV_LINK_SECRET, "CLOSEOUT_LINK_SECRET")
    mail_from: str = Field("no-reply@closeout.local", validation_alias=AliasChoices("MAIL_FROM"))
    # Where the invoice and receipt PDFs are fetched from when a business attaches them.
    invoicing_url: str = Field(
        "http://127.0.0.1:8002", validation_alias=AliasChoices("NOTIFICATIONS_INVOICING_URL")
    )
    sms_enabled: bool = Field(False, validation_alias=AliasChoices("NOTIFICATIONS_SMS_ENABLED"))
    sms_api_base: str = Field(
        "https://api.twilio.com", validation_alias=AliasChoices("NOTIFICATIONS_SMS_API_BASE")
    )
    sms_account_sid: str | None = Field(
        None, validation_alias=AliasChoices("NOTIFICATIONS_SMS_ACCOUNT_SID")
    )
    # Chosen by the provider; required (by `_sms_is_complete`) only when SMS is enabled.
    sms_auth_token: str | None = secret_field(
        None, "NOTIFICATIONS_SMS_AUTH_TOKEN", required=False, min_bytes=0
    )
    sms_from: str | None = Field(None, validation_alias=AliasChoices("NOTIFICATIONS_SMS_FROM"))
    sms_status_callback_url: str | None = Field(
        None, validation_alias=AliasChoices("NOTIFICATIONS_SMS_STATUS_CALLBACK_URL")
    )
    sms_timeout_seconds: float = Field(
        10.0, gt=0, validation_alias=AliasChoices("NOTIFICATIONS_SMS_TIMEOUT_SECONDS")
    )

    delivery_poll_seconds: float = Field(
        1.0, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_POLL_SECONDS")
    )
    delivery_batch_size: int = Field(
        50, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_BATCH_SIZE")
    )
    delivery_connections: int = Field(
        4, ge=1, le=64, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_CONNECTIONS")
    )
    delivery_max_attempts: int = Field(
        12, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS")
    )
    retry_base_seconds: float = Field(
        5.0, validation_alias=AliasChoices("NOTIFICATIONS_RETRY_BASE_SECONDS")
    )
    retry_max_seconds: float = Field(
        900.0, validation_alias=AliasChoices("NOTIFICATIONS_RETRY_MAX_SECONDS")
    )

    # How often the worker looks for owners' daily payment digests whose day is over.
    payment_digest_poll_seconds: float = Field(
        300.0, gt=0, validation_alias=AliasChoices("NOTIFICATIONS_PAYMENT_DIGEST_POLL_SECONDS")
    )
    dead_letter_alerts_enabled: bool = Field(
        True, validation_alias=AliasChoices("NOTIFICATIONS_DEAD_LETTER_ALERTS")
    )
    alert_window_seconds: int = Field(
        900, ge=1, validation_alias=AliasChoices("NOTIFICATIONS_ALERT_WINDOW_SECONDS")
    )
    ops_email: str | None = Field(None, validation_alias=AliasChoices("NOTIFICATIONS_OPS_EMAIL"))

    @field_validator(
        "smtp_username",
        "smtp_password",
        "smtp_ca_file",
        "sms_account_sid",
        "sms_auth_token",
        "sms_from",
        "sms_status_callback_url",
        mode="before",
    )
    @classmethod
    def _empty_means_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _smtp_login_is_complete(self) -> Self:
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError("set SMTP_USERNAME and SMTP_PASSWORD together, or neither")
        return self

    @model_validator(mode="after")
    def _sms_is_complete(self) -> Self:
        if not self.sms_enabled:
            return self
        missing = [
            variable
            for variable, value in (
                ("NOTIFICATIONS_SMS_ACCOUNT_SID", self.sms_account_sid),
                ("NOTIFICATIONS_SMS_AUTH_TOKEN", self.sms_auth_token),
                ("NOTIFICATIONS_SMS_FROM", self.sms_from),
            )
            if value is None
        ]
        if missing:
            raise ValueError(f"NOTIFICATIONS_SMS_ENABLED needs {', '.join(missing)}")
        return self
