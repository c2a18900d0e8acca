from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_suppression_v1_suppressions_post_response_add_suppression_v1_suppressions_post import (
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost,
)
from ...models.problem_details import ProblemDetails
from ...models.suppression_in import SuppressionIn
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SuppressionIn,
    business_id: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_business_id: None | str | Unset
    if isinstance(business_id, Unset):
        json_business_id = UNSET
    else:
        json_business_id = business_id
    params["business_id"] = json_business_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/suppressions",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
    | None
):
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 201:
        response_201 = AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost.from_dict(
            response.json()
        )

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
) -> Response[
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SuppressionIn,
    business_id: None | str | Unset = UNSET,
) -> Response[
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
]:
    """Stop sending to an address (201 when added, 200 when it already was)

    Args:
        business_id (None | str | Unset):
        body (SuppressionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost | Any | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
        business_id=business_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SuppressionIn,
    business_id: None | str | Unset = UNSET,
) -> (
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
    | None
):
    """Stop sending to an address (201 when added, 200 when it already was)

    Args:
        business_id (None | str | Unset):
        body (SuppressionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost | Any | ProblemDetails
    """

    return sync_detailed(
        client=client,
        body=body,
        business_id=business_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SuppressionIn,
    business_id: None | str | Unset = UNSET,
) -> Response[
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
]:
    """Stop sending to an address (201 when added, 200 when it already was)

    Args:
        business_id (None | str | Unset):
        body (SuppressionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost | Any | ProblemDetails]
    """

    kwargs = _get_kwargs(
        body=body,
        business_id=business_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SuppressionIn,
    business_id: None | str | Unset = UNSET,
) -> (
    AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost
    | Any
    | ProblemDetails
    | None
):
    """Stop sending to an address (201 when added, 200 when it already was)

    Args:
        business_id (None | str | Unset):
        body (SuppressionIn):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddSuppressionV1SuppressionsPostResponseAddSuppressionV1SuppressionsPost | Any | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            business_id=business_id,
        )
    ).parsed
