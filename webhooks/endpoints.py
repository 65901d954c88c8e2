"""The rules for an endpoint's URL and events, which the admin form and `manage.py webhooks` share."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext

from .conf import app_settings
from .events import EVENT_TYPES
from .models import WebhookEndpoint


def check_url(url):
    """Raise ValidationError unless `url` is an http(s) URL, HTTPS unless WEBHOOKS_ALLOW_HTTP (or DEBUG) is on."""
    URLValidator(schemes=["http", "https"])(url)
    if urlsplit(url).scheme != "https" and not app_settings.http_allowed:
        raise ValidationError(
            gettext("The URL must start with https:// (events may carry personal data)."), code="not_https"
        )


def check_events(events):
    """Raise ValidationError unless `events` is a non-empty list of known event types."""
    unknown = [event for event in events if event not in EVENT_TYPES]
    if unknown:
        raise ValidationError(
            gettext("Unknown event: %(events)s. Choose from: %(known)s.")
            % {"events": ", ".join(unknown), "known": ", ".join(EVENT_TYPES)},
            code="unknown_event",
        )
    if not events:
        raise ValidationError(gettext("Choose at least one event."), code="no_events")


def create_endpoint(url, events, description=""):
    """Check and store a new endpoint (its secret generated); raises ValidationError."""
    check_url(url)
    check_events(events)
    return WebhookEndpoint.objects.create(url=url, events=list(dict.fromkeys(events)), description=description)


def find_endpoint(id_or_url):
    """The endpoint with this id or URL; WebhookEndpoint.DoesNotExist or MultipleObjectsReturned otherwise."""
    if id_or_url.isdigit():
        return WebhookEndpoint.objects.get(pk=int(id_or_url))
    return WebhookEndpoint.objects.get(url=id_or_url)
