"""With CLOSEOUT_ENV=production a service refuses to start on an unsafe secret: missing, a
development value, or shorter than 32 bytes. It says which variable, exits 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from closeout.invoicing.settings import InvoicingSettings
from closeout.jobs.settings import JobsSettings
from closeout.notifications.settings import NotificationsSettings
from closeout.payments.settings import PaymentsSettings
from closeout.shared.capability_links import DEV_LINK_SECRET
from closeout.shared.settings import (
    KNOWN_DEV_SECRETS,
    ServiceSettings,
    load_settings,
    secret_rules,
)

BIN = Path(sys.executable).parent
STRONG = "x" * 32
STRIPE = {"STRIPE_API_KEY": "sk_live_" + STRONG, "STRIPE_WEBHOOK_SECRET": "whsec_" + STRONG}
SETTINGS: list[type[ServiceSettings]] = [
    JobsSettings,
    InvoicingSettings,
    PaymentsSettings,
    NotificationsSettings,
]


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The process environment without any secret or CLOSEOUT_ENV the caller had."""
    for name in list(os.environ):
        if name.startswith(("CLOSEOUT_", "STRIPE_", "SMTP_")):
            monkeypatch.delenv(name)
    return monkeypatch


def refusal(settings: type[ServiceSettings], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exited:
        load_settings(settings, program="closeout-test")
    assert exited.value.code == 2
    message = capsys.readouterr().err
    assert message.startswith("closeout-test: invalid settings")
    assert "refusing to start with CLOSEOUT_ENV=production" in message
    return message


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_service_refuses_an_unsafe_auth_secret(
    settings: type[ServiceSettings],
    environment: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    environment.setenv("CLOSEOUT_ENV", "production")
    for name, value in STRIPE.items():
        environment.setenv(name, value)
    environment.setenv("CLOSEOUT_LINK_SECRET", STRONG)
    assert "CLOSEOUT_AUTH_SECRET is not set" in refusal(settings, capsys)
    for value, problem in (
        ("local-dev-secret-change-me", "is a development value"),
        ("x" * 31, "is shorter than 32 bytes"),
        ("", "is not set"),
    ):
        environment.setenv("CLOSEOUT_AUTH_SECRET", value)
        assert f"CLOSEOUT_AUTH_SECRET {problem}" in refusal(settings, capsys)
    environment.setenv("CLOSEOUT_AUTH_SECRET", STRONG)
    assert load_settings(settings).auth_secret == STRONG


def test_payments_refuses_unsafe_stripe_secrets(
    environment: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    environment.setenv("CLOSEOUT_ENV", "production")
    environment.setenv("CLOSEOUT_AUTH_SECRET", STRONG)
    missing = refusal(PaymentsSettings, capsys)
    assert "STRIPE_API_KEY is not set" in missing
    assert "STRIPE_WEBHOOK_SECRET is not set" in missing
    environment.setenv("STRIPE_API_KEY", "sk_test_123")
    environment.setenv("STRIPE_WEBHOOK_SECRET", "whsec_local_dev_secret")
    dev = refusal(PaymentsSettings, capsys)
    assert "STRIPE_API_KEY is a development value" in dev
    assert "STRIPE_WEBHOOK_SECRET is a development value" in dev
    # Each secret of a rotation pair counts.
    environment.setenv("STRIPE_API_KEY", "sk_live_" + STRONG)
    environment.setenv("STRIPE_WEBHOOK_SECRET", f"whsec_{STRONG},whsec_short")
    rotating = refusal(PaymentsSettings, capsys)
    assert "STRIPE_WEBHOOK_SECRET (secret 2) is shorter than 32 bytes" in rotating
    assert "(secret 1)" not in rotating


def test_development_keeps_the_defaults(environment: pytest.MonkeyPatch) -> None:
    for settings in SETTINGS:
        assert settings().environment == "development"
    environment.setenv("CLOSEOUT_ENV", "development")
    assert PaymentsSettings().stripe_webhook_secret == "whsec_local_dev_secret"


def test_the_rule_covers_every_secret_and_settings_built_in_code() -> None:
    assert set(secret_rules(PaymentsSettings)) == {
        "auth_secret",
        "stripe_api_key",
        "stripe_webhook_secret",
    }
    assert set(secret_rules(NotificationsSettings)) == {
        "auth_secret",
        "smtp_password",
        "link_secret",
        "sms_auth_token",  # checked only when SMS is on
    }
    assert set(secret_rules(InvoicingSettings)) == {"auth_secret", "link_secret"}
    with pytest.raises(ValidationError, match="CLOSEOUT_LINK_SECRET is a development value"):
        InvoicingSettings(environment="production", auth_secret=STRONG, link_secret=DEV_LINK_SECRET)
    with pytest.raises(ValidationError, match="SMTP_PASSWORD is a development value"):
        NotificationsSettings(
            environment="production",
            auth_secret=STRONG,
            smtp_username="mailer",
            smtp_password=sorted(KNOWN_DEV_SECRETS)[0],
            link_secret=STRONG,
        )
    # No SMTP login: nothing to check there.
    NotificationsSettings(environment="production", auth_secret=STRONG, link_secret=STRONG)


def test_the_command_line_exits_2_with_the_message_and_starts_when_safe() -> None:
    """The real entry point (a few seconds per start: two runs only)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CLOSEOUT_", "STRIPE_"))}

    def payments(**env: str) -> subprocess.CompletedProcess[str]:
        command = [str(BIN / "closeout-payments"), "asyncapi"]
        return subprocess.run(
            command, env=clean | env, capture_output=True, text=True, timeout=120, check=False
        )

    unsafe = payments(CLOSEOUT_ENV="production", CLOSEOUT_AUTH_SECRET="local-dev-secret-change-me")
    assert unsafe.returncode == 2
    assert "Traceback" not in unsafe.stderr
    assert "CLOSEOUT_AUTH_SECRET is a development value" in unsafe.stderr
    assert "STRIPE_API_KEY is not set" in unsafe.stderr
    safe = payments(CLOSEOUT_ENV="production", CLOSEOUT_AUTH_SECRET=STRONG, **STRIPE)
    assert safe.returncode == 0, safe.stderr
    assert '"asyncapi"' in safe.stdout
