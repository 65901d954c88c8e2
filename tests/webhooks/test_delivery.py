"""Delivery to a real receiver on 127.0.0.1 that verifies each signature: failures, retries with the same webhook-id,
recovery, switching a failing endpoint off, and never sending one delivery twice at once."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from campaign_common.tasks import TASKS_MODULE
from petitions.signing import confirm_signature
from webhooks import delivery
from webhooks.models import DeliveryStatus, WebhookEndpoint, WebhookEvent

from .conftest import deliver_due, deliveries, make_due

pytestmark = pytest.mark.django_db


def test_a_delivery_is_signed_per_standard_webhooks(endpoint, receiver, make_signature):
    confirm_signature(make_signature())

    (received,) = receiver.received
    event = WebhookEvent.objects.get()
    assert received.verified
    assert received.headers["webhook-id"] == event.message_id and event.message_id.startswith("msg_")
    assert received.headers["content-type"] == "application/json"
    assert abs(int(received.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
    assert received.payload == event.payload
    (sent,) = deliveries()
    assert (sent.status, sent.attempts, sent.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert sent.last_response.startswith("receiver says 200") and len(sent.last_response) == 1000


def test_a_receiver_that_fails_then_recovers_gets_the_event_with_the_same_id(
    endpoint, receiver, make_signature, settings
):
    receiver.answers = [500, "hang"]  # then, once stopped, connections are refused
    confirm_signature(make_signature())
    first = deliveries().get()
    assert (first.status, first.attempts, first.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert first.last_response.startswith("receiver says 500")
    # The first retry waits the first of the delays.
    assert 5 <= (first.next_attempt_at - first.last_attempt_at).total_seconds() < 5 + 60

    make_due()
    deliver_due()  # times out
    timed_out = deliveries().get()
    assert (timed_out.attempts, timed_out.last_status_code, timed_out.status) == (2, None, DeliveryStatus.PENDING)
    assert "timed out" in timed_out.last_response

    receiver.stop()
    make_due()
    deliver_due()  # refused
    refused = deliveries().get()
    assert (refused.attempts, refused.last_status_code, refused.status) == (3, None, DeliveryStatus.PENDING)
    assert 30 * 60 <= (refused.next_attempt_at - refused.last_attempt_at).total_seconds() < 31 * 60

    receiver.start()  # back on the same port
    make_due()
    deliver_due()

    done = deliveries().get()
    assert (done.status, done.attempts, done.last_status_code, done.next_attempt_at) == (
        DeliveryStatus.DELIVERED,
        4,
        200,
        None,
    )
    assert len({received.headers["webhook-id"] for received in receiver.received}) == 1
    assert len(receiver.received) == 3 and all(received.verified for received in receiver.received)
    deliver_due()
    assert len(receiver.received) == 3  # nothing due any more


def test_a_delivery_fails_for_good_once_the_retries_are_used_up(endpoint, receiver, make_signature, settings):
    settings.WEBHOOKS_RETRY_DELAYS = (5, 60)
    receiver.answers = [500, 502, 503]
    confirm_signature(make_signature())
    make_due()
    deliver_due()
    make_due()
    deliver_due()

    failed = deliveries().get()
    assert (failed.status, failed.attempts, failed.last_status_code, failed.next_attempt_at) == (
        DeliveryStatus.FAILED,
        3,
        503,
        None,
    )
    endpoint.refresh_from_db()
    assert endpoint.failure_streak == 1 and endpoint.is_active


def test_an_endpoint_failing_again_and_again_is_switched_off_and_its_editors_told(
    endpoint, receiver, make_signature, settings, django_user_model
):
    settings.WEBHOOKS_RETRY_DELAYS = ()
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 2
    django_user_model.objects.create_superuser("admin", "admin@example.org", "password")
    django_user_model.objects.create_user("visitor", "visitor@example.org", "password")
    receiver.stop()
    mail.outbox.clear()

    confirm_signature(make_signature("one@example.org"))
    endpoint.refresh_from_db()
    assert endpoint.is_active and mail.outbox == []
    confirm_signature(make_signature("two@example.org"))
    confirm_signature(make_signature("three@example.org"))

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at and "2" in endpoint.disabled_reason
    assert [d.status for d in deliveries()] == [DeliveryStatus.FAILED, DeliveryStatus.FAILED]  # none for the third
    (message,) = mail.outbox
    assert message.to == ["admin@example.org"]
    assert endpoint.url in message.subject and f"/admin/webhooks/edit/{endpoint.pk}/" in message.body


def test_a_success_resets_the_failure_count_and_switching_back_on_starts_afresh(endpoint, receiver, make_signature):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failure_streak=3)
    confirm_signature(make_signature())

    endpoint.refresh_from_db()
    assert endpoint.failure_streak == 0


def test_a_claimed_delivery_is_not_sent_again_while_its_attempt_runs(endpoint, receiver, make_signature, settings):
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.dummy.DummyBackend"}}  # tasks that never run
    confirm_signature(make_signature())
    (pending,) = deliveries()
    now = timezone.now()
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}}

    assert delivery.claim(pending.pk, now) is True
    assert delivery.claim(pending.pk, now) is False
    deliver_due()  # the recovery command leaves a claimed delivery alone

    assert receiver.received == []
    # A worker that died holding it: once its lease runs out, the delivery is due again.
    lease_over = now + timezone.timedelta(seconds=settings.WEBHOOKS_TIMEOUT + 61)
    assert [d.pk for d in delivery.due_deliveries(lease_over)] == [pending.pk]


def test_the_recovery_command_sends_deliveries_whose_task_never_ran(endpoint, receiver, make_signature, settings):
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.dummy.DummyBackend"}}  # tasks that never run
    confirm_signature(make_signature("one@example.org"))
    confirm_signature(make_signature("two@example.org"))
    assert receiver.received == []
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.immediate.ImmediateBackend"}}

    call_command("webhooks", "deliver")

    assert [d.status for d in deliveries()] == [DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED]
    assert len(receiver.received) == 2 and all(received.verified for received in receiver.received)


def test_a_redirect_is_not_followed_and_counts_as_a_failure(endpoint, receiver, make_signature):
    receiver.answers = [307]
    confirm_signature(make_signature())

    (sent,) = deliveries()
    assert (sent.status, sent.last_status_code) == (DeliveryStatus.PENDING, 307)
    assert len(receiver.received) == 1
