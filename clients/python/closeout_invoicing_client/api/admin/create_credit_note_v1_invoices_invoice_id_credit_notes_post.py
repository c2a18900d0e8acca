from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.credit_note import CreditNote
from ...models.credit_note_in import CreditNoteIn
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    invoice_id: str,
    *,
    body: CreditNoteIn,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/invoices/{invoice_id}/credit-notes".format(
            invoice_id=quote(str(invoice_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CreditNote | ProblemDetails | None:
    if response.status_code == 201:
        response_201 = CreditNote.from_dict(response.json())

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
) -> Response[CreditNote | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CreditNote | ProblemDetails]:
    """Credit part of a paid invoice: a numbered credit note (no payment changes)

     409 when the invoice is a draft or void, when the amount is more than what was paid less refunds and
    earlier credit notes, or when the Idempotency-Key was used with another body; 422 when the lines do
    not add up to the amount.

    Args:
        invoice_id (str):
        idempotency_key (None | str | Unset): A retry with the same key returns the same credit
            note; the same key with another body is a 409
        body (CreditNoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditNote | ProblemDetails]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteIn,
    idempotency_key: None | str | Unset = UNSET,
) -> CreditNote | ProblemDetails | None:
    """Credit part of a paid invoice: a numbered credit note (no payment changes)

     409 when the invoice is a draft or void, when the amount is more than what was paid less refunds and
    earlier credit notes, or when the Idempotency-Key was used with another body; 422 when the lines do
    not add up to the amount.

    Args:
        invoice_id (str):
        idempotency_key (None | str | Unset): A retry with the same key returns the same credit
            note; the same key with another body is a 409
        body (CreditNoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditNote | ProblemDetails
    """

    return sync_detailed(
        invoice_id=invoice_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteIn,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[CreditNote | ProblemDetails]:
    """Credit part of a paid invoice: a numbered credit note (no payment changes)

     409 when the invoice is a draft or void, when the amount is more than what was paid less refunds and
    earlier credit notes, or when the Idempotency-Key was used with another body; 422 when the lines do
    not add up to the amount.

    Args:
        invoice_id (str):
        idempotency_key (None | str | Unset): A retry with the same key returns the same credit
            note; the same key with another body is a 409
        body (CreditNoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CreditNote | ProblemDetails]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invoice_id: str,
    *,
    client: AuthenticatedClient,
    body: CreditNoteIn,
    idempotency_key: None | str | Unset = UNSET,
) -> CreditNote | ProblemDetails | None:
    """Credit part of a paid invoice: a numbered credit note (no payment changes)

     409 when the invoice is a draft or void, when the amount is more than what was paid less refunds and
    earlier credit notes, or when the Idempotency-Key was used with another body; 422 when the lines do
    not add up to the amount.

    Args:
        invoice_id (str):
        idempotency_key (None | str | Unset): A retry with the same key returns the same credit
            note; the same key with another body is a 409
        body (CreditNoteIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CreditNote | ProblemDetails
    """

    return (
        await asyncio_detailed(
            invoice_id=invoice_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
