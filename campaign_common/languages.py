"""The language the suite's JSON endpoints answer in: the one a request asks for in Accept-Language (the contract),
whether or not the site runs Django's LocaleMiddleware, which answers unprefixed paths in the default language when
its language-prefixed URLs leave the default language unprefixed."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def requested_language(request, default=None):
    """The language among LANGUAGES that the request asks for (Accept-Language, or Django's language cookie); without
    either, `default`, or else the active language."""
    if request.headers.get("Accept-Language") or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language_from_request(request)
    return default or translation.get_language()


class AnswersInRequestedLanguage:
    """A Django REST framework view mixin: the view runs in `requested_language` (or in one it activates itself once
    it knows better, such as the language of the page it is about), and its answer says which (Content-Language) and
    that it varies with Accept-Language."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override(requested_language(request)):
            response = super().dispatch(request, *args, **kwargs)
            response.headers["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",))
        return response
