"""System checks that stop a malformed PETITIONS_* setting at start-up instead of at the first signature."""

import re

from django.core import checks

from .conf import app_settings

RATE = re.compile(r"^\d+/\d*[smhd]?$")


@checks.register(checks.Tags.compatibility)
def check_settings(app_configs, **kwargs):
    errors = []
    rate = str(app_settings.RATE_LIMIT)
    if rate.lower() != "off" and not RATE.match(rate):
        errors.append(
            checks.Error(f"PETITIONS_RATE_LIMIT must look like 5/300s or be off, not {rate!r}.", id="petitions.E001")
        )
    proxies = app_settings.TRUSTED_PROXY_COUNT
    if not isinstance(proxies, int) or proxies < 0:
        errors.append(checks.Error("PETITIONS_TRUSTED_PROXY_COUNT must be a whole number from 0.", id="petitions.E002"))
    if app_settings.RECAPTCHA_VERSION not in ("v2", "v3"):
        errors.append(checks.Error("PETITIONS_RECAPTCHA_VERSION must be v2 or v3.", id="petitions.E003"))
    return errors
