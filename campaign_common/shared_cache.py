"""Pages that a shared cache (Varnish, a CDN) may keep and give to every anonymous visitor.

A view whose answer is the same for every anonymous visitor marks its request (`mark_shareable`; Wagtail page types
inherit SharedCacheablePage, which marks every view but previews). SharedCacheMiddleware then makes that answer
`Cache-Control: public, max-age=CAMPAIGN_PAGE_MAX_AGE, s-maxage=CAMPAIGN_PAGE_S_MAXAGE` (campaign_common.conf) when
nothing in it can be a visitor's own, and `Cache-Control: private` otherwise: when the request was marked personal
(campaign_common.personal), carries a session (a signed-in user), or is not a GET; when the answer is not a 200,
sets a cookie or varies on Cookie. An answer that already says how to cache it (Wagtail's `private` previews and
never-cached pages with view restrictions) keeps its own header.

The templates keep anonymous views free of cookies: they read the session only for requests that have one
(campaign_common.public_forms.is_signed_in) and render a CSRF token only for signed-in users, whose pages are private.
"""

from functools import wraps

from django.conf import settings
from django.utils.cache import patch_cache_control

from . import conf
from .personal import is_personal

SHAREABLE_ATTRIBUTE = "campaign_shareable"


def mark_shareable(request):
    """Say that the response to `request` shows every anonymous visitor the same page."""
    setattr(request, SHAREABLE_ATTRIBUTE, True)


def shareable(view):
    """A view decorator: mark_shareable for every request the view answers."""

    @wraps(view)
    def shareable_view(request, *args, **kwargs):
        mark_shareable(request)
        return view(request, *args, **kwargs)

    return shareable_view


def varies_on_cookie(response):
    return "cookie" in {name.strip().lower() for name in response.get("Vary", "").split(",")}


def is_shared(request, response):
    """Whether a shared cache may give `response` to anyone who asks for the same URL."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not is_personal(request)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.cookies
        and not varies_on_cookie(response)
    )


class SharedCacheMiddleware:
    """`Cache-Control: public` with the configured ages on the shareable answers (mark_shareable) that nothing makes
    personal, `private` on the other answers to requests marked shareable. It must come before SessionMiddleware and
    CsrfViewMiddleware in MIDDLEWARE, so that it sees the cookies and Vary headers they add."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, SHAREABLE_ATTRIBUTE, False) or "Cache-Control" in response:
            return response
        if is_shared(request, response):
            patch_cache_control(response, public=True, max_age=conf.page_max_age(), s_maxage=conf.page_s_maxage())
        else:
            patch_cache_control(response, private=True)
        return response


class SharedCacheablePage:
    """A Wagtail page type (a mixin before Page) whose views a shared cache may keep: see SharedCacheMiddleware.
    Previews are left out (Wagtail makes them private)."""

    def serve(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False):
            mark_shareable(request)
        return super().serve(request, *args, **kwargs)
