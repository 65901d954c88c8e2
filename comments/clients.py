"""Who is posting: the client's IP behind trusted proxies, its salted hash, and the per-IP rate limit."""

from django.utils.crypto import salted_hmac
from django_ratelimit.core import get_usage
from ipware import get_client_ip

from . import conf

RATE_LIMIT_GROUP = "comments.post"


def client_ip(request):
    """The client's address: the connecting one, or the one the trusted proxies recorded in X-Forwarded-For."""
    proxies = conf.trusted_proxy_count()
    if proxies:
        # ipware counts the proxies listed in the header; the last one (the connecting proxy) adds the client.
        ip, _routable = get_client_ip(
            request,
            proxy_order="left-most",
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
    else:
        ip, _routable = get_client_ip(request, request_header_order=["REMOTE_ADDR"])
    return ip or request.META.get("REMOTE_ADDR", "")


def ip_hash(ip):
    """A salted hash of the address: it ties comments from one address together without storing the address."""
    return salted_hmac("comments.ip", ip, algorithm="sha256").hexdigest() if ip else ""


def retry_after(request):
    """Count this post against the client's rate limit; the seconds to wait when over it, else None."""
    rate = conf.rate_limit()
    if rate is None:
        return None
    usage = get_usage(
        request, group=RATE_LIMIT_GROUP, key=lambda group, request: client_ip(request), rate=rate, increment=True
    )
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)
