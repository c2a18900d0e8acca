from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem_details import ProblemDetails
from ...models.stripe_webhook_webhooks_stripe_post_body import (
    StripeWebhookWebhooksStripePostBody,
)
from ...models.stripe_webhook_webhooks_stripe_post_response_stripe_webhook_webhooks_stripe_post import (
    StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost,
)
from ...types import Response


def _get_kwargs(
    *,
    body: StripeWebhookWebhooksStripePostBody,
    stripe_signature: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Stripe-Signature"] = stripe_signature

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/webhooks/stripe",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ProblemDetails
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
    | None
):
    if response.status_code == 200:
        response_200 = StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 400:
        response_400 = ProblemDetails.from_dict(response.json())

        return response_400

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
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
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
    body: StripeWebhookWebhooksStripePostBody,
    stripe_signature: str,
) -> Response[
    ProblemDetails
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
]:
    """Stripe webhook endpoint (signed by Stripe)

    Args:
        stripe_signature (str):
        body (StripeWebhookWebhooksStripePostBody): A Stripe event object

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookWebhooksStripePostBody,
    stripe_signature: str,
) -> (
    ProblemDetails
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
    | None
):
    """Stripe webhook endpoint (signed by Stripe)

    Args:
        stripe_signature (str):
        body (StripeWebhookWebhooksStripePostBody): A Stripe event object

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
    """

    return sync_detailed(
        client=client,
        body=body,
        stripe_signature=stripe_signature,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookWebhooksStripePostBody,
    stripe_signature: str,
) -> Response[
    ProblemDetails
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
]:
    """Stripe webhook endpoint (signed by Stripe)

    Args:
        stripe_signature (str):
        body (StripeWebhookWebhooksStripePostBody): A Stripe event object

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ProblemDetails | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost]
    """

    kwargs = _get_kwargs(
        body=body,
        stripe_signature=stripe_signature,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: StripeWebhookWebhooksStripePostBody,
    stripe_signature: str,
) -> (
    ProblemDetails
    | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
    | None
):
    """Stripe webhook endpoint (signed by Stripe)

    Args:
        stripe_signature (str):
        body (StripeWebhookWebhooksStripePostBody): A Stripe event object

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ProblemDetails | StripeWebhookWebhooksStripePostResponseStripeWebhookWebhooksStripePost
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            stripe_signature=stripe_signature,
        )
    ).parsed
