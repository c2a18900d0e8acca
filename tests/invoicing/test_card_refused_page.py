from support.invoicing import Harness, configure_business, issued

"""When payments refuses a card payment for the invoice, the page offers the other ways."""


async def test_card_refused_page_offers_the_other_ways_to_pay(harness: Harness) -> None:
    await configure_business(harness, bank_transfer_instructions="BSB 062-000 Account 1234")
    _, path = await issued(harness)
    refused = await harness.client.get(f"{path}?card=refused")
    assert refused.status_code == 200
    assert "cannot be paid by card" in refused.text
    assert "/pay/card" not in refused.text
    assert "BSB 062-000 Account 1234" in refused.text
    assert f"{path}/claim" in refused.text
    normal = await harness.client.get(path)
    assert "/pay/card" in normal.text
    assert "cannot be paid by card" not in normal.text
