"""The only place that talks to the Stripe API (stripe-python's async StripeClient)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import stripe

from closeout.payments.settings import PaymentsSettings
from closeout.shared.errors import ConflictError, InvalidInputError, UpstreamError


@dataclass(frozen=True)
class CreatedSession:
    session_id: str
    url: str | None


@dataclass(frozen=True)
class CreatedRefund:
    refund_id: str
    status: str | None
    amount: int  # in Stripe's unit (see domain.stripe_amounts)


@dataclass(frozen=True)
class ConnectedAccount:
    account_id: str
    charges_enabled: bool
    details_submitted: bool


class StripeGateway(Protocol):
    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedSession: ...

    async def retrieve_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> dict[str, Any]: ...

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedRefund: ...

    async def expire_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> None: ...

    async def create_account(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> ConnectedAccount: ...

    async def retrieve_account(self, account_id: str) -> ConnectedAccount: ...

    async def create_account_link(self, params: dict[str, Any]) -> str: ...

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str: ...

    async def create_transfer_reversal(
        self, transfer_id: str, params: dict[str, Any], *, idempotency_key: str
    ) -> str: ...

    async def latest_charge(self, payment_intent_id: str) -> str | None: ...


class StripeUnavailable(UpstreamError):
    """Stripe failed or could not be reached (a 502 to our caller): worth trying again."""


class StripeRefused(InvalidInputError):
    """Stripe refused the request (its 4xx: our request's fault or the card's): a 422."""


class IdempotencyConflict(ConflictError):
    """The idempotency key was used before with other parameters (e.g. another expiry)."""


def _options(idempotency_key: str | None, stripe_account: str | None) -> dict[str, str]:
    options: dict[str, str] = {}
    if idempotency_key:
        options["idempotency_key"] = idempotency_key
    if stripe_account:
        options["stripe_account"] = stripe_account
    return options


def _translate(exc: stripe.StripeError) -> StripeRefused | StripeUnavailable:
    status = exc.http_status or 502
    message = f"stripe: {exc.user_message or exc}"
    # Stripe's 4xx are our request's fault or the card's; anything else is upstream trouble.
    return StripeRefused(message) if 400 <= status < 500 else StripeUnavailable(message)


class StripeClientGateway:
    def __init__(self, settings: PaymentsSettings) -> None:
        self._client = stripe.StripeClient(
            settings.stripe_api_key,
            base_addresses={"api": settings.stripe_api_base},
            http_client=stripe.HTTPXClient(timeout=settings.stripe_timeout_seconds),
            max_network_retries=settings.stripe_max_network_retries,
        )

    async def create_checkout_session(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedSession:
        try:
            session = await self._client.v1.checkout.sessions.create_async(
                params,  # type: ignore[arg-type]
                options=_options(idempotency_key, stripe_account),  # type: ignore[arg-type]
            )
        except stripe.IdempotencyError as exc:
            raise IdempotencyConflict(str(exc)) from exc
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return CreatedSession(session_id=session.id, url=session.url)

    async def retrieve_checkout_session(
        self, session_id: str, *, stripe_account: str | None
    ) -> dict[str, Any]:
        try:
            session = await self._client.v1.checkout.sessions.retrieve_async(
                session_id,
                options=_options(None, stripe_account),  # type: ignore[arg-type]
            )
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return session.to_dict()

    async def create_refund(
        self, params: dict[str, Any], *, idempotency_key: str, stripe_account: str | None
    ) -> CreatedRefund:
        try:
            refund = await self._client.v1.refunds.create_async(
                params,  # type: ignore[arg-type]
                options=_options(idempotency_key, stripe_account),  # type: ignore[arg-type]
            )
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return CreatedRefund(refund_id=refund.id, status=refund.status, amount=refund.amount)

    async def expire_checkout_session(self, session_id: str, *, stripe_account: str | None) -> None:
        try:
            await self._client.v1.checkout.sessions.expire_async(
                session_id,
                options=_options(None, stripe_account),  # type: ignore[arg-type]
            )
        except stripe.StripeError as exc:
            raise _translate(exc) from exc

    async def create_account(
        self, params: dict[str, Any], *, idempotency_key: str
    ) -> ConnectedAccount:
        try:
            account = await self._client.v1.accounts.create_async(
                params,  # type: ignore[arg-type]
                options=_options(idempotency_key, None),  # type: ignore[arg-type]
            )
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return _connected(account)

    async def retrieve_account(self, account_id: str) -> ConnectedAccount:
        try:
            account = await self._client.v1.accounts.retrieve_async(account_id)
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return _connected(account)

    async def create_account_link(self, params: dict[str, Any]) -> str:
        try:
            link = await self._client.v1.account_links.create_async(params)  # type: ignore[arg-type]
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return str(link.url)

    async def create_transfer(self, params: dict[str, Any], *, idempotency_key: str) -> str:
        """A Transfer from the platform's balance to a connected account; its id."""
        try:
            transfer = await self._client.v1.transfers.create_async(
                params,  # type: ignore[arg-type]
                options=_options(idempotency_key, None),  # type: ignore[arg-type]
            )
        except stripe.IdempotencyError as exc:
            raise IdempotencyConflict(str(exc)) from exc
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return str(transfer.id)

    async def create_transfer_reversal(
        self, transfer_id: str, params: dict[str, Any], *, idempotency_key: str
    ) -> str:
        try:
            reversal = await self._client.v1.transfers.reversals.create_async(
                transfer_id,
                params,  # type: ignore[arg-type]
                options=_options(idempotency_key, None),  # type: ignore[arg-type]
            )
        except stripe.IdempotencyError as exc:
            raise IdempotencyConflict(str(exc)) from exc
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        return str(reversal.id)

    async def latest_charge(self, payment_intent_id: str) -> str | None:
        """The charge of a payment intent on the platform's account (None: none yet)."""
        try:
            intent = await self._client.v1.payment_intents.retrieve_async(payment_intent_id)
        except stripe.StripeError as exc:
            raise _translate(exc) from exc
        charge = intent.latest_charge
        if charge is None or isinstance(charge, str):
            return charge
        return str(charge.id)


def _connected(account: stripe.Account) -> ConnectedAccount:
    return ConnectedAccount(
        account_id=account.id,
        charges_enabled=bool(account.charges_enabled),
        details_submitted=bool(account.details_submitted),
    )
