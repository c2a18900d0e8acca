from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.partner_payout_response import PartnerPayoutResponse
    from ..models.partner_response import PartnerResponse
    from ..models.partner_reversal_response import PartnerReversalResponse
    from ..models.partner_totals_response import PartnerTotalsResponse


T = TypeVar("T", bound="PartnerStatementResponse")


@_attrs_define
class PartnerStatementResponse:
    """
    Attributes:
        partner (PartnerResponse):
        since (datetime.datetime | None):
        until (datetime.datetime | None):
        payouts (list[PartnerPayoutResponse]):
        reversals (list[PartnerReversalResponse]):
        totals (list[PartnerTotalsResponse]):
    """

    partner: PartnerResponse
    since: datetime.datetime | None
    until: datetime.datetime | None
    payouts: list[PartnerPayoutResponse]
    reversals: list[PartnerReversalResponse]
    totals: list[PartnerTotalsResponse]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        partner = self.partner.to_dict()

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since

        until: None | str
        if isinstance(self.until, datetime.datetime):
            until = self.until.isoformat()
        else:
            until = self.until

        payouts = []
        for payouts_item_data in self.payouts:
            payouts_item = payouts_item_data.to_dict()
            payouts.append(payouts_item)

        reversals = []
        for reversals_item_data in self.reversals:
            reversals_item = reversals_item_data.to_dict()
            reversals.append(reversals_item)

        totals = []
        for totals_item_data in self.totals:
            totals_item = totals_item_data.to_dict()
            totals.append(totals_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partner": partner,
                "since": since,
                "until": until,
                "payouts": payouts,
                "reversals": reversals,
                "totals": totals,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.partner_payout_response import PartnerPayoutResponse
        from ..models.partner_response import PartnerResponse
        from ..models.partner_reversal_response import PartnerReversalResponse
        from ..models.partner_totals_response import PartnerTotalsResponse

        d = dict(src_dict)
        partner = PartnerResponse.from_dict(d.pop("partner"))

        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)

                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))

        def _parse_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                until_type_0 = datetime.datetime.fromisoformat(data)

                return until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        until = _parse_until(d.pop("until"))

        payouts = []
        _payouts = d.pop("payouts")
        for payouts_item_data in _payouts:
            payouts_item = PartnerPayoutResponse.from_dict(payouts_item_data)

            payouts.append(payouts_item)

        reversals = []
        _reversals = d.pop("reversals")
        for reversals_item_data in _reversals:
            reversals_item = PartnerReversalResponse.from_dict(reversals_item_data)

            reversals.append(reversals_item)

        totals = []
        _totals = d.pop("totals")
        for totals_item_data in _totals:
            totals_item = PartnerTotalsResponse.from_dict(totals_item_data)

            totals.append(totals_item)

        partner_statement_response = cls(
            partner=partner,
            since=since,
            until=until,
            payouts=payouts,
            reversals=reversals,
            totals=totals,
        )

        partner_statement_response.additional_properties = d
        return partner_statement_response

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
