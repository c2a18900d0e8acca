"""Notifications settings: database, port, SMTP connection and delivery retry policy."""

from typing import Literal

from pydantic import AliasChoices, Field

from closeout.shared.settings import ServiceSettings


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
    smtp_password: str | None = Field(None, validation_alias=AliasChoices("SMTP_PASSWORD"))
    smtp_tls: Literal["none", "starttls", "tls"] = Field(
        "none", validation_alias=AliasChoices("SMTP_TLS")
    )
    smtp_timeout_seconds: float = Field(10.0, validation_alias=AliasChoices("SMTP_TIMEOUT_SECONDS"))
    mail_from: str = Field("no-reply@closeout.local", validation_alias=AliasChoices("MAIL_FROM"))
    sms_enabled: bool = Field(False, validation_alias=AliasChoices("NOTIFICATIONS_SMS_ENABLED"))

    delivery_poll_seconds: float = Field(
        1.0, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_POLL_SECONDS")
    )
    delivery_batch_size: int = Field(
        50, validation_alias=AliasChoices("NOTIFICATIONS_DELIVERY_BATCH_SIZE")
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

    dead_letter_alerts_enabled: bool = Field(
        True, validation_alias=AliasChoices("NOTIFICATIONS_DEAD_LETTER_ALERTS")
    )
    alert_window_seconds: int = Field(
        900, ge=1, validation_alias=AliasChoices("NOTIFICATIONS_ALERT_WINDOW_SECONDS")
    )
    ops_email: str | None = Field(None, validation_alias=AliasChoices("NOTIFICATIONS_OPS_EMAIL"))
