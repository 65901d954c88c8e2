"""Webhook endpoints, the events recorded for them (the outbox) and each event's delivery to each endpoint."""

import base64
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .events import EVENT_TYPES

SECRET_PREFIX = "whsec_"  # noqa: S105 - the spec's prefix, not a secret
SECRET_BYTES = 32


def generate_secret():
    """A Standard Webhooks signing secret: `whsec_` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def generate_message_id():
    """The `webhook-id` of an event: the same on every attempt, so that receivers can drop duplicates."""
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    """A URL that receives signed events of the types it subscribes to."""

    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list, help_text=_("The event types sent to this URL."))
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Events are recorded and sent only while the endpoint is active.")
    )
    secret = models.CharField(_("secret"), max_length=100, default=generate_secret, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    disabled_at = models.DateTimeField(_("switched off at"), null=True, blank=True, editable=False)
    disabled_reason = models.CharField(_("why it was switched off"), max_length=255, blank=True, editable=False)
    failure_streak = models.PositiveIntegerField(_("failed deliveries in a row"), default=0, editable=False)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self):
        return self.url

    def get_events_display(self):
        return ", ".join(self.events)


class WebhookEvent(models.Model):
    """One change reported to endpoints: its type and payload, fixed when it is recorded."""

    message_id = models.CharField(_("webhook ID"), max_length=40, unique=True, default=generate_message_id)
    type = models.CharField(_("event type"), max_length=40, choices=list(EVENT_TYPES.items()))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    data = models.JSONField(_("data"))

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self):
        return f"{self.type} {self.message_id}"

    @classmethod
    def for_data(cls, event_type, data):
        return cls(type=event_type, data=data)

    @property
    def payload(self):
        """The body sent, per Standard Webhooks: type, the time of the change (ISO 8601) and the data."""
        return {"type": self.type, "timestamp": self.created_at.isoformat(), "data": self.data}


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """An event on its way to one endpoint: pending until an attempt gets a 2xx answer, failed once the retries
    are used up. A worker claims it by moving `next_attempt_at` past its attempt's time limit, so no other worker
    sends it at the same time, and a claim whose worker died runs out on its own."""

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    last_response = models.TextField(_("last answer"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due")]

    def __str__(self):
        return f"{self.event} -> {self.endpoint}"
