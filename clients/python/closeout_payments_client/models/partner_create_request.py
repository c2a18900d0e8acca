from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fixed_rule_body import FixedRuleBody
    from ..models.percent_rule_body import PercentRuleBody


T = TypeVar("T", bound="PartnerCreateRequest")


@_attrs_define
class PartnerCreateRequest:
    """
    Attributes:
        name (str):
        rule (FixedRuleBody | PercentRuleBody):
        email (None | str | Unset):
        customer_emails (list[str] | Unset): Empty: every invoice of the business; else only invoices to these customers
    """

    name: str
    rule: FixedRuleBody | PercentRuleBody
    email: None | str | Unset = UNSET
    customer_emails: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.percent_rule_body import PercentRuleBody

        name = self.name

        rule: dict[str, Any]
        if isinstance(self.rule, PercentRuleBody):
            rule = self.rule.to_dict()
        else:
            rule = self.rule.to_dict()

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        customer_emails: list[str] | Unset = UNSET
        if not isinstance(self.customer_emails, Unset):
            customer_emails = self.customer_emails

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
                "rule": rule,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email
        if customer_emails is not UNSET:
            field_dict["customer_emails"] = customer_emails

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fixed_rule_body import FixedRuleBody
        from ..models.percent_rule_body import PercentRuleBody

        d = dict(src_dict)
        name = d.pop("name")

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

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        customer_emails = cast(list[str], d.pop("customer_emails", UNSET))

        partner_create_request = cls(
            name=name,
            rule=rule,
            email=email,
            customer_emails=customer_emails,
        )

        return partner_create_request
