"""The signed-in user's own page: who they are, what their role allows, recent activity."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from closeout.dashboard.api.deps import SessionDep, SignedIn
from closeout.dashboard.api.rendering import render
from closeout.dashboard.storage import repository as repo

router = APIRouter(tags=["dashboard"], include_in_schema=False)


@router.get("/account")
async def account(request: Request, signed: SignedIn, session: SessionDep) -> HTMLResponse:
    async with session.begin():
        entries = await repo.audit_entries(session, signed.user.business_id, limit=30)
    return render(request, "account.html", {"entries": entries})
