"""The campaign_common app's settings: the one place they are read, each with its documented default.

| setting                  | default | meaning                                                                  |
|--------------------------|---------|--------------------------------------------------------------------------|
| CAMPAIGN_PAGE_MAX_AGE    | 60      | seconds a browser may keep an anonymous campaign page, campaign index or |
|                          |         | petition embed (`Cache-Control: public, max-age=…`)                      |
| CAMPAIGN_PAGE_S_MAXAGE   | 60      | seconds a shared cache (Varnish, a CDN) may keep them (`s-maxage=…`);    |
|                          |         | raise it once the cache is purged on change (docs/deploy.md)             |

Values are read on every access, so `override_settings` in tests and settings changes at start-up both take effect.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _seconds(name, default):
    value = getattr(settings, name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number of seconds of at least 0, not {value!r}.")
    return value


def page_max_age():
    return _seconds("CAMPAIGN_PAGE_MAX_AGE", 60)


def page_s_maxage():
    return _seconds("CAMPAIGN_PAGE_S_MAXAGE", 60)
