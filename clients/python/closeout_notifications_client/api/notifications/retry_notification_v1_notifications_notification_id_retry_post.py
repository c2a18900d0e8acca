from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.notification_out import NotificationOut
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    notification_id: str,
    *,
    business_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

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
        "url": "/v1/notifications/{notification_id}/retry".format(
            notification_id=quote(str(notification_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> NotificationOut | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = NotificationOut.from_dict(response.json())

        return response_200

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
) -> Response[NotificationOut | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
) -> Response[NotificationOut | ProblemDetails]:
    """Send a failed or suppressed message again (e.g. after fixing the address list)

    Args:
        notification_id (str):
        business_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        notification_id=notification_id,
        business_id=business_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
) -> NotificationOut | ProblemDetails | None:
    """Send a failed or suppressed message again (e.g. after fixing the address list)

    Args:
        notification_id (str):
        business_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationOut | ProblemDetails
    """

    return sync_detailed(
        notification_id=notification_id,
        client=client,
        business_id=business_id,
    ).parsed


async def asyncio_detailed(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
) -> Response[NotificationOut | ProblemDetails]:
    """Send a failed or suppressed message again (e.g. after fixing the address list)

    Args:
        notification_id (str):
        business_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationOut | ProblemDetails]
    """

    kwargs = _get_kwargs(
        notification_id=notification_id,
        business_id=business_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    notification_id: str,
    *,
    client: AuthenticatedClient,
    business_id: None | str | Unset = UNSET,
) -> NotificationOut | ProblemDetails | None:
    """Send a failed or suppressed message again (e.g. after fixing the address list)

    Args:
        notification_id (str):
        business_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationOut | ProblemDetails
    """

    return (
        await asyncio_detailed(
            notification_id=notification_id,
            client=client,
            business_id=business_id,
        )
    ).parsed
