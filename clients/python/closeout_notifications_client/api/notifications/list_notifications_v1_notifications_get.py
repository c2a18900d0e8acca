from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_notifications_v1_notifications_get_status_type_0 import (
    ListNotificationsV1NotificationsGetStatusType0,
)
from ...models.notification_list import NotificationList
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    invoice_id: None | str | Unset = UNSET,
    business_id: None | str | Unset = UNSET,
    status: ListNotificationsV1NotificationsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_invoice_id: None | str | Unset
    if isinstance(invoice_id, Unset):
        json_invoice_id = UNSET
    else:
        json_invoice_id = invoice_id
    params["invoice_id"] = json_invoice_id

    json_business_id: None | str | Unset
    if isinstance(business_id, Unset):
        json_business_id = UNSET
    else:
        json_business_id = business_id
    params["business_id"] = json_business_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListNotificationsV1NotificationsGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/notifications",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> NotificationList | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = NotificationList.from_dict(response.json())

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
) -> Response[NotificationList | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    invoice_id: None | str | Unset = UNSET,
    business_id: None | str | Unset = UNSET,
    status: ListNotificationsV1NotificationsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[NotificationList | ProblemDetails]:
    """Delivery log of a business, optionally one invoice's

    Args:
        invoice_id (None | str | Unset):
        business_id (None | str | Unset):
        status (ListNotificationsV1NotificationsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationList | ProblemDetails]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        business_id=business_id,
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
    invoice_id: None | str | Unset = UNSET,
    business_id: None | str | Unset = UNSET,
    status: ListNotificationsV1NotificationsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> NotificationList | ProblemDetails | None:
    """Delivery log of a business, optionally one invoice's

    Args:
        invoice_id (None | str | Unset):
        business_id (None | str | Unset):
        status (ListNotificationsV1NotificationsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationList | ProblemDetails
    """

    return sync_detailed(
        client=client,
        invoice_id=invoice_id,
        business_id=business_id,
        status=status,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    invoice_id: None | str | Unset = UNSET,
    business_id: None | str | Unset = UNSET,
    status: ListNotificationsV1NotificationsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> Response[NotificationList | ProblemDetails]:
    """Delivery log of a business, optionally one invoice's

    Args:
        invoice_id (None | str | Unset):
        business_id (None | str | Unset):
        status (ListNotificationsV1NotificationsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NotificationList | ProblemDetails]
    """

    kwargs = _get_kwargs(
        invoice_id=invoice_id,
        business_id=business_id,
        status=status,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    invoice_id: None | str | Unset = UNSET,
    business_id: None | str | Unset = UNSET,
    status: ListNotificationsV1NotificationsGetStatusType0 | None | Unset = UNSET,
    limit: int | Unset = 100,
) -> NotificationList | ProblemDetails | None:
    """Delivery log of a business, optionally one invoice's

    Args:
        invoice_id (None | str | Unset):
        business_id (None | str | Unset):
        status (ListNotificationsV1NotificationsGetStatusType0 | None | Unset):
        limit (int | Unset):  Default: 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NotificationList | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            invoice_id=invoice_id,
            business_id=business_id,
            status=status,
            limit=limit,
        )
    ).parsed
