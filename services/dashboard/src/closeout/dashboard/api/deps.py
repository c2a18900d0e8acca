"""Dependencies of the dashboard's pages: the runtime, the signed-in user, roles, checked forms."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qsl, quote

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from closeout.dashboard.adapters.services import ServiceClients, UserCalls
from closeout.dashboard.domain.roles import may_act, may_manage
from closeout.dashboard.domain.sessions import COOKIE, same_token
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.storage.records import SignedInSession
from closeout.dashboard.usecases import accounts
from closeout.shared.web.deps import get_runtime, get_session
from closeout.shared.web.limits import read_body
from closeout.shared.web.runtime import ServiceRuntime

RuntimeDep = Annotated[ServiceRuntime[DashboardSettings], Depends(get_runtime)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
FORM_MAX_BYTES = 64 * 1024


async def get_settings(runtime: RuntimeDep) -> DashboardSettings:
    return runtime.settings


SettingsDep = Annotated[DashboardSettings, Depends(get_settings)]


class SignInRequired(Exception):
    """No live session: the page answers with a redirect to the sign-in form."""

    def __init__(self, back_to: str) -> None:
        self.back_to = back_to

    @property
    def location(self) -> str:
        return f"/sign-in?next={quote(self.back_to, safe='/')}"


class PageRefused(Exception):
    """A page answered with a status and a message for the person (403, 404, ...)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def signed_in(
    request: Request, session: SessionDep, settings: SettingsDep
) -> SignedInSession:
    async with session.begin():
        found = await accounts.current_session(session, settings, request.cookies.get(COOKIE))
    if found is None:
        back_to = request.url.path if request.method == "GET" else "/"
        raise SignInRequired(back_to)
    request.state.signed_in = found
    return found


SignedIn = Annotated[SignedInSession, Depends(signed_in)]


async def acting(signed: SignedIn) -> SignedInSession:
    if not may_act(signed.user.role):
        raise PageRefused(403, "Your role lets you look, not act. Ask the owner for staff access.")
    return signed


async def managing(signed: SignedIn) -> SignedInSession:
    if not may_manage(signed.user.role):
        raise PageRefused(403, "Only the business's owner can do that.")
    return signed


Acting = Annotated[SignedInSession, Depends(acting)]
Managing = Annotated[SignedInSession, Depends(managing)]


async def read_form(request: Request) -> dict[str, str]:
    """An `application/x-www-form-urlencoded` body (a field given twice: its last value)."""
    body = await read_body(request, FORM_MAX_BYTES)
    try:
        return dict(parse_qsl(body.decode(), keep_blank_values=True, max_num_fields=100))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PageRefused(400, "That form could not be read.") from exc


async def checked_form(request: Request, signed: SignedIn) -> dict[str, str]:
    """The posted form of a signed-in user, refused (403) without this session's CSRF token."""
    form = await read_form(request)
    if not same_token(signed.csrf_token, form.get("csrf")):
        raise PageRefused(403, "This form has expired. Go back, reload the page and try again.")
    if any("\x00" in value for value in form.values()):
        raise PageRefused(400, "NUL characters are not allowed in any field.")
    return form


CheckedForm = Annotated[dict[str, str], Depends(checked_form)]


async def get_clients(request: Request) -> ServiceClients:
    clients: ServiceClients = request.app.state.service_clients
    return clients


ClientsDep = Annotated[ServiceClients, Depends(get_clients)]


def calls_for(clients: ServiceClients, signed: SignedInSession) -> UserCalls:
    return clients.for_user(signed.user.business_id, signed.user.user_id)
