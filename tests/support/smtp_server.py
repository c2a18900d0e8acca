"""A small scripted SMTP server for rejections Mailpit cannot produce (a 552 or 554 after DATA).

It speaks real SMTP over TCP (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), so the service's
SMTP client takes exactly the path it takes against a real server. Replies are chosen by the
recipient's local part: `rcpt_replies` answer RCPT TO, `data_replies` answer the end of DATA;
every other message is accepted and kept in `accepted`.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

from support.processes import free_port


@dataclass
class Accepted:
    recipients: list[str]
    data: bytes


@dataclass
class ScriptedSmtpServer:
    rcpt_replies: dict[str, str] = field(default_factory=dict)  # local-part prefix -> reply
    data_replies: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    port: int = field(default_factory=free_port)
    accepted: list[Accepted] = field(default_factory=list)
    data_rejected: list[list[str]] = field(default_factory=list)
    _server: asyncio.Server | None = None

    async def __aenter__(self) -> ScriptedSmtpServer:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()

    def _reply_for(self, table: dict[str, str], address: str) -> str | None:
        local = address.strip("<> ").split("@")[0].lower()
        return next((reply for prefix, reply in table.items() if local.startswith(prefix)), None)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        recipients: list[str] = []
        try:
            await say("220 scripted ESMTP")
            while line := (await reader.readline()).decode(errors="replace").rstrip("\r\n"):
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    await say("250-scripted\r\n250-8BITMIME\r\n250 SMTPUTF8")
                elif verb == "MAIL":
                    recipients = []
                    await say("250 2.1.0 ok")
                elif verb == "RCPT":
                    address = line.split(":", 1)[1]
                    reply = self._reply_for(self.rcpt_replies, address)
                    if reply is None:
                        recipients.append(address.strip("<> "))
                    await say(reply or "250 2.1.5 ok")
                elif verb == "DATA":
                    await say("354 end with <CRLF>.<CRLF>")
                    data = await reader.readuntil(b"\r\n.\r\n")
                    replies = [self._reply_for(self.data_replies, r) for r in recipients]
                    reply = next((r for r in replies if r), None)
                    if reply:
                        self.data_rejected.append(recipients)
                    else:
                        self.accepted.append(Accepted(recipients, data))
                    recipients = []
                    await say(reply or "250 2.0.0 queued")
                elif verb == "QUIT":
                    await say("221 bye")
                    break
                else:  # RSET, NOOP
                    recipients = [] if verb == "RSET" else recipients
                    await say("250 ok")
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
