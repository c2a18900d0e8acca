"""The owner's daily digest of payments (`payment_notice` daily): one mail per day that is over
where the business is, listing that day's payments once, and no mail per payment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from closeout.notifications.usecases.payment_digests import send_due_digests
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.ids import utcnow
from notifications.test_owner_emails import _events
from support.infra import Infra
from support.mailpit import messages_to, wait_for_messages
from support.notifications import MakeSettings, Publish, build_app, handled, mail_settled
from support.services import running
from support.waiting import unique

pytestmark = pytest.mark.integration


async def test_a_daily_digest_lists_the_days_payments_once(
    infra: Infra, make_settings: MakeSettings, publish: Publish
) -> None:
    business_id = unique("biz")
    owner, customer = f"{unique('owner')}@example.com", f"{unique('c')}@example.com"
    events = _events(business_id, owner, customer, "daily")[:-1]  # no dispute
    settings = make_settings()
    app = build_app(settings)
    engine = create_engine(settings.database_url, pool_size=1)
    sessions = create_sessionmaker(engine)

    async def digest_pass(hours_later: float) -> int:
        async with sessions() as session, session.begin():
            return await send_due_digests(session, utcnow() + timedelta(hours=hours_later))

    try:
        async with running(app):
            await publish(settings, events[0])
            await handled(app, 1)
            for event in events[1:]:
                await publish(settings, event)
                await handled(app, events.index(event) + 1)
            assert await digest_pass(0) == 0  # the day is not over yet
            assert await digest_pass(24) == 1
            assert await digest_pass(24) == 0  # listed once
            [digest] = await wait_for_messages(infra.mailpit_api_url, owner)
            await mail_settled(settings.database_url)  # everything recorded is sent: the
            # digest is the owner's only mail (no notice per payment).
            assert len(await messages_to(infra.mailpit_api_url, owner)) == 1
    finally:
        await engine.dispose()
    assert digest["Subject"].startswith("Closeout: 2 payments received on ")
    assert digest["Subject"].endswith(" — $1,234.00")
    for part in (digest["Text"], digest["HTML"]):
        assert "$400.00" in part
        assert "$834.00" in part
        assert "Bank transfer" in part
        assert "ref-p1" in part
        assert part.count("INV-2026-000123") == 2
