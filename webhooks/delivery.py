"""Sending one delivery: claiming it, signing and POSTing its event (Standard Webhooks), and recording the answer.

A delivery is claimed by a conditional UPDATE that only a due, pending delivery of an active endpoint passes; it moves
`next_attempt_at` past the attempt's time limit (conf's lease), so no other worker sends it meanwhile, and if the
worker dies mid-way it is due again once the lease runs out. A 2xx answer delivers it. Any other answer, a refused
connection or a timeout is a failed attempt: it is tried again after the next of WEBHOOKS_RETRY_DELAYS, and fails
for good once they are used up. WEBHOOKS_DISABLE_AFTER_FAILURES deliveries failed for good in a row switch the
endpoint off.

A receiver can get one event twice, with the same `webhook-id`, only when the worker stops between the receiver's
answer and the commit that records it: the spec's at-least-once delivery.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from standardwebhooks import Webhook

from .conf import app_settings
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other that is not 2xx: a signed POST is not re-sent elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Attempt:
    delivery: WebhookDelivery
    attempted_at: datetime
    status_code: int | None  # None when no HTTP answer came (refused, timed out)
    response: str

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass
class Outcome:
    retry_at: datetime | None = None
    disabled_endpoint: WebhookEndpoint | None = None


def signed_request(event, secret, now):
    """The POST of `event` to an endpoint with this secret: JSON body, Standard Webhooks headers."""
    body = json.dumps(event.payload, separators=(",", ":"), ensure_ascii=False).encode()
    headers = {
        "content-type": "application/json",
        "webhook-id": event.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(event.message_id, now, body),
    }
    return body, headers


def claim(delivery_id, now):
    """Take a due delivery for one attempt; True if this call took it."""
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
        ).update(
            next_attempt_at=now + timedelta(seconds=app_settings.lease_seconds),
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )


def attempt(delivery_id):
    """Claim the delivery and POST its event; the Attempt, or None when it was not due (delivered already, taken by
    another worker, its endpoint switched off)."""
    now = timezone.now()
    if not claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    body, headers = signed_request(delivery.event, delivery.endpoint.secret, now)
    # The URL passed endpoints.check_url: http(s) only.
    request = urllib.request.Request(delivery.endpoint.url, data=body, headers=headers, method="POST")  # noqa: S310
    limit = app_settings.RESPONSE_LOG_LENGTH
    try:
        with _opener.open(request, timeout=app_settings.TIMEOUT) as response:
            status_code, text = response.status, response.read(limit)
    except urllib.error.HTTPError as error:
        status_code, text = error.code, error.read(limit)
    except (OSError, ValueError) as error:  # refused, timed out, unreachable; ValueError: an unusable URL
        status_code, text = None, str(error).encode()
    return Attempt(delivery, now, status_code, text.decode(errors="replace")[:limit])


def record(attempt):
    """Store the attempt's answer and what follows from it; call inside a transaction. Returns the Outcome: when to
    try again, or the endpoint this failure switched off."""
    delivery, now = attempt.delivery, timezone.now()
    # Only the claim this attempt holds: a worker whose lease ran out meanwhile leaves the newer claim alone.
    mine = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts, status=DeliveryStatus.PENDING)
    answer = {"last_status_code": attempt.status_code, "last_response": attempt.response}
    endpoints = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    if attempt.succeeded:
        if mine.update(status=DeliveryStatus.DELIVERED, delivered_at=now, next_attempt_at=None, **answer):
            endpoints.update(failure_streak=0)
        return Outcome()
    delays = app_settings.RETRY_DELAYS
    if delivery.attempts <= len(delays):
        retry_at = now + timedelta(seconds=delays[delivery.attempts - 1])
        return Outcome(retry_at=retry_at) if mine.update(next_attempt_at=retry_at, **answer) else Outcome()
    if not mine.update(status=DeliveryStatus.FAILED, next_attempt_at=None, **answer):
        return Outcome()
    endpoints.update(failure_streak=F("failure_streak") + 1)
    return Outcome(disabled_endpoint=disable_if_failing(delivery.endpoint_id, now))


def disable_if_failing(endpoint_id, now):
    """Switch the endpoint off if WEBHOOKS_DISABLE_AFTER_FAILURES deliveries in a row failed for good; the endpoint
    if this call switched it off."""
    threshold = app_settings.DISABLE_AFTER_FAILURES
    switched_off = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True, failure_streak__gte=threshold).update(
        is_active=False,
        disabled_at=now,
        disabled_reason=gettext("%(count)s deliveries in a row failed after every retry.") % {"count": threshold},
    )
    return WebhookEndpoint.objects.get(pk=endpoint_id) if switched_off else None


def due_deliveries(now=None):
    """Ids of the pending deliveries to active endpoints whose next attempt is due, oldest first."""
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now or timezone.now(), endpoint__is_active=True
    ).order_by("next_attempt_at", "pk")


def send_again(delivery):
    """Queue a delivery again from its first attempt, with the same webhook-id (the receiver may know it already)."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), delivered_at=None
    )
