"""The overview page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from closeout.dashboard.api.deps import ClientsDep, SignedIn, calls_for
from closeout.dashboard.api.rendering import render
from closeout.dashboard.domain.overview import AGING_BUCKETS
from closeout.dashboard.usecases.overview import overview_page

router = APIRouter(tags=["dashboard"], include_in_schema=False)


@router.get("/")
async def overview(request: Request, signed: SignedIn, clients: ClientsDep) -> HTMLResponse:
    page = await overview_page(calls_for(clients, signed))
    return render(request, "overview.html", {"page": page, "buckets": AGING_BUCKETS})
