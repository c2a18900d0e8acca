from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.fixed_rule_body import FixedRuleBody
    from ..models.percent_rule_body import PercentRuleBody


T = TypeVar("T", bound="PartnerUpdateRequest")


@_attrs_define
class PartnerUpdateRequest:
    """
    Attributes:
        name (None | str | Unset):
        email (None | str | Unset):
        customer_emails (list[str] | None | Unset):
        rule (FixedRuleBody | None | PercentRuleBody | Unset):
    """

    name: None | str | Unset = UNSET
    email: None | str | Unset = UNSET
    customer_emails: list[str] | None | Unset = UNSET
    rule: FixedRuleBody | None | PercentRuleBody | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.fixed_rule_body import FixedRuleBody
        from ..models.percent_rule_body import PercentRuleBody

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        customer_emails: list[str] | None | Unset
        if isinstance(self.customer_emails, Unset):
            customer_emails = UNSET
        elif isinstance(self.customer_emails, list):
            customer_emails = self.customer_emails

        else:
            customer_emails = self.customer_emails

        rule: dict[str, Any] | None | Unset
        if isinstance(self.rule, Unset):
            rule = UNSET
        elif isinstance(self.rule, PercentRuleBody) or isinstance(
            self.rule, FixedRuleBody
        ):
            rule = self.rule.to_dict()
        else:
            rule = self.rule

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if email is not UNSET:
            field_dict["email"] = email
        if customer_emails is not UNSET:
            field_dict["customer_emails"] = customer_emails
        if rule is not UNSET:
            field_dict["rule"] = rule

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.fixed_rule_body import FixedRuleBody
        from ..models.percent_rule_body import PercentRuleBody

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_email(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email = _parse_email(d.pop("email", UNSET))

        def _parse_customer_emails(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                customer_emails_type_0 = cast(list[str], data)

                return customer_emails_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        customer_emails = _parse_customer_emails(d.pop("customer_emails", UNSET))

        def _parse_rule(data: object) -> FixedRuleBody | None | PercentRuleBody | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rule_type_0_type_0 = PercentRuleBody.from_dict(data)

                return rule_type_0_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                rule_type_0_type_1 = FixedRuleBody.from_dict(data)

                return rule_type_0_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FixedRuleBody | None | PercentRuleBody | Unset, data)

        rule = _parse_rule(d.pop("rule", UNSET))

        partner_update_request = cls(
            name=name,
            email=email,
            customer_emails=customer_emails,
            rule=rule,
        )

        return partner_update_request
