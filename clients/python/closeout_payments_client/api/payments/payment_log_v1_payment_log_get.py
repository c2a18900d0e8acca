import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.business_log_response import BusinessLogResponse
from ...models.payment_log_v1_payment_log_get_category_type_0 import (
    PaymentLogV1PaymentLogGetCategoryType0,
)
from ...models.payment_log_v1_payment_log_get_method_type_0 import (
    PaymentLogV1PaymentLogGetMethodType0,
)
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    category: None | PaymentLogV1PaymentLogGetCategoryType0 | Unset = UNSET,
    method: None | PaymentLogV1PaymentLogGetMethodType0 | Unset = UNSET,
    invoice_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, PaymentLogV1PaymentLogGetCategoryType0):
        json_category = category.value
    else:
        json_category = category
    params["category"] = json_category

    json_method: None | str | Unset
    if isinstance(method, Unset):
        json_method = UNSET
    elif isinstance(method, PaymentLogV1PaymentLogGetMethodType0):
        json_method = method.value
    else:
        json_method = method
    params["method"] = json_method

    json_invoice_id: None | str | Unset
    if isinstance(invoice_id, Unset):
        json_invoice_id = UNSET
    else:
        json_invoice_id = invoice_id
    params["invoice_id"] = json_invoice_id

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_until: None | str | Unset
    if isinstance(until, Unset):
        json_until = UNSET
    elif isinstance(until, datetime.datetime):
        json_until = until.isoformat()
    else:
        json_until = until
    params["until"] = json_until

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/payment-log",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BusinessLogResponse | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = BusinessLogResponse.from_dict(response.json())

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
) -> Response[BusinessLogResponse | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    category: None | PaymentLogV1PaymentLogGetCategoryType0 | Unset = UNSET,
    method: None | PaymentLogV1PaymentLogGetMethodType0 | Unset = UNSET,
    invoice_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[BusinessLogResponse | ProblemDetails]:
    """The business's payments, failures, refunds and disputes across invoices, newest first

    Args:
        category (None | PaymentLogV1PaymentLogGetCategoryType0 | Unset):
        method (None | PaymentLogV1PaymentLogGetMethodType0 | Unset):
        invoice_id (None | str | Unset):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BusinessLogResponse | ProblemDetails]
    """

    kwargs = _get_kwargs(
        category=category,
        method=method,
        invoice_id=invoice_id,
        since=since,
        until=until,
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
    category: None | PaymentLogV1PaymentLogGetCategoryType0 | Unset = UNSET,
    method: None | PaymentLogV1PaymentLogGetMethodType0 | Unset = UNSET,
    invoice_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> BusinessLogResponse | ProblemDetails | None:
    """The business's payments, failures, refunds and disputes across invoices, newest first

    Args:
        category (None | PaymentLogV1PaymentLogGetCategoryType0 | Unset):
        method (None | PaymentLogV1PaymentLogGetMethodType0 | Unset):
        invoice_id (None | str | Unset):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BusinessLogResponse | ProblemDetails
    """

    return sync_detailed(
        client=client,
        category=category,
        method=method,
        invoice_id=invoice_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    category: None | PaymentLogV1PaymentLogGetCategoryType0 | Unset = UNSET,
    method: None | PaymentLogV1PaymentLogGetMethodType0 | Unset = UNSET,
    invoice_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[BusinessLogResponse | ProblemDetails]:
    """The business's payments, failures, refunds and disputes across invoices, newest first

    Args:
        category (None | PaymentLogV1PaymentLogGetCategoryType0 | Unset):
        method (None | PaymentLogV1PaymentLogGetMethodType0 | Unset):
        invoice_id (None | str | Unset):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BusinessLogResponse | ProblemDetails]
    """

    kwargs = _get_kwargs(
        category=category,
        method=method,
        invoice_id=invoice_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    category: None | PaymentLogV1PaymentLogGetCategoryType0 | Unset = UNSET,
    method: None | PaymentLogV1PaymentLogGetMethodType0 | Unset = UNSET,
    invoice_id: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    until: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> BusinessLogResponse | ProblemDetails | None:
    """The business's payments, failures, refunds and disputes across invoices, newest first

    Args:
        category (None | PaymentLogV1PaymentLogGetCategoryType0 | Unset):
        method (None | PaymentLogV1PaymentLogGetMethodType0 | Unset):
        invoice_id (None | str | Unset):
        since (datetime.datetime | None | Unset):
        until (datetime.datetime | None | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BusinessLogResponse | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            category=category,
            method=method,
            invoice_id=invoice_id,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    ).parsed
