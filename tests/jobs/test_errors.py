"""The jobs service's refusals are the shared error kinds, so the shared app answers them
with the same status and detail the jobs API always gave (no route translates them)."""

from __future__ import annotations

import pytest

from closeout.jobs.domain.jobs import JobConflictError
from closeout.jobs.domain.platforms import InvalidPlatformNameError, check_name
from closeout.jobs.usecases.reporting import JobNotFoundError, JobTooLargeError
from closeout.shared.errors import DomainError
from closeout.shared.sizes import MAX_EVENT_BYTES, EventTooLargeError
from closeout.shared.web.errors import status_of


@pytest.mark.parametrize(
    ("error", "status", "detail"),
    [
        (JobNotFoundError("job-1"), 404, "job not found"),
        (
            JobConflictError("job is cancelled; cannot complete it"),
            409,
            "job is cancelled; cannot complete it",
        ),
        (
            JobTooLargeError(str(EventTooLargeError("job.completed", 2_000_000))),
            413,
            f"job.completed event of 2000000 bytes is larger than {MAX_EVENT_BYTES} bytes",
        ),
    ],
)
def test_each_refusal_is_answered_with_its_status_and_detail(
    error: DomainError, status: int, detail: str
) -> None:
    assert isinstance(error, DomainError)
    assert (status_of(error), str(error)) == (status, detail)


def test_a_bad_platform_name_is_invalid_input_and_still_a_value_error() -> None:
    with pytest.raises(InvalidPlatformNameError) as refused:
        check_name("Not.A.Name")
    assert status_of(refused.value) == 422
    assert isinstance(refused.value, ValueError)
