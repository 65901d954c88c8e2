"""Who is asking, and how often: the client IP (behind trusted proxies), its salted hash, and the rate limits."""

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from ipware import get_client_ip

from campaign_common.ratelimit import Throttle

from .conf import app_settings


def client_ip(request):
    """REMOTE_ADDR, or with PETITIONS_TRUSTED_PROXY_COUNT proxies the address the outermost proxy saw."""
    proxies = app_settings.TRUSTED_PROXY_COUNT
    if proxies:
        # Each proxy appends the address it received from; the last `proxies - 1` entries are proxies' own.
        ip, _routable = get_client_ip(
            request, proxy_count=proxies - 1, request_header_order=["HTTP_X_FORWARDED_FOR"], strict=False
        )
        if ip:
            return ip
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104 - a placeholder, never bound to


def hash_ip(ip):
    """A salted HMAC (keyed from SECRET_KEY) of the IP: enough to spot abuse, useless for finding the person."""
    return salted_hmac("petitions.ip", ip, algorithm="sha256").hexdigest()


VALID_MESSAGE = _("Too many signatures from your connection. Please try again in a few minutes.")
INVALID_MESSAGE = _("Too many attempts from your connection. Please check the form and try again in a few minutes.")


class RateLimited(Exception):
    """Raised when a sign attempt is over a rate limit; `limit` says how long to wait and why."""

    def __init__(self, limit):
        super().__init__(str(limit.message))
        self.limit = limit


def sign_throttle(request, petition_id):
    """This client's sign attempts on this petition: signatures under PETITIONS_RATE_LIMIT, invalid attempts under
    PETITIONS_INVALID_RATE_LIMIT; neither applies with PETITIONS_RATE_LIMIT = "off"."""
    rate, invalid_rate = (
        None if not value or str(value).lower() == "off" else value
        for value in (app_settings.RATE_LIMIT, app_settings.INVALID_RATE_LIMIT)
    )
    key = f"petitions.sign.{petition_id}.{hash_ip(client_ip(request))}"
    return Throttle(key, rate, invalid_rate, (VALID_MESSAGE, INVALID_MESSAGE))
