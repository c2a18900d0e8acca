"""Stripe gateways for tests: the real one (against stripe-mock) observed or held up."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any
from urllib.parse import urlsplit

from closeout.payments.adapters.stripe_gateway import (
    ConnectedAccount,
    CreatedRefund,
    CreatedSession,
    StripeGateway,
)


class Recording:
    """The real gateway (stripe-mock), remembering the parameters of every call."""

    def __init__(self, real: StripeGateway) -> None:
        self.real = real
        self.sessions: list[dict[str, Any]] = []
        self.refunds: list[dict[str, Any]] = []
        self.expired: list[str] = []
        # The Connect account each Checkout session was created on (None: the platform).
        self.session_accounts: list[str | None] = []
        # Partner payouts: (idempotency key, params) per Transfer, and per Transfer Reversal
        # (idempotency key, transfer id, params).
        self.transfers: list[tuple[str, dict[str, Any]]] = []
        self.reversals: list[tuple[str, str, dict[str, Any]]] = []

    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedSession:
        self.sessions.append(params)
        self.session_accounts.append(stripe_account)
        return await self.real.create_checkout_session(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )

    async def retrieve_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> dict[str, Any]:
        return await self.real.retrieve_checkout_session(session_id, stripe_account=stripe_account)

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedRefund:
        self.refunds.append(params)
        return await self.real.create_refund(
            params, idempotency_key=idempotency_key, stripe_account=stripe_account
        )

    async def expire_checkout_session(self, session_id: str, *, stripe_account: str | None) -> None:
        self.expired.append(session_id)
        await self.real.expire_checkout_session(session_id, stripe_account=stripe_account)

    async def create_account(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> ConnectedAccount:
        return await self.real.create_account(params, idempotency_key=idempotency_key)

    async def retrieve_account(self, account_id: str) -> ConnectedAccount:
        return await self.real.retrieve_account(account_id)

    async def create_account_link(self, params: dict[str, Any]) -> str:
        return await self.real.create_account_link(params)

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str:
        self.transfers.append((idempotency_key, params))
        return await self.real.create_transfer(params, idempotency_key=idempotency_key)

    async def create_transfer_reversal(
        self, transfer_id: str, params: dict[str, Any], *, idempotency_key: str
    ) -> str:
        self.reversals.append((idempotency_key, transfer_id, params))
        return await self.real.create_transfer_reversal(
            transfer_id, params, idempotency_key=idempotency_key
        )

    async def latest_charge(self, payment_intent_id: str) -> str | None:
        return await self.real.latest_charge(payment_intent_id)


class StallingStripe:
    """A Stripe base URL that holds every request until released, then forwards it to
    stripe-mock: Stripe being slow, as seen from the service."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.connected = asyncio.Event()
        self.release = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._clients: list[asyncio.StreamWriter] = []

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def close(self) -> None:
        self.release.set()
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()

    def hold(self) -> None:
        """Hold the requests from now on (until `release` is set). Open keep-alive connections
        are closed, so the next request connects again and is held."""
        self.connected.clear()
        self.release.clear()
        for writer in self._clients:
            writer.close()
        self._clients.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connected.set()
        await self.release.wait()
        self._clients.append(writer)
        upstream_reader, upstream_writer = await asyncio.open_connection(self.host, self.port)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        tasks = [
            asyncio.ensure_future(pipe(reader, upstream_writer)),
            asyncio.ensure_future(pipe(upstream_reader, writer)),
        ]
        self._tasks.update(tasks)
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.difference_update(tasks)
