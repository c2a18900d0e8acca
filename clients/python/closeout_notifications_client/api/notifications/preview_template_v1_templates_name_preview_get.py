from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.preview_template_v1_templates_name_preview_get_format import (
    PreviewTemplateV1TemplatesNamePreviewGetFormat,
)
from ...models.problem_details import ProblemDetails
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    format_: PreviewTemplateV1TemplatesNamePreviewGetFormat
    | Unset = PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_.value

    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/templates/{name}/preview".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ProblemDetails | None:
    if response.status_code == 200:
        response_200 = response.json()
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
) -> Response[Any | ProblemDetails]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    format_: PreviewTemplateV1TemplatesNamePreviewGetFormat
    | Unset = PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML,
) -> Response[Any | ProblemDetails]:
    """Render a template with sample data (format: html, text or json)

    Args:
        name (str):
        format_ (PreviewTemplateV1TemplatesNamePreviewGetFormat | Unset):  Default:
            PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails]
    """

    kwargs = _get_kwargs(
        name=name,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient,
    format_: PreviewTemplateV1TemplatesNamePreviewGetFormat
    | Unset = PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML,
) -> Any | ProblemDetails | None:
    """Render a template with sample data (format: html, text or json)

    Args:
        name (str):
        format_ (PreviewTemplateV1TemplatesNamePreviewGetFormat | Unset):  Default:
            PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails
    """

    return sync_detailed(
        name=name,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient,
    format_: PreviewTemplateV1TemplatesNamePreviewGetFormat
    | Unset = PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML,
) -> Response[Any | ProblemDetails]:
    """Render a template with sample data (format: html, text or json)

    Args:
        name (str):
        format_ (PreviewTemplateV1TemplatesNamePreviewGetFormat | Unset):  Default:
            PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ProblemDetails]
    """

    kwargs = _get_kwargs(
        name=name,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient,
    format_: PreviewTemplateV1TemplatesNamePreviewGetFormat
    | Unset = PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML,
) -> Any | ProblemDetails | None:
    """Render a template with sample data (format: html, text or json)

    Args:
        name (str):
        format_ (PreviewTemplateV1TemplatesNamePreviewGetFormat | Unset):  Default:
            PreviewTemplateV1TemplatesNamePreviewGetFormat.HTML.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ProblemDetails
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            format_=format_,
        )
    ).parsed
