"""Load the settings before anything else, so that a bad environment variable stops start-up in one line."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured


def load_settings(default_module="campaign_cms.settings.dev"):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default_module)
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - touching a setting imports the module
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")
