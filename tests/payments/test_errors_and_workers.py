"""Payments' refusals are the shared kinds (one status each, answered by the shared app), and
its background loops are built from the typed settings in `workers.py`."""

import asyncio

import pytest
import stripe

from closeout.payments.adapters.stripe_gateway import (
    IdempotencyConflict,
    StripeClientGateway,
    StripeRefused,
    StripeUnavailable,
    _translate,
)
from closeout.payments.settings import PaymentsSettings
from closeout.payments.workers import background_tasks
from closeout.shared.errors import ConflictError, InvalidInputError, UpstreamError
from closeout.shared.web.errors import status_of


def test_stripe_failures_are_shared_errors_with_the_statuses_of_before() -> None:
    refused = _translate(stripe.StripeError("No such price", http_status=400))
    down = _translate(stripe.StripeError("connection refused"))  # no answer: no status
    server = _translate(stripe.APIError("boom", http_status=500))
    assert isinstance(refused, StripeRefused)
    assert isinstance(refused, InvalidInputError)
    assert str(refused) == "stripe: No such price"
    assert isinstance(down, StripeUnavailable)
    assert isinstance(down, UpstreamError)
    assert isinstance(server, StripeUnavailable)
    assert (status_of(refused), status_of(down), status_of(server)) == (422, 502, 502)


def test_an_idempotency_conflict_stays_distinguishable() -> None:
    conflict = IdempotencyConflict("keys for idempotent requests can only be used once")
    assert isinstance(conflict, ConflictError)
    assert status_of(conflict) == 409
    assert not isinstance(conflict, StripeRefused | StripeUnavailable)


# The webhook worker, the checkout expirer and the partner payer; the reconciler if enabled.
@pytest.mark.parametrize(("reconcile", "count"), [(False, 3), (True, 4)])
def test_the_reconciler_runs_only_when_enabled(reconcile: bool, count: int) -> None:
    settings = PaymentsSettings(reconcile_enabled=reconcile)
    tasks = background_tasks(settings, StripeClientGateway(settings), asyncio.Event())
    assert len(tasks) == count
