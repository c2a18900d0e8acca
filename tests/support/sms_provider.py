"""A local stand-in for Twilio's Messages API, served over real HTTP for the notifications tests.

`POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (form `To`, `From` or
`MessagingServiceSid`, `Body`, `StatusCallback`; HTTP Basic auth) records each request and
answers `201 {"sid": "SM...", "status": "queued", ...}`, or what a test scripted for the next
requests (`fail_next`: a 500, a 429, a 400 with Twilio error 21211, ...). `report_status` then
calls a message's `StatusCallback` signed the way Twilio signs (`X-Twilio-Signature`), written
here from Twilio's documentation rather than taken from the service, so a test checks one
against the other.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "stand-in-auth-token-0123456789abcdef"
SENDER = "+15005550006"


@dataclass(frozen=True)
class SentSms:
    sid: str
    to: str
    sender: str | None
    messaging_service_sid: str | None
    body: str
    status_callback: str | None


@dataclass(frozen=True)
class Answer:
    status: int
    code: int | None = None
    message: str = "scripted failure"


@dataclass
class StandInSmsProvider:
    base_url: str = ""
    requests: int = 0  # every POST to the Messages resource, refused ones included
    sent: list[SentSms] = field(default_factory=list)  # the ones accepted
    _scripted: list[Answer] = field(default_factory=list)

    def fail_next(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order, then accept again."""
        self._scripted.extend(answers)

    def to(self, number: str) -> list[SentSms]:
        return [sms for sms in self.sent if sms.to == number]

    async def messages(self, request: Request) -> JSONResponse:
        self.requests += 1
        if request.path_params["account"] != ACCOUNT_SID or not _authorized(request):
            return _error(401, 20003, "Authenticate")
        form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        if self._scripted:
            answer = self._scripted.pop(0)
            return _error(answer.status, answer.code, answer.message)
        if not form.get("To") or not form.get("Body"):
            return _error(400, 21604, "A 'To' phone number and a 'Body' are required")
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return _error(400, 21603, "A 'From' phone number is required")
        sms = SentSms(
            sid="SM" + uuid.uuid4().hex,
            to=form["To"],
            sender=form.get("From"),
            messaging_service_sid=form.get("MessagingServiceSid"),
            body=form["Body"],
            status_callback=form.get("StatusCallback"),
        )
        self.sent.append(sms)
        return JSONResponse(
            {"sid": sms.sid, "status": "queued", "to": sms.to, "body": sms.body}, status_code=201
        )

    async def report_status(
        self,
        client: httpx.AsyncClient,
        sms: SentSms,
        status: str,
        error_code: str | None = None,
        *,
        auth_token: str = AUTH_TOKEN,
    ) -> httpx.Response:
        """Call the message's StatusCallback as Twilio would (through `client`, which reaches
        the app under test), signed with `auth_token`."""
        assert sms.status_callback, "the message was sent without a StatusCallback"
        form = {"MessageSid": sms.sid, "MessageStatus": status, "AccountSid": ACCOUNT_SID}
        if error_code is not None:
            form["ErrorCode"] = error_code
        signature = twilio_signature(sms.status_callback, form, auth_token)
        target = urlsplit(sms.status_callback)
        return await client.post(
            target.path + (f"?{target.query}" if target.query else ""),
            data=form,
            headers={"X-Twilio-Signature": signature},
        )


def twilio_signature(url: str, form: dict[str, str], auth_token: str) -> str:
    """As documented: the full URL, then each parameter's name and value sorted by name,
    HMAC-SHA1 with the auth token, base64."""
    data = url + "".join(f"{name}{form[name]}" for name in sorted(form))
    return base64.b64encode(
        hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    ).decode()


def _authorized(request: Request) -> bool:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        user, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return user == ACCOUNT_SID and password == AUTH_TOKEN


def _error(status: int, code: int | None, message: str) -> JSONResponse:
    body = {"status": status, "message": message, "code": code, "more_info": ""}
    return JSONResponse(body, status_code=status)


@asynccontextmanager
async def sms_provider() -> AsyncIterator[StandInSmsProvider]:
    """Serve a stand-in on a free local port for the duration of the block."""
    provider = StandInSmsProvider()
    app = Starlette(
        routes=[
            Route(
                "/2010-04-01/Accounts/{account}/Messages.json", provider.messages, methods=["POST"]
            )
        ]
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    provider.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield provider
    finally:
        server.should_exit = True
        await task
        sock.close()
