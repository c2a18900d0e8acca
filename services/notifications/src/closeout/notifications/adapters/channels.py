"""The email channel: SMTP over one reused connection (SMS: `adapters.sms`).

Each implements `domain.outgoing.Channel` and classifies its failures with the errors there.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, formatdate

import aiosmtplib

from closeout.notifications.adapters.documents import DocumentsClient
from closeout.notifications.domain.outgoing import (
    Attachment,
    DeliveryConfigurationError,
    OutgoingMessage,
    PermanentDeliveryError,
    RecipientRefusedError,
    TransientDeliveryError,
)
from closeout.notifications.settings import NotificationsSettings
from closeout.shared.contracts.common import clean_display_name

# 530 authentication (or STARTTLS) required, 534 mechanism too weak, 535 credentials invalid,
# 538 encryption required for the mechanism.
log = logging.getLogger(__name__)

CONFIGURATION_REPLY_CODES = frozenset({530, 534, 535, 538})


def build_email(
    message: OutgoingMessage, mail_from: str, attachments: Sequence[Attachment] = ()
) -> EmailMessage:
    """The MIME message; display text in headers is cleaned of control characters (a CR/LF
    in a name would make the header invalid). Raises `PermanentDeliveryError` if it still
    cannot be built: trying again would build the same broken message."""
    try:
        email = EmailMessage()
        email["From"] = formataddr((clean_display_name(message.sender_name or ""), mail_from))
        email["To"] = message.recipient
        email["Subject"] = clean_display_name(message.subject)
        email["Message-ID"] = message.message_id
        email["Date"] = formatdate(localtime=False)
        if message.reply_to:
            email["Reply-To"] = message.reply_to
        email.set_content(message.text)
        if message.html:
            email.add_alternative(message.html, subtype="html")
        for attachment in attachments:
            maintype, subtype = attachment.content_type.split("/", 1)
            email.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype,
                filename=attachment.filename,
            )  # fmt: skip
    except Exception as exc:  # building is deterministic: it would fail the same way again
        raise PermanentDeliveryError(f"message could not be built: {exc}") from exc
    return email


class EmailChannel:
    name = "email"

    def __init__(
        self, settings: NotificationsSettings, documents: DocumentsClient | None = None
    ) -> None:
        self.settings = settings
        self.documents = documents
        self._smtp: aiosmtplib.SMTP | None = None

    async def _attachments(self, message: OutgoingMessage) -> list[Attachment]:
        if message.attachment is None or message.invoice_id is None or self.documents is None:
            return []
        document = await self.documents.fetch(message.invoice_id, message.attachment)
        if document is None:
            log.warning("message %s goes without %s: invoicing has none", message.notification_id,
                        message.attachment)  # fmt: skip
            return []
        return [document]

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password,
            use_tls=s.smtp_tls == "tls",
            start_tls=s.smtp_tls == "starttls",
            validate_certs=s.smtp_verify_certificate,
            cert_bundle=s.smtp_ca_file,
            timeout=s.smtp_timeout_seconds,
        )

    async def _connected(self) -> aiosmtplib.SMTP:
        """The open connection, or a new one (TLS and login done); never a recipient error."""
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        self._smtp = self._client()
        try:
            await self._smtp.connect()
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await self._drop()
            raise connection_failure(exc) from exc
        return self._smtp

    async def send(self, message: OutgoingMessage) -> None:
        email = build_email(message, self.settings.mail_from, await self._attachments(message))
        reused = self._smtp is not None and self._smtp.is_connected
        try:
            try:
                smtp = await self._connected()
                errors, _ = await smtp.send_message(email)
            except aiosmtplib.SMTPServerDisconnected:
                if not reused:
                    raise
                # The server dropped our idle connection: reconnect once, right away.
                await self._drop()
                smtp = await self._connected()
                errors, _ = await smtp.send_message(email)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [r.code for r in exc.recipients]
            if all(code >= 500 for code in codes):
                raise RecipientRefusedError(f"recipient refused: {exc}") from exc
            raise TransientDeliveryError(f"recipient deferred: {exc}") from exc
        except aiosmtplib.SMTPResponseException as exc:
            await self._drop()
            if exc.code in CONFIGURATION_REPLY_CODES:
                detail = f"{exc.code} {exc.message}"
                raise DeliveryConfigurationError(f"SMTP login or TLS demanded: {detail}") from exc
            if exc.code >= 500 and not isinstance(exc, aiosmtplib.SMTPSenderRefused):
                # e.g. 552 (too large) or 554 (policy) after DATA: this message, not the address
                raise PermanentDeliveryError(f"{exc.code} {exc.message}") from exc
            raise TransientDeliveryError(f"{exc.code} {exc.message}") from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            await self._drop()
            raise TransientDeliveryError(f"{type(exc).__name__}: {exc}") from exc
        if errors:
            raise RecipientRefusedError(f"recipient refused: {errors}")

    async def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            with contextlib.suppress(Exception):  # already broken; nothing left to do
                smtp.close()

    async def close(self) -> None:
        if self._smtp is not None and self._smtp.is_connected:
            with contextlib.suppress(aiosmtplib.SMTPException):
                await self._smtp.quit()
        await self._drop()


def connection_failure(exc: BaseException) -> TransientDeliveryError:
    """Classify a failure to connect, upgrade to TLS or log in."""
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        detail = f"{exc.code} {exc.message}"
        if exc.code in CONFIGURATION_REPLY_CODES:
            return DeliveryConfigurationError(f"SMTP login refused: {detail}")
        return TransientDeliveryError(f"SMTP server not ready: {detail}")
    detail = f"{type(exc).__name__}: {exc}"
    if _caused_by_tls(exc):
        return DeliveryConfigurationError(f"SMTP TLS failed: {detail}")
    if isinstance(exc, aiosmtplib.SMTPException) and not isinstance(
        exc,
        aiosmtplib.SMTPConnectError
        | aiosmtplib.SMTPServerDisconnected
        | aiosmtplib.SMTPTimeoutError,
    ):
        # e.g. "STARTTLS extension not supported", "AUTH extension not supported"
        return DeliveryConfigurationError(
            f"SMTP server does not offer what is configured: {detail}"
        )
    return TransientDeliveryError(detail)


def _caused_by_tls(exc: BaseException | None) -> bool:
    """An SSL error anywhere in the chain, other than the peer simply hanging up."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ssl.SSLError) and not isinstance(
            exc, ssl.SSLEOFError | ssl.SSLZeroReturnError
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
