"""Sign-in and sign-out."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from closeout.dashboard.api.deps import (
    CheckedForm,
    SessionDep,
    SettingsDep,
    SignedIn,
    read_form,
)
from closeout.dashboard.api.rendering import local_path, redirect, render
from closeout.dashboard.domain.sessions import COOKIE, SIGN_IN_COOKIE, same_token
from closeout.dashboard.settings import DashboardSettings
from closeout.dashboard.usecases import accounts

router = APIRouter(tags=["dashboard"], include_in_schema=False)


def _sign_in_page(
    request: Request, form_token: str, *, error: str | None, email: str = "", status: int = 200
) -> HTMLResponse:
    response = render(
        request,
        "sign_in.html",
        {
            "form_token": form_token,
            "error": error,
            "email": email,
            "next": local_path(request.query_params.get("next")),
        },
        status=status,
    )
    return response


def _set_form_cookie(response: Response, token: str, settings: DashboardSettings) -> None:
    response.set_cookie(
        SIGN_IN_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/sign-in",
    )


def set_session_cookie(response: Response, token: str, settings: DashboardSettings) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        path="/",
    )


@router.get("/sign-in")
async def sign_in_form(request: Request, settings: SettingsDep) -> Response:
    token = request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(32)
    response = _sign_in_page(request, token, error=None)
    _set_form_cookie(response, token, settings)
    return response


@router.post("/sign-in")
async def sign_in(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    form = await read_form(request)
    cookie_token = request.cookies.get(SIGN_IN_COOKIE)
    # Double submit: only a page this site served can post here (no sign-in CSRF).
    if cookie_token is None or not same_token(cookie_token, form.get("form_token")):
        fresh = secrets.token_urlsafe(32)
        expired = _sign_in_page(
            request, fresh, error="This form has expired. Please sign in again.", status=403
        )
        _set_form_cookie(expired, fresh, settings)
        return expired
    email = form.get("email", "")
    ip = request.client.host if request.client else "unknown"
    async with session.begin():
        result = await accounts.sign_in(
            session,
            settings,
            email=email,
            password=form.get("password", ""),
            ip=ip,
            previous_token=request.cookies.get(COOKIE),
        )
    if result.token is None:
        return _sign_in_page(
            request,
            cookie_token,
            error=result.refusal,
            email=email,
            status=429 if result.throttled else 401,
        )
    response: Response = redirect(local_path(form.get("next")))
    set_session_cookie(response, result.token, settings)
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return response


@router.post("/sign-out")
async def sign_out(
    request: Request, signed: SignedIn, form: CheckedForm, session: SessionDep
) -> RedirectResponse:
    async with session.begin():
        await accounts.sign_out(session, request.cookies.get(COOKIE))
    response = redirect("/sign-in")
    response.delete_cookie(COOKIE, path="/")
    return response
