"""The webhooks app's settings: the one place they are read, each with its documented default.

Set any of them in Django settings with the `WEBHOOKS_` prefix, e.g. `WEBHOOKS_TIMEOUT = 5`. Values are read on every
access, so `override_settings` in tests and settings changes at start-up both take effect.
"""

from django.conf import settings as django_settings

DEFAULTS = {
    # Accept endpoint URLs that are not HTTPS (for tests and local development). With DEBUG on they are always
    # accepted; in production leave it False: payloads may carry signers' personal data.
    "ALLOW_HTTP": False,
    # Seconds to wait for an endpoint to answer a delivery before counting the attempt as failed.
    "TIMEOUT": 10,
    # Seconds before each new attempt at a delivery that failed (Standard Webhooks' suggested schedule: about 28 hours
    # from the first attempt to the last). Once they are used up the delivery has failed for good.
    "RETRY_DELAYS": (5, 5 * 60, 30 * 60, 2 * 60 * 60, 5 * 60 * 60, 10 * 60 * 60, 10 * 60 * 60),
    # An endpoint is switched off, and its editors e-mailed, when this many deliveries in a row have failed for good
    # (each after all its retries). A delivered event resets the count.
    "DISABLE_AFTER_FAILURES": 5,
    # Characters of an endpoint's answer kept in the delivery log.
    "RESPONSE_LOG_LENGTH": 1000,
    # Deliveries listed per page in the admin's delivery log.
    "LOG_PAGE_SIZE": 50,
    # Sender of the e-mail telling editors an endpoint was switched off; None uses DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": None,
}


class WebhookSettings:
    """Attribute access to the WEBHOOKS_* settings, falling back to DEFAULTS."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown webhooks setting {name!r}")
        return getattr(django_settings, f"WEBHOOKS_{name}", DEFAULTS[name])

    @property
    def http_allowed(self):
        return bool(self.ALLOW_HTTP or django_settings.DEBUG)

    @property
    def lease_seconds(self):
        """How long a claimed delivery is left to its worker: if the worker dies, the delivery is due again after."""
        return self.TIMEOUT + 60


app_settings = WebhookSettings()
