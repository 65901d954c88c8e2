"""Settings of the server the browser journeys run against: the development settings (as `make run` serves them),
with uploads in the run's own folder rather than the checkout's media/ and no requests off this machine."""

from campaign_cms.settings.dev import *  # noqa: F403
from campaign_cms.settings.env import env_str

MEDIA_ROOT = env_str("E2E_MEDIA_ROOT", required=True)
# Avatars from gravatar.com would be requests off this machine (answered empty by the tests): Wagtail's own instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the admin ask releases.wagtail.org for a newer version.
WAGTAIL_ENABLE_UPDATE_CHECK = False
