"""SMTP over STARTTLS and implicit TLS with a login, against a private Mailpit that demands them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
from pydantic import ValidationError

from closeout.notifications.adapters.channels import EmailChannel
from closeout.notifications.domain.outgoing import (
    DeliveryConfigurationError,
    OutgoingMessage,
    TransientDeliveryError,
    message_id_for,
)
from closeout.notifications.settings import NotificationsSettings
from support.infra import Infra
from support.kafka import read_topic
from support.mailpit import messages_to, wait_for_messages
from support.notification_events import invoice_event, snapshot
from support.notifications import (
    SMTP_PASSWORD,
    SMTP_USER,
    MakeSettings,
    Publish,
    admin_headers,
    build_app,
)
from support.private_mailpit import PrivateMailpit, private_mailpit
from support.services import running
from support.tls_certs import TlsFiles, make_server_certificate
from support.waiting import eventually, unique

TlsMode = Literal["starttls", "tls"]


def server_flags(mode: TlsMode, tls: TlsFiles, auth_file: Path | None) -> list[str]:
    """Mailpit refuses mail without the TLS step (and without a login when given users)."""
    flags = ["--smtp-tls-cert", str(tls.server_cert), "--smtp-tls-key", str(tls.server_key)]
    flags.append("--smtp-require-starttls" if mode == "starttls" else "--smtp-require-tls")
    if auth_file is not None:
        flags += ["--smtp-auth-file", str(auth_file)]
    return flags


def channel_settings(mailpit: PrivateMailpit, **overrides: Any) -> NotificationsSettings:
    values: dict[str, Any] = {
        "smtp_host": mailpit.host,
        "smtp_port": mailpit.smtp_port,
        "smtp_timeout_seconds": 5,
    }
    return NotificationsSettings(**(values | overrides))


def message_to(recipient: str) -> OutgoingMessage:
    notification_id = uuid.uuid4().hex
    return OutgoingMessage(
        notification_id=notification_id,
        channel="email",
        recipient=recipient,
        subject="Hello over TLS",
        text="hello",
        html=None,
        message_id=message_id_for(notification_id),
    )


async def send_once(settings: NotificationsSettings, message: OutgoingMessage) -> None:
    channel = EmailChannel(settings)
    try:
        await channel.send(message)
    finally:
        await channel.close()


async def message_count(api_url: str) -> int:
    async with httpx.AsyncClient(base_url=api_url, timeout=10) as client:
        response = await client.get("/api/v1/messages")
        response.raise_for_status()
        total: int = response.json()["total"]
        return total


async def notification_log(client: httpx.AsyncClient, business_id: str) -> list[dict[str, Any]]:
    response = await client.get("/v1/notifications", headers=admin_headers(business_id))
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_smtp_login_needs_both_parts() -> None:
    with pytest.raises(ValidationError, match="together"):
        NotificationsSettings(smtp_username="mailer", smtp_password=None)
    blank = NotificationsSettings(smtp_username="", smtp_password="", smtp_ca_file="")
    assert (blank.smtp_username, blank.smtp_password, blank.smtp_ca_file) == (None, None, None)
    assert blank.smtp_verify_certificate is True


@pytest.mark.integration
@pytest.mark.parametrize("mode", ["starttls", "tls"])
async def test_tls_and_login_carry_the_mail(
    mode: TlsMode,
    mailpit_binary: Path,
    tls_files: TlsFiles,
    smtp_auth_file: Path,
    tmp_path: Path,
    make_settings: MakeSettings,
    publish: Publish,
) -> None:
    flags = server_flags(mode, tls_files, smtp_auth_file)
    async with private_mailpit(mailpit_binary, tmp_path / "mailpit", *flags) as mailpit:
        # Controls: this server takes nothing without the TLS step, nor without the login.
        plain = channel_settings(mailpit, smtp_tls="none", smtp_timeout_seconds=1)
        with pytest.raises(TransientDeliveryError):
            await send_once(plain, message_to(f"{unique('x')}@example.com"))
        anonymous = channel_settings(mailpit, smtp_tls=mode, smtp_ca_file=str(tls_files.ca_cert))
        with pytest.raises(DeliveryConfigurationError, match="530"):
            await send_once(anonymous, message_to(f"{unique('x')}@example.com"))
        assert await message_count(mailpit.api_url) == 0

        settings = make_settings(
            smtp_host=mailpit.host,
            smtp_port=mailpit.smtp_port,
            smtp_tls=mode,
            smtp_username=SMTP_USER,
            smtp_password=SMTP_PASSWORD,
            smtp_ca_file=str(tls_files.ca_cert),
        )
        business_id, customer = unique("biz"), f"{unique('x')}@example.com"
        async with running(build_app(settings)) as client:
            event = invoice_event("invoice.issued", business_id, snapshot(unique("inv"), customer))
            await publish(settings, event)
            mails = await wait_for_messages(mailpit.api_url, customer)

            async def sent() -> list[dict[str, Any]]:
                log = await notification_log(client, business_id)
                return log if [i["status"] for i in log] == ["sent"] else []

            [item] = await eventually(sent, what="the message marked sent")
        assert len(mails) == 1
        assert mails[0]["Subject"].startswith("Invoice INV-2026-000123")
        assert mails[0]["MessageID"] == item["message_id"].strip("<>")
        assert await message_count(mailpit.api_url) == 1


@pytest.mark.integration
async def test_a_wrong_password_is_retried_then_failed_and_never_suppresses(
    infra: Infra,
    mailpit_binary: Path,
    tls_files: TlsFiles,
    smtp_auth_file: Path,
    tmp_path: Path,
    make_settings: MakeSettings,
    publish: Publish,
) -> None:
    flags = server_flags("starttls", tls_files, smtp_auth_file)
    async with private_mailpit(mailpit_binary, tmp_path / "mailpit", *flags) as mailpit:
        server: dict[str, Any] = {
            "smtp_host": mailpit.host,
            "smtp_port": mailpit.smtp_port,
            "smtp_tls": "starttls",
            "smtp_username": SMTP_USER,
            "smtp_ca_file": str(tls_files.ca_cert),
        }
        settings = make_settings(**server, smtp_password="wrong", delivery_max_attempts=3)
        business_id, customer = unique("biz"), f"{unique('x')}@example.com"
        headers = admin_headers(business_id)
        async with running(build_app(settings)) as client:
            event = invoice_event("invoice.issued", business_id, snapshot(unique("inv"), customer))
            await publish(settings, event)

            async def settled() -> dict[str, Any]:
                log = await notification_log(client, business_id)
                return log[0] if log and log[0]["status"] != "pending" else {}

            item = await eventually(settled, what="the message to be given up on")
            suppressions = (await client.get("/v1/suppressions", headers=headers)).json()
        assert item["status"] == "failed"
        assert item["attempts"] == 3  # retried like an outage, not failed at the first 535
        assert "gave up after 3" in item["last_error"]
        assert "535" in item["last_error"]
        assert suppressions["items"] == []  # the recipient did nothing wrong
        assert await message_count(mailpit.api_url) == 0

        failed_topic = settings.kafka_topic_prefix + "notification.failed"
        [record] = await read_topic(
            infra.kafka_bootstrap_servers, failed_topic, until=lambda r: len(r) >= 1
        )
        failure = json.loads(record.value)["data"]
        assert failure["recipient"] == customer
        assert "535" in failure["error"]

        # Nothing was lost: with the password fixed, the admin's retry sends it.
        fixed = make_settings(**server, smtp_password=SMTP_PASSWORD)
        async with running(build_app(fixed)) as client:
            retry = f"/v1/notifications/{item['notification_id']}/retry"
            assert (await client.post(retry, headers=headers)).status_code == 200
            mails = await wait_for_messages(mailpit.api_url, customer)
        assert [m["MessageID"] for m in mails] == [item["message_id"].strip("<>")]


@pytest.mark.integration
@pytest.mark.parametrize("mode", ["starttls", "tls"])
async def test_certificates_are_verified_unless_told_otherwise(
    mode: TlsMode, mailpit_binary: Path, tls_files: TlsFiles, tmp_path: Path
) -> None:
    stranger_ca = make_server_certificate(tmp_path / "stranger").ca_cert
    flags = server_flags(mode, tls_files, None)
    async with private_mailpit(mailpit_binary, tmp_path / "mailpit", *flags) as mailpit:
        by_default = channel_settings(mailpit, smtp_tls=mode)
        assert by_default.smtp_verify_certificate
        with pytest.raises(DeliveryConfigurationError, match="certificate verify failed"):
            await send_once(by_default, message_to(f"{unique('x')}@example.com"))
        wrong_ca = channel_settings(mailpit, smtp_tls=mode, smtp_ca_file=str(stranger_ca))
        with pytest.raises(DeliveryConfigurationError, match="certificate verify failed"):
            await send_once(wrong_ca, message_to(f"{unique('x')}@example.com"))
        assert await message_count(mailpit.api_url) == 0

        trusted, unchecked = (f"{unique(label)}@example.com" for label in ("ca", "off"))
        our_ca = channel_settings(mailpit, smtp_tls=mode, smtp_ca_file=str(tls_files.ca_cert))
        await send_once(our_ca, message_to(trusted))
        verification_off = channel_settings(mailpit, smtp_tls=mode, smtp_verify_certificate=False)
        await send_once(verification_off, message_to(unchecked))
        assert len(await messages_to(mailpit.api_url, trusted)) == 1
        assert len(await messages_to(mailpit.api_url, unchecked)) == 1
        assert await message_count(mailpit.api_url) == 2
