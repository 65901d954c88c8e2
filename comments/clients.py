"""Who is posting: the client's IP behind trusted proxies, its salted hash, and the per-IP rate limits."""

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from ipware import get_client_ip

from campaign_common.ratelimit import Throttle

from . import conf

RATE_LIMIT_GROUP = "comments.post"
RATE_LIMITED = _("You have posted several comments in a short time. Please wait a few minutes and try again.")
INVALID_RATE_LIMITED = _(
    "Too many attempts from your connection. Please check the form and try again in a few minutes."
)


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


def posting_throttle(request):
    """This client's posts: comments under COMMENTS_RATE_LIMIT, refused posts (a typo, a failed captcha) under the
    looser COMMENTS_INVALID_RATE_LIMIT; the HTML form and the JSON endpoint count together."""
    key = f"{RATE_LIMIT_GROUP}.{ip_hash(client_ip(request))}"
    return Throttle(key, conf.rate_limit(), conf.invalid_rate_limit(), (RATE_LIMITED, INVALID_RATE_LIMITED))
