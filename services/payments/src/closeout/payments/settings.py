"""Payments gateway settings (environment variables)."""

from typing import Literal

from pydantic import AliasChoices, Field

from closeout.shared.settings import ServiceSettings, secret_field


class PaymentsSettings(ServiceSettings):
    service_name: str = "payments"
    database_url: str = Field(
        "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout_payments",
        validation_alias=AliasChoices("PAYMENTS_DATABASE_URL", "DATABASE_URL"),
    )
    port: int = Field(8003, validation_alias=AliasChoices("PAYMENTS_PORT"))

    stripe_api_key: str = secret_field("sk_test_123", "STRIPE_API_KEY")
    stripe_api_base: str = Field(
        "https://api.stripe.com", validation_alias=AliasChoices("STRIPE_API_BASE")
    )
    stripe_max_network_retries: int = Field(
        2, validation_alias=AliasChoices("STRIPE_MAX_NETWORK_RETRIES")
    )
    # Comma-separated: during a secret rotation both the old and the new secret verify.
    stripe_webhook_secret: str = secret_field(
        "whsec_local_dev_secret", "STRIPE_WEBHOOK_SECRET", comma_separated=True
    )
    stripe_webhook_tolerance_seconds: int = Field(
        300, validation_alias=AliasChoices("STRIPE_WEBHOOK_TOLERANCE_SECONDS")
    )
    webhook_max_bytes: int = Field(
        256 * 1024, validation_alias=AliasChoices("PAYMENTS_WEBHOOK_MAX_BYTES")
    )
    webhook_max_attempts: int = Field(
        6, validation_alias=AliasChoices("PAYMENTS_WEBHOOK_MAX_ATTEMPTS")
    )
    webhook_retry_base_seconds: float = Field(
        2.0, validation_alias=AliasChoices("PAYMENTS_WEBHOOK_RETRY_BASE_SECONDS")
    )
    webhook_poll_seconds: float = Field(
        1.0, validation_alias=AliasChoices("PAYMENTS_WEBHOOK_POLL_SECONDS")
    )
    # An event about a payment not confirmed yet (a refund before its payment) waits for that
    # confirmation, which requeues it at once; this is only the slow re-check meanwhile.
    webhook_wait_recheck_seconds: float = Field(
        3600.0, gt=0, validation_alias=AliasChoices("PAYMENTS_WEBHOOK_WAIT_RECHECK_SECONDS")
    )
    # Each Stripe call, per try (stripe-python's default is 80 s).
    stripe_timeout_seconds: float = Field(
        20.0, gt=0, validation_alias=AliasChoices("STRIPE_TIMEOUT_SECONDS")
    )
    # How often open checkout sessions of paid, voided or changed invoices are expired.
    checkout_expiry_poll_seconds: float = Field(
        2.0, gt=0, validation_alias=AliasChoices("PAYMENTS_CHECKOUT_EXPIRY_POLL_SECONDS")
    )

    # Stripe Connect onboarding: the account type created for a business, and where Stripe's
    # Account Link sends the owner back (return: finished; refresh: the link expired).
    connect_account_type: Literal["express", "standard"] = Field(
        "express", validation_alias=AliasChoices("PAYMENTS_CONNECT_ACCOUNT_TYPE")
    )
    connect_return_url: str = Field(
        "http://127.0.0.1:8005/settings?connect=return",
        validation_alias=AliasChoices("PAYMENTS_CONNECT_RETURN_URL"),
    )
    connect_refresh_url: str = Field(
        "http://127.0.0.1:8005/settings?connect=refresh",
        validation_alias=AliasChoices("PAYMENTS_CONNECT_REFRESH_URL"),
    )

    # Partner payouts (Stripe Transfers): a transfer Stripe refuses is tried this many times
    # (backoff from the base, doubling), then failed; a partner whose account cannot take
    # transfers yet is re-checked every wait (and at once on its `account.updated`).
    partner_payout_max_attempts: int = Field(
        5, ge=1, validation_alias=AliasChoices("PAYMENTS_PARTNER_PAYOUT_MAX_ATTEMPTS")
    )
    partner_payout_retry_base_seconds: float = Field(
        30.0, gt=0, validation_alias=AliasChoices("PAYMENTS_PARTNER_PAYOUT_RETRY_BASE_SECONDS")
    )
    partner_payout_wait_seconds: float = Field(
        300.0, gt=0, validation_alias=AliasChoices("PAYMENTS_PARTNER_PAYOUT_WAIT_SECONDS")
    )
    partner_payout_poll_seconds: float = Field(
        2.0, gt=0, validation_alias=AliasChoices("PAYMENTS_PARTNER_PAYOUT_POLL_SECONDS")
    )
    # Where Stripe's onboarding link sends a partner back (finished / the link expired).
    partner_onboarding_return_url: str = Field(
        "http://127.0.0.1:8005/partners?connect=return",
        validation_alias=AliasChoices("PAYMENTS_PARTNER_RETURN_URL"),
    )
    partner_onboarding_refresh_url: str = Field(
        "http://127.0.0.1:8005/partners?connect=refresh",
        validation_alias=AliasChoices("PAYMENTS_PARTNER_REFRESH_URL"),
    )

    checkout_expiry_minutes: int = Field(
        60, ge=30, le=1440, validation_alias=AliasChoices("PAYMENTS_CHECKOUT_EXPIRY_MINUTES")
    )
    reconcile_enabled: bool = Field(True, validation_alias=AliasChoices("PAYMENTS_RECONCILE"))
    reconcile_interval_seconds: float = Field(
        300.0, validation_alias=AliasChoices("PAYMENTS_RECONCILE_INTERVAL_SECONDS")
    )
    # Sessions younger than this are left to their webhook.
    reconcile_after_seconds: float = Field(
        900.0, validation_alias=AliasChoices("PAYMENTS_RECONCILE_AFTER_SECONDS")
    )

    @property
    def webhook_secrets(self) -> list[str]:
        return [s.strip() for s in self.stripe_webhook_secret.split(",") if s.strip()]
