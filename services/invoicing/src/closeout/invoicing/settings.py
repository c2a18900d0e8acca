"""Invoicing settings: environment variables with the INVOICING_ prefix (plus shared URLs)."""

from pydantic import AliasChoices, Field

from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.settings import ServiceSettings, secret_field


class InvoicingSettings(ServiceSettings):
    service_name: str = "invoicing"
    database_url: str = Field(
        "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout_invoicing",
        validation_alias=AliasChoices("INVOICING_DATABASE_URL", "DATABASE_URL", "database_url"),
    )
    port: int = Field(8002, validation_alias=AliasChoices("INVOICING_PORT", "port"))
    public_base_url: str = Field(
        "http://127.0.0.1:8002", validation_alias=AliasChoices("PUBLIC_BASE_URL", "public_base_url")
    )
    # Customer link tokens are derived with it; notifications needs the same value.
    link_secret: str = secret_field(DEV_LINK_SECRET, "CLOSEOUT_LINK_SECRET")
    # How long a paid invoice's link still shows the payment confirmation (then: not found).
    paid_link_days: int = Field(
        30, ge=0, validation_alias=AliasChoices("INVOICING_PAID_LINK_DAYS", "paid_link_days")
    )
    payments_url: str = Field(
        "http://127.0.0.1:8003", validation_alias=AliasChoices("PAYMENTS_URL", "payments_url")
    )
    scheduler_interval_seconds: float = Field(
        300.0,
        validation_alias=AliasChoices(
            "INVOICING_SCHEDULER_INTERVAL_SECONDS", "scheduler_interval_seconds"
        ),
    )
    scheduler_enabled: bool = Field(
        True,
        validation_alias=AliasChoices("INVOICING_SCHEDULER_ENABLED", "scheduler_enabled"),
    )
    consumer_group: str = Field(
        "invoicing", validation_alias=AliasChoices("INVOICING_CONSUMER_GROUP", "consumer_group")
    )
    # Origins the browser may be redirected to after the card form (Content-Security-Policy).
    checkout_origins: str = Field(
        "https://checkout.stripe.com",
        validation_alias=AliasChoices("INVOICING_CHECKOUT_ORIGINS", "checkout_origins"),
    )
    page_rate_per_ip: float = Field(
        60, validation_alias=AliasChoices("INVOICING_PAGE_RATE_PER_IP", "page_rate_per_ip")
    )
    page_rate_per_token: float = Field(
        30, validation_alias=AliasChoices("INVOICING_PAGE_RATE_PER_TOKEN", "page_rate_per_token")
    )
