"""Responses that show a visitor something of their own must never be stored by a shared cache (Varnish, a CDN).

The petitions and comments apps render their panels inside pages they do not serve, so they cannot set the page's
headers: they mark the request (mark_personal) and PrivateWhenPersonalMiddleware makes the response
`Cache-Control: private`.
"""

from django.utils.cache import patch_cache_control

PERSONAL_ATTRIBUTE = "campaign_personal"


def mark_personal(request):
    """Say that the response to `request` shows the visitor something of their own (a form filled with their name
    and e-mail or as they submitted it, their held comments, their thank-you state)."""
    setattr(request, PERSONAL_ATTRIBUTE, True)


def is_personal(request):
    return getattr(request, PERSONAL_ATTRIBUTE, False)


class PrivateWhenPersonalMiddleware:
    """`Cache-Control: private` on every response whose request was marked personal (mark_personal)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_personal(request):
            patch_cache_control(response, private=True)
        return response
