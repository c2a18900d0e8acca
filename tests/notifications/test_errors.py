"""The notifications service's refusals are the shared error kinds, raised by the use cases:
the shared app answers them with the status and detail the API always gave."""

from __future__ import annotations

import pytest

from closeout.notifications.api.deps import business_of
from closeout.notifications.domain.outgoing import message_id_for
from closeout.notifications.storage import repository as repo
from closeout.notifications.storage.records import NewNotification
from closeout.notifications.usecases.previews import preview
from closeout.shared.auth import ANY_BUSINESS, Principal, mint_service_token
from closeout.shared.db import create_engine, create_sessionmaker
from closeout.shared.errors import InvalidInputError, NotFoundError
from closeout.shared.web.errors import status_of
from support.notifications import SECRET, MakeSettings, admin_headers, build_app
from support.services import running
from support.waiting import unique

UNKNOWN_TEMPLATE = (
    "unknown template 'nope'; known: invoice, receipt, reminder, payment_failed, "
    "payment_failed_admin, refund, refund_failed_admin, payment_claimed_admin, "
    "payment_received_admin, dispute_opened_admin"
)


def test_an_unknown_template_is_not_found_and_names_the_known_ones() -> None:
    with pytest.raises(NotFoundError) as refused:
        preview("nope")
    assert (status_of(refused.value), str(refused.value)) == (404, UNKNOWN_TEMPLATE)


def test_a_service_key_must_name_the_business() -> None:
    service = Principal(business_id=ANY_BUSINESS, scopes=frozenset({"service"}), key_id="k1")
    with pytest.raises(InvalidInputError) as refused:
        business_of(service, None)
    assert (status_of(refused.value), str(refused.value)) == (422, "business_id is required")
    assert business_of(service, "b1") == "b1"


async def record_sent(database_url: str, business_id: str) -> str:
    engine = create_engine(database_url, pool_size=1)
    notification_id = unique("ntf")
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await repo.insert_notification(
                session,
                NewNotification(
                    id=notification_id,
                    dedupe_key=unique("sent"),
                    business_id=business_id,
                    invoice_id=None,
                    template="invoice",
                    channel="email",
                    recipient="someone@example.com",
                    subject="Sent already",
                    body_text="hello",
                    body_html=None,
                    reply_to=None,
                    sender_name=None,
                    cause_event_id=unique("evt"),
                    cause_event_type="invoice.issued",
                    correlation_id=None,
                    status="sent",
                    last_error=None,
                    message_id=message_id_for(notification_id),
                    traceparent=None,
                    attachment=None,
                ),
            )
    finally:
        await engine.dispose()
    return notification_id


@pytest.mark.integration
async def test_each_refusal_keeps_its_status_and_detail(
    make_settings: MakeSettings, database_url: str
) -> None:
    app = build_app(make_settings(kafka_consumer_enabled=False))
    business_id = unique("biz")
    headers = admin_headers(business_id)
    sent = await record_sent(database_url, business_id)
    async with running(app) as client:

        async def answer(method: str, path: str) -> tuple[int, object]:
            response = await client.request(method, path, headers=headers)
            return response.status_code, response.json()["detail"]

        missing = "notification not found"
        assert await answer("GET", "/v1/notifications/nope") == (404, missing)
        assert await answer("POST", "/v1/notifications/nope/retry") == (404, missing)
        not_suppressed = "address is not suppressed"
        assert await answer("DELETE", "/v1/suppressions/a@example.com") == (404, not_suppressed)
        status, body = await answer("GET", "/v1/templates/nope/preview")
        assert (status, body) == (404, UNKNOWN_TEMPLATE)
        conflict = "only failed or suppressed messages can be retried; this one is sent"
        assert await answer("POST", f"/v1/notifications/{sent}/retry") == (
            409,
            conflict,
        )
        service = {"Authorization": f"Bearer {mint_service_token(SECRET, issuer='tests')}"}
        unnamed = await client.get("/v1/notifications", headers=service)
        assert (unnamed.status_code, unnamed.json()["detail"]) == (
            422,
            "business_id is required",
        )
