"""HTTP caching of the API's GET answers: Cache-Control, ETag and Last-Modified, and 304 for conditional requests.

API_CACHE_SECONDS maps the URL namespace of a router endpoint (e.g. "wagtailapi:petitions") to the seconds browsers
and shared caches may keep its answers (`Cache-Control: public, max-age=N`). Other URLs are left alone, and so are
answers other than 200 (errors, and POSTs, are never cached).

The ETag is a hash of the body, so it changes exactly when the answer does. The answers have no modification time of
their own (a count changes without its petition changing), so Last-Modified is the time this body was first served
for this URL, remembered in the cache for LAST_MODIFIED_MEMORY seconds; an answer that changes gets a later time than
the one before, even within the same second, so If-Modified-Since never hides a change.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

LAST_MODIFIED_MEMORY = 60 * 60


def first_served(url, etag):
    """The time (epoch seconds) from which `url` has answered with the body tagged `etag`."""
    key = "api-cache:last-modified:" + hashlib.sha256(url.encode()).hexdigest()
    remembered = cache.get(key)
    if remembered and remembered[0] == etag:
        return remembered[1]
    since = int(time.time())
    if remembered:
        # HTTP dates are whole seconds: a change in the same second as the last one must still read as later.
        since = max(since, remembered[1] + 1)
    cache.set(key, (etag, since), LAST_MODIFIED_MEMORY)
    return since


class APICachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        max_age = getattr(settings, "API_CACHE_SECONDS", {}).get(match.namespace) if match else None
        if max_age is None or request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:
            return response
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        last_modified = first_served(request.get_full_path(), etag)
        patch_cache_control(response, public=True, max_age=max_age)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
