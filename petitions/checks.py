"""System checks that stop a malformed PETITIONS_* setting, or a missing WAGTAILADMIN_BASE_URL (which links in
e-mails start with), at start-up instead of at the first signature."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from campaign_common.ratelimit import parse_rate

from .conf import app_settings


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs, **kwargs):
    errors = []
    for name in ("RATE_LIMIT", "INVALID_RATE_LIMIT"):
        rate = getattr(app_settings, name)
        try:
            if str(rate).lower() != "off":
                parse_rate(rate)
        except ImproperlyConfigured:
            errors.append(
                checks.Error(f"PETITIONS_{name} must look like 5/300s or be off, not {rate!r}.", id="petitions.E001")
            )
    proxies = app_settings.TRUSTED_PROXY_COUNT
    if not isinstance(proxies, int) or proxies < 0:
        errors.append(checks.Error("PETITIONS_TRUSTED_PROXY_COUNT must be a whole number from 0.", id="petitions.E002"))
    if app_settings.RECAPTCHA_VERSION not in ("v2", "v3"):
        errors.append(checks.Error("PETITIONS_RECAPTCHA_VERSION must be v2 or v3.", id="petitions.E003"))
    if not getattr(settings, "WAGTAILADMIN_BASE_URL", None):
        errors.append(
            checks.Error(
                "WAGTAILADMIN_BASE_URL must be set to the site's public root URL: links in e-mails start with it.",
                id="petitions.E004",
            )
        )
    return errors
