"""`GET /api/v2/page_preview/?content_type=<app_label.model>&token=<token>`: the draft an editor is previewing on the
external frontend (campaign_cms/preview.py), in the shape of `GET /api/v2/pages/<id>/`.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.signing import BadSignature
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.response import Response
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale
from wagtail_headless_preview.models import HeadlessPreviewMixin, PagePreview

# A preview link works for a day; wagtail-headless-preview deletes older previews when the next one is made.
TOKEN_MAX_AGE = 24 * 60 * 60
EXPIRED = _("This preview has expired or does not exist. Preview the page again from the admin.")


class PreviewError(Exception):
    def __init__(self, field, message, status):
        super().__init__(message)
        self.response = Response({"errors": {field: [message]}}, status=status)


def previewed_page(content_type, token):
    """The draft stored under `token` for a page type `content_type` ("app_label.model") that has headless previews."""
    if not content_type:
        raise PreviewError("content_type", gettext("This field is required."), 400)
    if not token:
        raise PreviewError("token", gettext("This field is required."), 400)
    try:
        model = apps.get_model(content_type)
    except (LookupError, ValueError):
        model = None
    if model is None or not issubclass(model, HeadlessPreviewMixin):
        raise PreviewError("content_type", gettext("This page type has no headless preview."), 400)
    try:
        model.get_preview_signer().unsign(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:
        raise PreviewError("token", EXPIRED, 404) from None
    preview = PagePreview.objects.filter(content_type=ContentType.objects.get_for_model(model), token=token).first()
    if preview is None:
        raise PreviewError("token", EXPIRED, 404)
    page = preview.as_page()
    if page.pk is None:
        page.id = page.pk = 0  # a new page: the API's URLs and the comments block need an id
    if page.locale_id is None:
        # A new page's draft carries no locale; the API tells a page's (`meta.locale`).
        page.locale = Locale.get_active()
    return page


class PagePreviewAPIViewSet(PagesAPIViewSet):
    """`GET page_preview/?content_type=&token=`: the draft being previewed, as the pages endpoint shows a page."""

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["content_type", "token"])

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "detail_view"}), name="preview")]

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            query = self.request.GET
            self._cached_object = previewed_page(query.get("content_type", ""), query.get("token", ""))
        return self._cached_object

    def detail_view(self, request, pk=None):
        try:
            response = super().detail_view(request, pk)
        except PreviewError as error:
            response = error.response
        # A draft is for the editor who previews it: never kept by browsers or shared caches.
        response["Cache-Control"] = "private, no-store"
        return response
