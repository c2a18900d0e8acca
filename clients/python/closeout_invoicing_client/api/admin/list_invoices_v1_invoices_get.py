import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invoice_list import InvoiceList
from ...models.list_invoices_v1_invoices_get_status_type_0 import (
    ListInvoicesV1InvoicesGetStatusType0,
)
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    business_id: None | str | Unset = UNSET,
    status: ListInvoicesV1InvoicesGetStatusType0 | None | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    job_external_id: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    needs_review: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_business_id: None | str | Unset
    if isinstance(business_id, Unset):
        json_business_id = UNSET
    else:
        json_business_id = business_id
    params["business_id"] = json_business_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListInvoicesV1InvoicesGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_overdue: bool | None | Unset
    if isinstance(overdue, Unset):
        json_overdue = UNSET
    else:
        json_overdue = overdue
    params["overdue"] = json_overdue

    json_customer: None | str | Unset
    if isinstance(customer, Unset):
        json_customer = UNSET
    else:
        json_customer = customer
    params["customer"] = json_customer

    json_job_external_id: None | str | Unset
    if isinstance(job_external_id, Unset):
        json_job_external_id = UNSET
    else:
        json_job_external_id = job_external_id
    params["job_external_id"] = json_job_external_id

    json_created_from: None | str | Unset
    if isinstance(created_from, Unset):
        json_created_from = UNSET
    elif isinstance(created_from, datetime.datetime):
        json_created_from = created_from.isoformat()
    else:
        json_created_from = created_from
    params["created_from"] = json_created_from

    json_created_to: None | str | Unset
    if isinstance(created_to, Unset):
        json_created_to = UNSET
    elif isinstance(created_to, datetime.datetime):
        json_created_to = created_to.isoformat()
    else:
        json_created_to = created_to
    params["created_to"] = json_created_to

    json_needs_review: bool | None | Unset
    if isinstance(needs_review, Unset):
        json_needs_review = UNSET
    else:
        json_needs_review = needs_review
    params["needs_review"] = json_needs_review

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/invoices",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvoiceList | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = InvoiceList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ProblemDetails.from_dict(response.json())

        return response_422

    if response.status_code == 503:
        response_503 = ProblemDetails.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvoiceList | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
    status: ListInvoicesV1InvoicesGetStatusType0 | None | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    job_external_id: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    needs_review: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[InvoiceList | ProblemDetails]:
    """List and filter invoices

    Args:
        business_id (None | str | Unset):
        status (ListInvoicesV1InvoicesGetStatusType0 | None | Unset):
        overdue (bool | None | Unset):
        customer (None | str | Unset):
        job_external_id (None | str | Unset):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        needs_review (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceList | ProblemDetails]
    """

    kwargs = _get_kwargs(
        business_id=business_id,
        status=status,
        overdue=overdue,
        customer=customer,
        job_external_id=job_external_id,
        created_from=created_from,
        created_to=created_to,
        needs_review=needs_review,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
    status: ListInvoicesV1InvoicesGetStatusType0 | None | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    job_external_id: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    needs_review: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> InvoiceList | ProblemDetails | None:
    """List and filter invoices

    Args:
        business_id (None | str | Unset):
        status (ListInvoicesV1InvoicesGetStatusType0 | None | Unset):
        overdue (bool | None | Unset):
        customer (None | str | Unset):
        job_external_id (None | str | Unset):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        needs_review (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceList | ProblemDetails
    """

    return sync_detailed(
        client=client,
        business_id=business_id,
        status=status,
        overdue=overdue,
        customer=customer,
        job_external_id=job_external_id,
        created_from=created_from,
        created_to=created_to,
        needs_review=needs_review,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
    status: ListInvoicesV1InvoicesGetStatusType0 | None | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    job_external_id: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    needs_review: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[InvoiceList | ProblemDetails]:
    """List and filter invoices

    Args:
        business_id (None | str | Unset):
        status (ListInvoicesV1InvoicesGetStatusType0 | None | Unset):
        overdue (bool | None | Unset):
        customer (None | str | Unset):
        job_external_id (None | str | Unset):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        needs_review (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceList | ProblemDetails]
    """

    kwargs = _get_kwargs(
        business_id=business_id,
        status=status,
        overdue=overdue,
        customer=customer,
        job_external_id=job_external_id,
        created_from=created_from,
        created_to=created_to,
        needs_review=needs_review,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
    status: ListInvoicesV1InvoicesGetStatusType0 | None | Unset = UNSET,
    overdue: bool | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    job_external_id: None | str | Unset = UNSET,
    created_from: datetime.datetime | None | Unset = UNSET,
    created_to: datetime.datetime | None | Unset = UNSET,
    needs_review: bool | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> InvoiceList | ProblemDetails | None:
    """List and filter invoices

    Args:
        business_id (None | str | Unset):
        status (ListInvoicesV1InvoicesGetStatusType0 | None | Unset):
        overdue (bool | None | Unset):
        customer (None | str | Unset):
        job_external_id (None | str | Unset):
        created_from (datetime.datetime | None | Unset): Inclusive
        created_to (datetime.datetime | None | Unset): Exclusive
        needs_review (bool | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceList | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            business_id=business_id,
            status=status,
            overdue=overdue,
            customer=customer,
            job_external_id=job_external_id,
            created_from=created_from,
            created_to=created_to,
            needs_review=needs_review,
            limit=limit,
            offset=offset,
        )
    ).parsed
