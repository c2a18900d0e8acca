import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.job_page import JobPage
from ...models.list_jobs_v1_jobs_get_billing_status_type_0 import (
    ListJobsV1JobsGetBillingStatusType0,
)
from ...models.list_jobs_v1_jobs_get_status_type_0 import ListJobsV1JobsGetStatusType0
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ListJobsV1JobsGetStatusType0 | None | Unset = UNSET,
    billing_status: ListJobsV1JobsGetBillingStatusType0 | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
    completed_from: datetime.datetime | None | Unset = UNSET,
    completed_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, ListJobsV1JobsGetStatusType0):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_billing_status: None | str | Unset
    if isinstance(billing_status, Unset):
        json_billing_status = UNSET
    elif isinstance(billing_status, ListJobsV1JobsGetBillingStatusType0):
        json_billing_status = billing_status.value
    else:
        json_billing_status = billing_status
    params["billing_status"] = json_billing_status

    json_customer: None | str | Unset
    if isinstance(customer, Unset):
        json_customer = UNSET
    else:
        json_customer = customer
    params["customer"] = json_customer

    json_external_id: None | str | Unset
    if isinstance(external_id, Unset):
        json_external_id = UNSET
    else:
        json_external_id = external_id
    params["external_id"] = json_external_id

    json_completed_from: None | str | Unset
    if isinstance(completed_from, Unset):
        json_completed_from = UNSET
    elif isinstance(completed_from, datetime.datetime):
        json_completed_from = completed_from.isoformat()
    else:
        json_completed_from = completed_from
    params["completed_from"] = json_completed_from

    json_completed_to: None | str | Unset
    if isinstance(completed_to, Unset):
        json_completed_to = UNSET
    elif isinstance(completed_to, datetime.datetime):
        json_completed_to = completed_to.isoformat()
    else:
        json_completed_to = completed_to
    params["completed_to"] = json_completed_to

    params["limit"] = limit

    params["offset"] = offset

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/jobs",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> JobPage | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = JobPage.from_dict(response.json())

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
) -> Response[JobPage | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ListJobsV1JobsGetStatusType0 | None | Unset = UNSET,
    billing_status: ListJobsV1JobsGetBillingStatusType0 | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
    completed_from: datetime.datetime | None | Unset = UNSET,
    completed_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[JobPage | ProblemDetails]:
    """List jobs, newest first

    Args:
        status (ListJobsV1JobsGetStatusType0 | None | Unset):
        billing_status (ListJobsV1JobsGetBillingStatusType0 | None | Unset):
        customer (None | str | Unset): Part of the customer's name or email
        external_id (None | str | Unset):
        completed_from (datetime.datetime | None | Unset): Inclusive
        completed_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPage | ProblemDetails]
    """

    kwargs = _get_kwargs(
        status=status,
        billing_status=billing_status,
        customer=customer,
        external_id=external_id,
        completed_from=completed_from,
        completed_to=completed_to,
        limit=limit,
        offset=offset,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ListJobsV1JobsGetStatusType0 | None | Unset = UNSET,
    billing_status: ListJobsV1JobsGetBillingStatusType0 | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
    completed_from: datetime.datetime | None | Unset = UNSET,
    completed_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> JobPage | ProblemDetails | None:
    """List jobs, newest first

    Args:
        status (ListJobsV1JobsGetStatusType0 | None | Unset):
        billing_status (ListJobsV1JobsGetBillingStatusType0 | None | Unset):
        customer (None | str | Unset): Part of the customer's name or email
        external_id (None | str | Unset):
        completed_from (datetime.datetime | None | Unset): Inclusive
        completed_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPage | ProblemDetails
    """

    return sync_detailed(
        client=client,
        status=status,
        billing_status=billing_status,
        customer=customer,
        external_id=external_id,
        completed_from=completed_from,
        completed_to=completed_to,
        limit=limit,
        offset=offset,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ListJobsV1JobsGetStatusType0 | None | Unset = UNSET,
    billing_status: ListJobsV1JobsGetBillingStatusType0 | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
    completed_from: datetime.datetime | None | Unset = UNSET,
    completed_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> Response[JobPage | ProblemDetails]:
    """List jobs, newest first

    Args:
        status (ListJobsV1JobsGetStatusType0 | None | Unset):
        billing_status (ListJobsV1JobsGetBillingStatusType0 | None | Unset):
        customer (None | str | Unset): Part of the customer's name or email
        external_id (None | str | Unset):
        completed_from (datetime.datetime | None | Unset): Inclusive
        completed_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPage | ProblemDetails]
    """

    kwargs = _get_kwargs(
        status=status,
        billing_status=billing_status,
        customer=customer,
        external_id=external_id,
        completed_from=completed_from,
        completed_to=completed_to,
        limit=limit,
        offset=offset,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ListJobsV1JobsGetStatusType0 | None | Unset = UNSET,
    billing_status: ListJobsV1JobsGetBillingStatusType0 | None | Unset = UNSET,
    customer: None | str | Unset = UNSET,
    external_id: None | str | Unset = UNSET,
    completed_from: datetime.datetime | None | Unset = UNSET,
    completed_to: datetime.datetime | None | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
) -> JobPage | ProblemDetails | None:
    """List jobs, newest first

    Args:
        status (ListJobsV1JobsGetStatusType0 | None | Unset):
        billing_status (ListJobsV1JobsGetBillingStatusType0 | None | Unset):
        customer (None | str | Unset): Part of the customer's name or email
        external_id (None | str | Unset):
        completed_from (datetime.datetime | None | Unset): Inclusive
        completed_to (datetime.datetime | None | Unset): Exclusive
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPage | ProblemDetails
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            billing_status=billing_status,
            customer=customer,
            external_id=external_id,
            completed_from=completed_from,
            completed_to=completed_to,
            limit=limit,
            offset=offset,
        )
    ).parsed
