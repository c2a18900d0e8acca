from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.webhook_rejections_v1_ops_webhook_rejections_get_response_webhook_rejections_v1_ops_webhook_rejections_get import (
    WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet,
)
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/ops/webhook-rejections",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
    | None
):
    if response.status_code == 200:
        response_200 = WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet.from_dict(
            response.json()
        )

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
) -> Response[
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
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
) -> Response[
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
]:
    """Counts of rejected webhook deliveries by reason

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> (
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
    | None
):
    """Counts of rejected webhook deliveries by reason

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
]:
    """Counts of rejected webhook deliveries by reason

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    ProblemDetails
    | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
    | None
):
    """Counts of rejected webhook deliveries by reason

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | WebhookRejectionsV1OpsWebhookRejectionsGetResponseWebhookRejectionsV1OpsWebhookRejectionsGet
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
