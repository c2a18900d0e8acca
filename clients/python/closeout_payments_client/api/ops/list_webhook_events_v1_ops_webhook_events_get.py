from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_webhook_events_v1_ops_webhook_events_get_status_type_0 import (
    ListWebhookEventsV1OpsWebhookEventsGetStatusType0,
)
from ...models.problem_details import ProblemDetails
from ...models.webhook_event_response import WebhookEventResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListWebhookEventsV1OpsWebhookEventsGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ops/webhook-events",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ProblemDetails | list[WebhookEventResponse] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = WebhookEventResponse.from_dict(response_200_item_data)

            response_200.append(response_200_item)

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
) -> Response[ProblemDetails | list[WebhookEventResponse]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[ProblemDetails | list[WebhookEventResponse]]:
    """Received Stripe events, e.g. ?status=failed with their last error

    Args:
        status (ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[WebhookEventResponse]]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> ProblemDetails | list[WebhookEventResponse] | None:
    """Received Stripe events, e.g. ?status=failed with their last error

    Args:
        status (ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[WebhookEventResponse]
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[ProblemDetails | list[WebhookEventResponse]]:
    """Received Stripe events, e.g. ?status=failed with their last error

    Args:
        status (ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | list[WebhookEventResponse]]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> ProblemDetails | list[WebhookEventResponse] | None:
    """Received Stripe events, e.g. ?status=failed with their last error

    Args:
        status (ListWebhookEventsV1OpsWebhookEventsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | list[WebhookEventResponse]
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
        )
    ).parsed
