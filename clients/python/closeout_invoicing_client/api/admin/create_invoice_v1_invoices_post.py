from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invoice_detail import InvoiceDetail
from ...models.new_invoice_in import NewInvoiceIn
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: NewInvoiceIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invoices",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvoiceDetail | ProblemDetails | None:
    if response.status_code == 201:
        response_201 = InvoiceDetail.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ProblemDetails.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ProblemDetails.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ProblemDetails.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = ProblemDetails.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = ProblemDetails.from_dict(response.json())

        return response_413

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
) -> Response[InvoiceDetail | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: NewInvoiceIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InvoiceDetail | ProblemDetails]:
    """Make an invoice by hand: a draft, or issued and sent at once (`send`)

    Args:
        idempotency_key (None | str | Unset): A retry with the same key returns the same invoice;
            the same key with another body is a 409
        body (NewInvoiceIn): An invoice made by hand (`POST /v1/invoices`); left out: the
            business's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceDetail | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: NewInvoiceIn,
    idempotency_key: None | str | Unset = UNSET,
) -> InvoiceDetail | ProblemDetails | None:
    """Make an invoice by hand: a draft, or issued and sent at once (`send`)

    Args:
        idempotency_key (None | str | Unset): A retry with the same key returns the same invoice;
            the same key with another body is a 409
        body (NewInvoiceIn): An invoice made by hand (`POST /v1/invoices`); left out: the
            business's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceDetail | ProblemDetails
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: NewInvoiceIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[InvoiceDetail | ProblemDetails]:
    """Make an invoice by hand: a draft, or issued and sent at once (`send`)

    Args:
        idempotency_key (None | str | Unset): A retry with the same key returns the same invoice;
            the same key with another body is a 409
        body (NewInvoiceIn): An invoice made by hand (`POST /v1/invoices`); left out: the
            business's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvoiceDetail | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: NewInvoiceIn,
    idempotency_key: None | str | Unset = UNSET,
) -> InvoiceDetail | ProblemDetails | None:
    """Make an invoice by hand: a draft, or issued and sent at once (`send`)

    Args:
        idempotency_key (None | str | Unset): A retry with the same key returns the same invoice;
            the same key with another body is a 409
        body (NewInvoiceIn): An invoice made by hand (`POST /v1/invoices`); left out: the
            business's settings.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvoiceDetail | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
