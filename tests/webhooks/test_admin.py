"""The admin screens: who may manage endpoints, adding one (its secret shown once), the delivery log, send again."""

import pytest
from django.contrib.auth.models import Group, Permission

from petitions.signing import confirm_signature
from webhooks.models import DeliveryStatus, WebhookEndpoint

from .conftest import deliveries

pytestmark = pytest.mark.django_db


def admin_user(django_user_model, username, *codenames):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "password")
    group = Group.objects.create(name=username)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="webhooks", codename__in=codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def manager(client, django_user_model):
    client.force_login(
        admin_user(
            django_user_model, "manager", "add_webhookendpoint", "change_webhookendpoint", "delete_webhookendpoint"
        )
    )
    return client


def test_an_editor_without_the_permission_is_kept_out(client, django_user_model, endpoint):
    client.force_login(admin_user(django_user_model, "editor"))

    # Wagtail answers a permission denied in its admin with a redirect to the dashboard.
    for response in (
        client.get("/admin/webhooks/"),
        client.get("/admin/webhooks/new/"),
        client.get("/admin/webhooks/deliveries/"),
        client.post(f"/admin/webhooks/deliveries/{endpoint.pk}/send-again/"),
        client.post(f"/admin/webhooks/{endpoint.pk}/rotate-secret/"),
    ):
        assert (response.status_code, response.headers.get("Location")) == (302, "/admin/")
    assert "/admin/webhooks/" not in client.get("/admin/").content.decode()


def test_the_list_shows_endpoints_without_their_secrets(manager, endpoint):
    response = manager.get("/admin/webhooks/")

    assert response.status_code == 200
    content = response.content.decode()
    assert endpoint.url in content and "signature.confirmed" in content and endpoint.secret not in content
    assert f"/admin/webhooks/{endpoint.pk}/deliveries/" in content


def test_adding_an_endpoint_shows_its_secret_once(manager, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    data = {"url": "https://crm.example.org/hooks", "events": ["signature.confirmed", "petition.milestone"]}
    data.update(description="Our CRM", is_active="on")

    response = manager.post("/admin/webhooks/new/", data)

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200 and endpoint.secret in response.content.decode()
    assert endpoint.events == ["signature.confirmed", "petition.milestone"]
    for page in ("/admin/webhooks/", f"/admin/webhooks/edit/{endpoint.pk}/"):
        assert endpoint.secret not in manager.get(page).content.decode()


def test_the_form_refuses_plain_http_and_unknown_events(manager, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    response = manager.post(
        "/admin/webhooks/new/", {"url": "http://crm.example.org/hooks", "events": ["signature.signed"]}
    )

    content = response.content.decode()
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()
    assert "https://" in content and "signature.signed is not one of the available choices" in content


def test_switching_an_endpoint_back_on_clears_why_it_was_off(manager, endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, disabled_reason="5 deliveries in a row failed", failure_streak=5
    )

    data = {"url": endpoint.url, "events": ["comment.published"], "description": "", "is_active": "on"}
    manager.post(f"/admin/webhooks/edit/{endpoint.pk}/", data)

    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.events == ["comment.published"]
    assert (endpoint.disabled_reason, endpoint.failure_streak, endpoint.disabled_at) == ("", 0, None)


def test_an_endpoint_can_be_deleted(manager, endpoint):
    manager.post(f"/admin/webhooks/delete/{endpoint.pk}/")

    assert not WebhookEndpoint.objects.exists()


def test_the_delivery_logs_are_empty_at_first(manager, endpoint):
    for url in ("/admin/webhooks/deliveries/", f"/admin/webhooks/{endpoint.pk}/deliveries/"):
        response = manager.get(url)
        assert response.status_code == 200 and "No events have been recorded" in response.content.decode()


def test_the_delivery_log_shows_the_last_answer_and_sends_again_with_the_same_id(
    manager, endpoint, receiver, make_signature
):
    receiver.answers = [500]
    confirm_signature(make_signature())
    (failed,) = deliveries()

    content = manager.get(f"/admin/webhooks/{endpoint.pk}/deliveries/").content.decode()
    assert "signature.confirmed" in content and "500" in content and "receiver says 500" in content
    assert f'action="/admin/webhooks/deliveries/{failed.pk}/send-again/"' in content
    assert manager.get("/admin/webhooks/deliveries/").content.decode().count(failed.event.message_id) == 1

    response = manager.post(f"/admin/webhooks/deliveries/{failed.pk}/send-again/")

    assert response.status_code == 302
    (sent,) = deliveries()
    assert (sent.status, sent.attempts, sent.last_status_code) == (DeliveryStatus.DELIVERED, 1, 200)
    assert [r.headers["webhook-id"] for r in receiver.received] == [failed.event.message_id] * 2
    assert manager.get(f"/admin/webhooks/deliveries/{failed.pk}/send-again/").status_code == 405


def test_the_delivery_log_is_paginated_newest_first(manager, endpoint, receiver, make_signature, settings):
    settings.WEBHOOKS_LOG_PAGE_SIZE = 2
    for number in range(3):
        confirm_signature(make_signature(f"signer{number}@example.org"))
    newest_first = [d.event.message_id for d in deliveries().order_by("-pk")]

    first_page = manager.get("/admin/webhooks/deliveries/").content.decode()
    second_page = manager.get("/admin/webhooks/deliveries/?p=2").content.decode()

    assert first_page.index(newest_first[0]) < first_page.index(newest_first[1])
    assert newest_first[2] not in first_page and newest_first[2] in second_page


def test_rotating_the_secret_shows_the_new_one_once_and_signs_with_it(manager, endpoint, receiver, make_signature):
    old = endpoint.secret
    edit_page = manager.get(f"/admin/webhooks/edit/{endpoint.pk}/").content.decode()
    assert f"/admin/webhooks/{endpoint.pk}/rotate-secret/" in edit_page
    assert manager.get(f"/admin/webhooks/{endpoint.pk}/rotate-secret/").status_code == 200
    assert WebhookEndpoint.objects.get().secret == old  # asking changes nothing

    response = manager.post(f"/admin/webhooks/{endpoint.pk}/rotate-secret/")

    new = WebhookEndpoint.objects.get().secret
    assert new != old and new in response.content.decode()
    assert new not in manager.get(f"/admin/webhooks/edit/{endpoint.pk}/").content.decode()
    receiver.secret = new
    confirm_signature(make_signature())
    assert receiver.received[0].verified
