from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.sms_status_callback_webhooks_sms_status_post_response_sms_status_callback_webhooks_sms_status_post import (
    SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost,
)
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks/sms/status",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
    | None
):
    if response.status_code == 200:
        response_200 = SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

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
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
]:
    """SMS delivery status callback (signed by Twilio)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> (
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
    | None
):
    """SMS delivery status callback (signed by Twilio)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
]:
    """SMS delivery status callback (signed by Twilio)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> (
    ProblemDetails
    | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
    | None
):
    """SMS delivery status callback (signed by Twilio)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | SmsStatusCallbackWebhooksSmsStatusPostResponseSmsStatusCallbackWebhooksSmsStatusPost
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
