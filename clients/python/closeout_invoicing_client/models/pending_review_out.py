from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pending_review_out_cause import PendingReviewOutCause

if TYPE_CHECKING:
    from ..models.priced_out import PricedOut


T = TypeVar("T", bound="PendingReviewOut")


@_attrs_define
class PendingReviewOut:
    """Why the invoice is flagged and, for a job change, the invoice against the job now.

    The admin keeps the invoice (`POST .../review-done`) or voids it (`POST .../void`, only
    while nothing is paid); an issued invoice is never rewritten from the job.

        Attributes:
            reason (str):
            cause (PendingReviewOutCause):
            flagged_at (datetime.datetime | None):
            job_revision (int | None):
            cancelled_at (datetime.datetime | None):
            invoiced (PricedOut):
            job_now (None | PricedOut):
            total_difference (int | None): job_now.total - invoiced.total
            can_void (bool):
    """

    reason: str
    cause: PendingReviewOutCause
    flagged_at: datetime.datetime | None
    job_revision: int | None
    cancelled_at: datetime.datetime | None
    invoiced: PricedOut
    job_now: None | PricedOut
    total_difference: int | None
    can_void: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.priced_out import PricedOut

        reason = self.reason

        cause = self.cause.value

        flagged_at: None | str
        if isinstance(self.flagged_at, datetime.datetime):
            flagged_at = self.flagged_at.isoformat()
        else:
            flagged_at = self.flagged_at

        job_revision: int | None
        job_revision = self.job_revision

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        invoiced = self.invoiced.to_dict()

        job_now: dict[str, Any] | None
        if isinstance(self.job_now, PricedOut):
            job_now = self.job_now.to_dict()
        else:
            job_now = self.job_now

        total_difference: int | None
        total_difference = self.total_difference

        can_void = self.can_void

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reason": reason,
                "cause": cause,
                "flagged_at": flagged_at,
                "job_revision": job_revision,
                "cancelled_at": cancelled_at,
                "invoiced": invoiced,
                "job_now": job_now,
                "total_difference": total_difference,
                "can_void": can_void,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.priced_out import PricedOut

        d = dict(src_dict)
        reason = d.pop("reason")

        cause = PendingReviewOutCause(d.pop("cause"))

        def _parse_flagged_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                flagged_at_type_0 = datetime.datetime.fromisoformat(data)

                return flagged_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        flagged_at = _parse_flagged_at(d.pop("flagged_at"))

        def _parse_job_revision(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        job_revision = _parse_job_revision(d.pop("job_revision"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        invoiced = PricedOut.from_dict(d.pop("invoiced"))

        def _parse_job_now(data: object) -> None | PricedOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                job_now_type_0 = PricedOut.from_dict(data)

                return job_now_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PricedOut, data)

        job_now = _parse_job_now(d.pop("job_now"))

        def _parse_total_difference(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        total_difference = _parse_total_difference(d.pop("total_difference"))

        can_void = d.pop("can_void")

        pending_review_out = cls(
            reason=reason,
            cause=cause,
            flagged_at=flagged_at,
            job_revision=job_revision,
            cancelled_at=cancelled_at,
            invoiced=invoiced,
            job_now=job_now,
            total_difference=total_difference,
            can_void=can_void,
        )

        pending_review_out.additional_properties = d
        return pending_review_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
