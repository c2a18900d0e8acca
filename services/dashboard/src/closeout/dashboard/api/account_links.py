"""Pages a signed-out person opens: ask for a password reset, and the one-use links mailed
to them (`/i/{token}`: accept an invitation, or set a new password)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from closeout.dashboard.api.auth import set_session_cookie
from closeout.dashboard.api.deps import SessionDep, SettingsDep, read_form
from closeout.dashboard.api.rendering import redirect, render
from closeout.dashboard.domain.sessions import COOKIE
from closeout.dashboard.storage.records import AccountLink
from closeout.dashboard.usecases import accounts, password_reset, team
from closeout.shared.errors import ConflictError, InvalidInputError, NotFoundError

router = APIRouter(tags=["dashboard"], include_in_schema=False)

SENT = (
    "If that address has a Closeout account, a link to set a new password is on its way."
    " It works once, for a limited time."
)


def _ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/forgot-password")
async def forgot_form(request: Request) -> HTMLResponse:
    return render(request, "forgot_password.html", {"sent": None})


@router.post("/forgot-password")
async def forgot(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    # No CSRF token needed: the post only ever mails the account's own address, and the
    # answer is the same whatever the address.
    form = await read_form(request)
    async with session.begin():
        await password_reset.request_reset(
            session, settings, email=form.get("email", ""), ip=_ip(request)
        )
    return render(request, "forgot_password.html", {"sent": SENT})


def _link_page(
    request: Request, link: AccountLink, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    template = "accept_invitation.html" if link.kind == "invitation" else "reset_password.html"
    return render(request, template, {"link": link, "error": error}, status=status)


def _unusable(request: Request, message: str) -> HTMLResponse:
    return render(
        request,
        "error.html",
        {"title": "This link does not work", "message": message, "back": "/sign-in"},
        status=404,
    )


@router.get("/i/{token}")
async def open_link(request: Request, token: str, session: SessionDep) -> HTMLResponse:
    try:
        async with session.begin():
            link = await team.open_link(session, token)
    except NotFoundError as exc:
        return _unusable(request, str(exc))
    return _link_page(request, link)


@router.post("/i/{token}")
async def use_link(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    # The token in the path is the capability: no one else can post here.
    form = await read_form(request)
    try:
        async with session.begin():
            link = await team.open_link(session, token)
            if link.kind == "invitation":
                user = await team.accept(
                    session, token, name=form.get("name", ""), password=form.get("password", "")
                )
                cookie = await accounts.start_session(
                    session,
                    settings,
                    user,
                    ip=_ip(request),
                    previous_token=request.cookies.get(COOKIE),
                )
            else:
                await password_reset.reset_password(
                    session, token, password=form.get("password", "")
                )
                cookie = None
    except NotFoundError as exc:
        return _unusable(request, str(exc))
    except (InvalidInputError, ConflictError) as exc:
        status = 422 if isinstance(exc, InvalidInputError) else 409
        return _link_page(request, link, error=str(exc), status=status)
    if cookie is None:
        response = redirect("/sign-in?reset=1")
        response.delete_cookie(COOKIE, path="/")
        return response
    response = redirect("/")
    set_session_cookie(response, cookie, settings)
    return response
