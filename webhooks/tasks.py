"""Background work: sending deliveries, and telling editors when an endpoint is switched off. Never in a request."""

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.urls import reverse

from campaign_common.mail import message_to_editor, users_with_permission
from campaign_common.tasks import task

from . import delivery
from .conf import app_settings
from .models import WebhookEndpoint

MANAGE_PERMISSION = "webhooks.change_webhookendpoint"


@task()
def deliver_webhook(delivery_id):
    """One attempt at a delivery. A failed one is tried again by a task enqueued for its next attempt, in the
    transaction that records the failure, when the task backend runs tasks later; otherwise `manage.py webhooks
    deliver` (cron) sends it when it is due."""
    attempt = delivery.attempt(delivery_id)
    if attempt is None:
        return
    with transaction.atomic():
        outcome = delivery.record(attempt)
        if outcome.retry_at and deliver_webhook.get_backend().supports_defer:
            deliver_webhook.using(run_after=outcome.retry_at).enqueue(delivery_id=delivery_id)
        if outcome.disabled_endpoint:
            send_endpoint_disabled_email.enqueue(endpoint_id=outcome.disabled_endpoint.pk)


def enqueue_due():
    """Enqueue a task for every delivery that is due: the ones whose task was lost (a worker that died mid-way) or
    never deferred (a backend that cannot run tasks later). One whose task is still queued is only claimed once, by
    whichever task runs first. Returns how many were enqueued."""
    enqueued = 0
    for delivery_id in delivery.due_deliveries().values_list("pk", flat=True).iterator():
        deliver_webhook.enqueue(delivery_id=delivery_id)
        enqueued += 1
    return enqueued


def webhook_editors():
    """Who hears of a switched-off endpoint: the users who may change endpoints."""
    return users_with_permission(MANAGE_PERMISSION)


@task()
def send_endpoint_disabled_email(endpoint_id):
    """E-mail each editor, in their admin language, that an endpoint was switched off; one message each."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id).first()
    if endpoint is None:
        return
    messages = [endpoint_disabled_message(endpoint, editor) for editor in webhook_editors()]
    if messages:
        get_connection().send_messages(messages)


def admin_url(path):
    """An absolute URL of the Wagtail admin, from Wagtail's WAGTAILADMIN_BASE_URL."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def endpoint_disabled_message(endpoint, editor):
    context = {"endpoint": endpoint, "edit_url": admin_url(reverse("webhook_endpoints:edit", args=[endpoint.pk]))}
    from_email = app_settings.FROM_EMAIL or settings.DEFAULT_FROM_EMAIL
    return message_to_editor(editor, "webhooks/email/endpoint_disabled", context, from_email)
