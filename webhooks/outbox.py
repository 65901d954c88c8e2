"""Recording an event: the transactional outbox.

`record` runs inside the transaction of the change it reports (the signals webhooks.receivers listens to are sent
there): the event, one delivery per active endpoint subscribed to it, and the tasks that send them commit with the
change or not at all. With a database task backend the tasks are rows in that transaction too; if a task is lost
anyway, `manage.py webhooks deliver` enqueues what is due again.
"""

from django.db import transaction

from . import events
from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from .payloads import opaque_signature_id
from .tasks import deliver_webhook

# Events whose data name a signature, and so may name its signer.
SIGNATURE_EVENTS = (events.SIGNATURE_CONFIRMED, events.SIGNATURE_REJECTED)
# Signatures looked up per query when their signers are forgotten: bounds the size of its list.
FORGET_BATCH_SIZE = 1000


def subscribed_endpoints(event_type):
    # Few endpoints, each with a short list of events: filtered here, the same way on every database.
    return [endpoint for endpoint in WebhookEndpoint.objects.filter(is_active=True) if event_type in endpoint.events]


def record(event_type, data_items):
    """Store an event of `event_type` for each of `data_items` (an iterable of the payloads' `data`, read only when
    some active endpoint subscribes) with its deliveries, and enqueue them. Returns the events stored."""
    endpoints = subscribed_endpoints(event_type)
    if not endpoints:
        return []
    with transaction.atomic():
        events = WebhookEvent.objects.bulk_create([WebhookEvent.for_data(event_type, data) for data in data_items])
        deliveries = WebhookDelivery.objects.bulk_create(
            WebhookDelivery(event=event, endpoint=endpoint) for event in events for endpoint in endpoints
        )
        for delivery in deliveries:
            deliver_webhook.enqueue(delivery_id=delivery.pk)
    return events


def forget_signers(signature_ids):
    """Take the signer out of the events kept for these (erased) signatures, in the erasure's transaction: the log
    keeps no one's name, e-mail or postcode after erasing them, and a delivery still to be sent or sent again goes
    without them."""
    opaque_ids = [opaque_signature_id(pk) for pk in signature_ids]
    for start in range(0, len(opaque_ids), FORGET_BATCH_SIZE):
        kept = WebhookEvent.objects.filter(
            type__in=SIGNATURE_EVENTS, data__id__in=opaque_ids[start : start + FORGET_BATCH_SIZE]
        )
        for event in kept:
            if event.data.get("signer") is not None:
                event.data["signer"] = None
                event.save(update_fields=["data"])
