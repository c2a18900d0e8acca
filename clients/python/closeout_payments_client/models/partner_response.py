from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_response_status import PartnerResponseStatus

if TYPE_CHECKING:
    from ..models.fixed_rule_body import FixedRuleBody
    from ..models.percent_rule_body import PercentRuleBody


T = TypeVar("T", bound="PartnerResponse")


@_attrs_define
class PartnerResponse:
    """
    Attributes:
        partner_id (str):
        business_id (str):
        name (str):
        email (None | str):
        customer_emails (list[str]):
        rule (FixedRuleBody | PercentRuleBody):
        account_id (None | str): The partner's connected Stripe account
        payouts_enabled (bool):
        details_submitted (bool):
        status (PartnerResponseStatus):
        ended_at (datetime.datetime | None):
        created_at (datetime.datetime):
    """

    partner_id: str
    business_id: str
    name: str
    email: None | str
    customer_emails: list[str]
    rule: FixedRuleBody | PercentRuleBody
    account_id: None | str
    payouts_enabled: bool
    details_submitted: bool
    status: PartnerResponseStatus
    ended_at: datetime.datetime | None
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.percent_rule_body import PercentRuleBody

        partner_id = self.partner_id

        business_id = self.business_id

        name = self.name

        email: None | str
        email = self.email

        customer_emails = self.customer_emails

        rule: dict[str, Any]
        if isinstance(self.rule, PercentRuleBody):
            rule = self.rule.to_dict()
        else:
            rule = self.rule.to_dict()

        account_id: None | str
        account_id = self.account_id

        payouts_enabled = self.payouts_enabled

        details_submitted = self.details_submitted

        status = self.status.value

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "partner_id": partner_id,
                "business_id": business_id,
                "name": name,
                "email": email,
                "customer_emails": customer_emails,
                "rule": rule,
                "account_id": account_id,
                "payouts_enabled": payouts_enabled,
                "details_submitted": details_submitted,
                "status": status,
                "ended_at": ended_at,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fixed_rule_body import FixedRuleBody
        from ..models.percent_rule_body import PercentRuleBody

        d = dict(src_dict)
        partner_id = d.pop("partner_id")

        business_id = d.pop("business_id")

        name = d.pop("name")

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        customer_emails = cast(list[str], d.pop("customer_emails"))

        def _parse_rule(data: object) -> FixedRuleBody | PercentRuleBody:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rule_type_0 = PercentRuleBody.from_dict(data)

                return rule_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            rule_type_1 = FixedRuleBody.from_dict(data)

            return rule_type_1

        rule = _parse_rule(d.pop("rule"))

        def _parse_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        account_id = _parse_account_id(d.pop("account_id"))

        payouts_enabled = d.pop("payouts_enabled")

        details_submitted = d.pop("details_submitted")

        status = PartnerResponseStatus(d.pop("status"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        partner_response = cls(
            partner_id=partner_id,
            business_id=business_id,
            name=name,
            email=email,
            customer_emails=customer_emails,
            rule=rule,
            account_id=account_id,
            payouts_enabled=payouts_enabled,
            details_submitted=details_submitted,
            status=status,
            ended_at=ended_at,
            created_at=created_at,
        )

        partner_response.additional_properties = d
        return partner_response

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
