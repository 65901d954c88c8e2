"""Which changes record an event, exactly once each, and what its payload carries (personal data only with consent)."""

import pytest
from django.db import transaction

from campaign_common.tasks import TASKS_MODULE
from comments.models import Comment
from comments.moderation import moderate
from comments.posting import post_comment
from petitions.milestones import check_milestones
from petitions.models import PetitionCounter, SignatureStatus
from petitions.privacy import erase_personal_data
from petitions.signing import confirm_signature, reject_signature, restore_signature
from webhooks.models import WebhookEndpoint, WebhookEvent
from webhooks.payloads import opaque_signature_id

from .conftest import deliver_due, make_due

pytestmark = pytest.mark.django_db


def payloads(event_type):
    return [event.payload for event in WebhookEvent.objects.filter(type=event_type).order_by("pk")]


def test_confirming_twice_records_one_event_and_delivers_it_once(endpoint, receiver, make_signature):
    signature = make_signature()

    assert confirm_signature(signature) is True
    assert confirm_signature(signature) is False

    assert WebhookEvent.objects.filter(type="signature.confirmed").count() == 1
    assert [received.payload["type"] for received in receiver.received] == ["signature.confirmed"]
    assert receiver.received[0].verified


def test_without_consent_a_signature_is_known_only_by_an_opaque_id(endpoint, make_signature):
    signature = make_signature(consent=False)
    confirm_signature(signature)

    (payload,) = payloads("signature.confirmed")
    data = payload["data"]
    assert data["signer"] is None and data["consent"] is False
    assert data["id"] == opaque_signature_id(signature.pk)
    assert "ada@example.org" not in str(payload) and "Ada" not in str(payload) and "SW1A" not in str(payload)
    assert data["petition"] == {"id": signature.petition_id, "title": "Keep the unit open"}
    assert data["status"] == "confirmed" and data["confirmed_at"] and data["language"] == "en"


def test_with_consent_the_signer_is_named(endpoint, make_signature):
    signature = make_signature(consent=True, share_channel="whatsapp")
    confirm_signature(signature)

    (payload,) = payloads("signature.confirmed")
    assert payload["data"]["signer"] == {"name": "Ada Lovelace", "email": "ada@example.org", "postcode": "SW1A 1AA"}
    assert payload["data"]["share_channel"] == "whatsapp"
    assert payload["type"] == "signature.confirmed" and payload["timestamp"]


def test_signing_a_petition_that_needs_no_confirmation_records_the_confirmation(endpoint, petition, client):
    petition.requires_confirmation = False
    petition.save()

    response = client.post(
        f"/api/v2/petitions/{petition.pk}/signatures/",
        {"name": "Ada", "email": "ada@example.org", "consent": True},
        content_type="application/json",
    )

    assert response.status_code == 201
    (payload,) = payloads("signature.confirmed")
    assert payload["data"]["signer"]["email"] == "ada@example.org"


def test_rejecting_records_an_event_once_and_restoring_records_none(endpoint, make_signature):
    signature = make_signature()
    confirm_signature(signature)

    reject_signature(signature.pk)
    reject_signature(signature.pk)
    restore_signature(signature.pk)

    (payload,) = payloads("signature.rejected")
    assert payload["data"]["status"] == "rejected" and payload["data"]["id"] == opaque_signature_id(signature.pk)
    assert len(payloads("signature.confirmed")) == 1


def test_erasing_sends_only_the_opaque_id_its_earlier_events_carried(endpoint, make_signature):
    signature = make_signature(consent=True)
    confirm_signature(signature)

    assert erase_personal_data("ada@example.org") == 1
    assert erase_personal_data("ada@example.org") == 0

    (erased,) = payloads("signature.erased")
    (confirmed,) = payloads("signature.confirmed")
    assert erased["data"] == {"id": confirmed["data"]["id"], "petition": {"id": signature.petition_id}}


