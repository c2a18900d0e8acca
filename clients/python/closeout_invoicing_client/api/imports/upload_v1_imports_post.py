from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.import_out import ImportOut
from ...models.problem_details import ProblemDetails
from ...models.upload_v1_imports_post_body import UploadV1ImportsPostBody
from ...types import Response


def _get_kwargs(
    *,
    body: UploadV1ImportsPostBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/imports",
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ImportOut | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = ImportOut.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = ImportOut.from_dict(response.json())

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
) -> Response[ImportOut | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadV1ImportsPostBody,
) -> Response[ImportOut | ProblemDetails]:
    """Upload a CSV of invoices (multipart field `file`, up to 8388608 bytes)

     UTF-8 with or without a BOM, comma or semicolon. The rows are checked in the background (`GET
    /v1/imports/{id}` shows the progress and each row's errors). The same file again answers 200 with
    the import it made: nothing is imported twice.

    Args:
        body (UploadV1ImportsPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: UploadV1ImportsPostBody,
) -> ImportOut | ProblemDetails | None:
    """Upload a CSV of invoices (multipart field `file`, up to 8388608 bytes)

     UTF-8 with or without a BOM, comma or semicolon. The rows are checked in the background (`GET
    /v1/imports/{id}` shows the progress and each row's errors). The same file again answers 200 with
    the import it made: nothing is imported twice.

    Args:
        body (UploadV1ImportsPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportOut | ProblemDetails
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: UploadV1ImportsPostBody,
) -> Response[ImportOut | ProblemDetails]:
    """Upload a CSV of invoices (multipart field `file`, up to 8388608 bytes)

     UTF-8 with or without a BOM, comma or semicolon. The rows are checked in the background (`GET
    /v1/imports/{id}` shows the progress and each row's errors). The same file again answers 200 with
    the import it made: nothing is imported twice.

    Args:
        body (UploadV1ImportsPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: UploadV1ImportsPostBody,
) -> ImportOut | ProblemDetails | None:
    """Upload a CSV of invoices (multipart field `file`, up to 8388608 bytes)

     UTF-8 with or without a BOM, comma or semicolon. The rows are checked in the background (`GET
    /v1/imports/{id}` shows the progress and each row's errors). The same file again answers 200 with
    the import it made: nothing is imported twice.

    Args:
        body (UploadV1ImportsPostBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportOut | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
