"""Dashboard settings (environment variables, prefix `DASHBOARD_`)."""

from pydantic import AliasChoices, Field

from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.settings import ServiceSettings, secret_field

# The demo owner `make run` seeds; documented in the README, refused in production.
DEV_DEMO_PASSWORD = "closeout-demo-owner"  # noqa: S105 (a documented development value)


class DashboardSettings(ServiceSettings):
    service_name: str = "dashboard"
    database_url: str = Field(
        "postgresql+asyncpg://closeout:closeout@127.0.0.1:5432/closeout_dashboard",
        validation_alias=AliasChoices("DASHBOARD_DATABASE_URL", "DATABASE_URL"),
    )
    port: int = Field(8005, validation_alias=AliasChoices("DASHBOARD_PORT"))

    # The admin APIs the dashboard reads and acts through (never their tables).
    invoicing_url: str = Field(
        "http://127.0.0.1:8002", validation_alias=AliasChoices("DASHBOARD_INVOICING_URL")
    )
    payments_url: str = Field(
        "http://127.0.0.1:8003", validation_alias=AliasChoices("DASHBOARD_PAYMENTS_URL")
    )
    notifications_url: str = Field(
        "http://127.0.0.1:8004", validation_alias=AliasChoices("DASHBOARD_NOTIFICATIONS_URL")
    )
    upstream_timeout_seconds: float = Field(
        10.0, gt=0, validation_alias=AliasChoices("DASHBOARD_UPSTREAM_TIMEOUT_SECONDS")
    )

    session_hours: float = Field(
        12.0, gt=0, validation_alias=AliasChoices("DASHBOARD_SESSION_HOURS")
    )
    session_idle_minutes: float = Field(
        60.0, gt=0, validation_alias=AliasChoices("DASHBOARD_SESSION_IDLE_MINUTES")
    )
    # Failed sign-ins allowed within the window, per account and per client address.
    sign_in_window_minutes: float = Field(
        15.0, gt=0, validation_alias=AliasChoices("DASHBOARD_SIGN_IN_WINDOW_MINUTES")
    )
    sign_in_failures_per_account: int = Field(
        5, ge=1, validation_alias=AliasChoices("DASHBOARD_SIGN_IN_FAILURES_PER_ACCOUNT")
    )
    sign_in_failures_per_ip: int = Field(
        20, ge=1, validation_alias=AliasChoices("DASHBOARD_SIGN_IN_FAILURES_PER_IP")
    )

    # Where people open the dashboard: invitation and password-reset links start with it.
    public_url: str = Field(
        "http://127.0.0.1:8005", validation_alias=AliasChoices("DASHBOARD_PUBLIC_URL")
    )
    # Invitation and reset links are capability links made with the secret notifications
    # holds too: events and stored mails carry only a reference (closeout.shared.capability_links).
    link_secret: str = secret_field(DEV_LINK_SECRET, "CLOSEOUT_LINK_SECRET")
    invitation_hours: float = Field(
        72.0, gt=0, validation_alias=AliasChoices("DASHBOARD_INVITATION_HOURS")
    )
    password_reset_minutes: float = Field(
        60.0, gt=0, validation_alias=AliasChoices("DASHBOARD_PASSWORD_RESET_MINUTES")
    )
    # Reset requests allowed per hour, per email address and per client address.
    password_resets_per_hour: int = Field(
        3, ge=1, validation_alias=AliasChoices("DASHBOARD_PASSWORD_RESETS_PER_HOUR")
    )
    password_resets_per_ip_per_hour: int = Field(
        20, ge=1, validation_alias=AliasChoices("DASHBOARD_PASSWORD_RESETS_PER_IP_PER_HOUR")
    )

    demo_admin_email: str = Field(
        "owner@demo.closeout.test", validation_alias=AliasChoices("DEMO_ADMIN_EMAIL")
    )
    demo_admin_password: str = Field(
        DEV_DEMO_PASSWORD, validation_alias=AliasChoices("DEMO_ADMIN_PASSWORD")
    )

    @property
    def secure_cookies(self) -> bool:
        return self.environment != "development"
