"""Customers: each one's invoices, what they owe, what is late."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from closeout.dashboard.api.deps import ClientsDep, SignedIn, calls_for
from closeout.dashboard.api.rendering import render
from closeout.dashboard.domain.customers import customers_of

router = APIRouter(tags=["dashboard"], include_in_schema=False)


@router.get("/customers")
async def customers(request: Request, signed: SignedIn, clients: ClientsDep) -> HTMLResponse:
    invoices = await calls_for(clients, signed).all_invoices()
    return render(request, "customers.html", {"customers": customers_of(invoices)})