def test_erasing_removes_the_signer_from_the_events_kept_and_from_what_is_still_to_be_sent(
    endpoint, receiver, make_signature
):
    """The erasure reaches the outbox too: a delivery still retrying after it sends no name, e-mail or postcode."""
    other = make_signature(email="grace@example.org", consent=True)
    confirm_signature(other)
    receiver.answers = [500]
    signature = make_signature(consent=True)
    confirm_signature(signature)

    erase_personal_data("ada@example.org")
    make_due()
    deliver_due()

    confirmed = {payload["data"]["id"]: payload["data"] for payload in payloads("signature.confirmed")}
    assert confirmed[opaque_signature_id(signature.pk)]["signer"] is None
    assert confirmed[opaque_signature_id(other.pk)]["signer"]["email"] == "grace@example.org"
    retried = [received.payload for received in receiver.received if received.payload["type"] == "signature.confirmed"]
    assert retried[-1]["data"]["id"] == opaque_signature_id(signature.pk)
    assert retried[-1]["data"]["signer"] is None
    assert "ada@example.org" not in str(WebhookEvent.objects.values_list("data", flat=True))


def test_a_milestone_is_recorded_once_with_its_goal_and_the_raised_one(endpoint, petition):
    petition.raise_goal_when_reached = True
    petition.goal = 4
    petition.save()
    PetitionCounter.objects.add(petition.pk, 4)

    check_milestones(petition.pk)
    check_milestones(petition.pk)

    data = [payload["data"] for payload in payloads("petition.milestone")]
    assert [(item["threshold"], item["goal"], item["new_goal"], item["count"]) for item in data] == [
        (1, 4, None, 4),
        (2, 4, None, 4),
        (3, 4, None, 4),
        (4, 4, 5, 4),
    ]


@pytest.fixture
def page(make_campaign_page):
    return make_campaign_page(body=[{"type": "comments", "value": {}}])


def post(page, **fields):
    fields.setdefault("author_name", "Ada")
    fields.setdefault("author_email", "ada@example.org")
    fields.setdefault("body", "Keep it open!")
    return post_comment(page=page, parent=None, notify=False, ip_hash="abc", **fields)


def test_a_comment_published_at_once_is_sent_without_email_or_ip(endpoint, page, settings):
    settings.COMMENTS_MODERATION = "none"
    comment = post(page)

    (payload,) = payloads("comment.published")
    assert payload["data"] == {
        "id": comment.pk,
        "page": {"id": page.pk, "title": page.title, "url": page.full_url},
        "url": f"{page.full_url}#comment-{comment.pk}",
        "parent_id": None,
        "author_name": "Ada",
        "body": "Keep it open!",
        "created_at": comment.created_at.isoformat(),
    }
    assert "ada@example.org" not in str(payload) and "abc" not in str(payload["data"].values())


def test_a_held_comment_is_sent_when_first_approved_and_not_when_approved_again(endpoint, page, settings):
    settings.COMMENTS_MODERATION = "all"
    comment = post(page)
    assert payloads("comment.published") == []

    moderate([comment.pk], "approve")
    moderate([comment.pk], "reject")
    moderate([comment.pk], "approve")

    assert [payload["data"]["id"] for payload in payloads("comment.published")] == [comment.pk]
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_only_active_endpoints_subscribed_to_the_event_get_it(endpoint, receiver, make_signature):
    WebhookEndpoint.objects.create(url=receiver.url + "/comments", events=["comment.published"])
    WebhookEndpoint.objects.create(url=receiver.url + "/off", events=["signature.confirmed"], is_active=False)

    confirm_signature(make_signature())

    (event,) = WebhookEvent.objects.all()
    assert [delivery.endpoint for delivery in event.deliveries.all()] == [endpoint]


def test_without_subscribers_nothing_is_recorded(make_signature):
    confirm_signature(make_signature())

    assert not WebhookEvent.objects.exists()


def test_a_change_rolled_back_leaves_no_event(endpoint, make_signature, settings):
    settings.TASKS = {"default": {"BACKEND": f"{TASKS_MODULE}.backends.dummy.DummyBackend"}}
    signature = make_signature()

    with pytest.raises(RuntimeError), transaction.atomic():
        confirm_signature(signature)
        raise RuntimeError("crash before commit")

    signature.refresh_from_db()
    assert signature.status == SignatureStatus.PENDING and not WebhookEvent.objects.exists()
