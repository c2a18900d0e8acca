import pytest

from closeout.shared.auth import InvalidApiKeyError, mint_api_key, verify_api_key


def test_a_key_names_its_business_and_role() -> None:
    key = mint_api_key("secret", business_id="acme", role="admin")
    principal = verify_api_key("secret", key)
    assert (principal.business_id, principal.role) == ("acme", "admin")
    assert principal.can_act_for("acme")
    assert not principal.can_act_for("other")


def test_forged_and_foreign_keys_are_refused() -> None:
    key = mint_api_key("secret", business_id="acme", role="integration")
    payload, signature = key.split(".")
    tampered = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1] + "." + signature
    for bad in (
        tampered,
        key.replace("cok_", "xxx_"),
        "cok_",
        mint_api_key("other", business_id="acme", role="admin"),
    ):
        with pytest.raises(InvalidApiKeyError):
            verify_api_key("secret", bad)
