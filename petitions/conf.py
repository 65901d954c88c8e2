"""The petitions app's settings: the one place they are read, each with its documented default.

Set any of them in Django settings with the `PETITIONS_` prefix, e.g. `PETITIONS_RATE_LIMIT = "10/60s"`. Values are
read on every access, so `override_settings` in tests and settings changes at start-up both take effect.
"""

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    # Valid signatures per client IP per petition in any span of the period, as "<count>/<seconds>s" (django-ratelimit
    # syntax), or "off" (which turns INVALID_RATE_LIMIT off too).
    "RATE_LIMIT": "5/300s",
    # Invalid sign attempts (a typo, a failed captcha) per client IP per petition, counted apart from RATE_LIMIT so
    # that typos on a shared network do not lock out real signers; looser, as it only slows down guessing; or "off".
    "INVALID_RATE_LIMIT": "30/300s",
    # Reverse proxies in front of the app that append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
    "TRUSTED_PROXY_COUNT": 0,
    # Seconds a confirmation link stays valid (14 days).
    "CONFIRMATION_MAX_AGE": 14 * 24 * 60 * 60,
    # How many times signing again with a pending address re-sends the confirmation e-mail.
    "MAX_CONFIRMATION_RESENDS": 3,
    # Counter rows per petition; confirmations pick one at random so concurrent writers rarely share a row.
    "COUNTER_SHARDS": 8,
    # Seconds a petition's public count is cached: the count shown is never more than this much behind.
    "COUNT_CACHE_SECONDS": 3,
    # Seconds a petition's settings are cached for signing and showing it. Saving it in the admin applies at once;
    # this bounds how late a change can apply in a race with a signature, or when the cache was down as it was saved.
    "CACHE_SECONDS": 5,
    # Seconds the counts by country and by day (API detail, admin report) are cached.
    "STATS_CACHE_SECONDS": 60,
    # "v2" (checkbox) or "v3" (invisible, scored); only used when RECAPTCHA_PUBLIC_KEY and _PRIVATE_KEY are set.
    "RECAPTCHA_VERSION": "v2",
    # Lowest reCAPTCHA v3 score accepted (0.0 bot .. 1.0 human).
    "RECAPTCHA_REQUIRED_SCORE": 0.5,
    # Default for `anonymise_signatures`: days after a petition closes before its signers are anonymised.
    "RETENTION_DAYS": 365,
    # Sender of confirmation, milestone and update e-mails; None uses DEFAULT_FROM_EMAIL.
    "FROM_EMAIL": None,
    # URL namespace of the petitions endpoints on the site's Wagtail API router (router namespace:endpoint name).
    "API_URL_NAMESPACE": "wagtailapi:petitions",
    # Rows fetched per database round trip when exporting signatures.
    "EXPORT_CHUNK_SIZE": 2000,
    # Seconds to wait before each new try at a confirmation e-mail the mail server did not take (then it gives up;
    # signing again re-sends). Needs a task backend that runs tasks later (django-tasks-db does; immediate does not).
    "EMAIL_RETRY_DELAYS": (60, 300, 1800, 7200, 21600),
    # Origins (e.g. "https://partner.example") whose pages may frame /petitions/<id>/embed/; "*" allows any site.
    # This site itself always may. Every other page of the site stays unframeable.
    "EMBED_ALLOWED_ORIGINS": [],
    # Updates to signers (petitions.updates): messages sent per batch, each batch over one SMTP connection.
    "UPDATE_BATCH_SIZE": 100,
    # Messages per second at most, across the batches of one update (the pause between batches keeps to it).
    "UPDATE_RATE": 20,
    # Tries at a message the mail server refused or failed, before it counts as failed.
    "UPDATE_MAX_ATTEMPTS": 3,
    # Seconds before the next batch after the mail server failed (with a task backend that runs tasks later).
    "UPDATE_RETRY_DELAY": 60,
    # Seconds after which a batch's claim on its messages counts as left by a worker that died: the message it was
    # sending is reported interrupted (not sent again), the rest go back to be sent. Keep it well above the time
    # a batch takes (UPDATE_BATCH_SIZE / UPDATE_RATE seconds, plus the mail server's slowness).
    "UPDATE_CLAIM_TIMEOUT": 15 * 60,
}


class PetitionSettings:
    """Attribute access to the PETITIONS_* settings, falling back to DEFAULTS."""

    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(f"Unknown petitions setting {name!r}")
        return getattr(django_settings, f"PETITIONS_{name}", DEFAULTS[name])

    @property
    def captcha_enabled(self):
        return bool(getattr(django_settings, "RECAPTCHA_PUBLIC_KEY", "")) and bool(
            getattr(django_settings, "RECAPTCHA_PRIVATE_KEY", "")
        )

    @property
    def site_url(self):
        """The site's root URL, which the links in confirmation e-mails start with: Wagtail's WAGTAILADMIN_BASE_URL."""
        url = getattr(django_settings, "WAGTAILADMIN_BASE_URL", None)
        if not url:
            raise ImproperlyConfigured(
                "WAGTAILADMIN_BASE_URL must be set: links in confirmation e-mails start with it."
            )
        return url.rstrip("/")


app_settings = PetitionSettings()
