"""Middleware of the host project."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .errors import error_response

TOO_LARGE_TITLE = _("Too much data")


class PublicBodySizeLimitMiddleware:
    """Refuse request bodies over PUBLIC_MAX_BODY_SIZE with a 413 before anything reads them, except under
    PUBLIC_BODY_SIZE_EXEMPT_PREFIXES (the admin, which posts whole pages and uploads files).

    Django's own DATA_UPLOAD_MAX_MEMORY_SIZE is one limit for the whole site, so it has to fit the admin; the
    public forms and JSON endpoints take a few KB and get this much tighter one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PUBLIC_MAX_BODY_SIZE
        exempt = request.path_info.startswith(tuple(settings.PUBLIC_BODY_SIZE_EXEMPT_PREFIXES))
        if limit is not None and not exempt and content_length(request) > limit:
            message = gettext("The request body is too large: the limit is %(size)s KB.") % {
                "size": number_format(limit // 1024, force_grouping=True)
            }
            return error_response(request, 413, TOO_LARGE_TITLE, message)
        return self.get_response(request)


def content_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
