"""Who is asking, and how often: the client IP (behind trusted proxies), its salted hash, and the rate limit."""

from dataclasses import dataclass

from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage
from ipware import get_client_ip

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


@dataclass(frozen=True)
class RateLimit:
    limited: bool
    retry_after: int = 0


def check_rate_limit(request, petition_id):
    """Count one sign attempt from this client on this petition; say whether it is over PETITIONS_RATE_LIMIT."""
    rate = app_settings.RATE_LIMIT
    if not rate or str(rate).lower() == "off":
        return RateLimit(limited=False)
    usage = get_usage(
        request,
        group=f"petitions.sign.{petition_id}",
        key=lambda group, request: client_ip(request),
        rate=rate,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return RateLimit(limited=False)
    return RateLimit(limited=True, retry_after=max(1, usage["time_left"]))
