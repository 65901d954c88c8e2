"""Previews of draft pages on an external frontend (wagtail-headless-preview), when HEADLESS_PREVIEW_URL is set.

Preview in the admin then stores the draft under a signed token and shows the frontend, in the preview panel, at
`HEADLESS_PREVIEW_URL?content_type=campaign_cms.campaignpage&token=<token>`. The frontend fetches the draft from
`GET /api/v2/page_preview/?content_type=...&token=...`, which answers in the shape of `GET /api/v2/pages/<id>/`
(`id` is 0 for a page never saved; see campaign_cms/preview_api.py). Without the variable, Wagtail previews pages
with the site's own templates.
"""

from urllib.parse import urlsplit

from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_headless_preview.settings import headless_preview_settings


def headless_preview_enabled():
    return bool(headless_preview_settings.CLIENT_URLS)


def origin_of(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PreviewFramedByThisSite:
    """A page type whose preview the admin's preview panel may frame, whatever the site's Content-Security-Policy
    says of other pages (`frame-ancestors 'none'`): Wagtail renders previews through the site's middleware."""

    def serve_preview(self, request, preview_mode):
        response = super().serve_preview(request, preview_mode)
        # django-csp's per-response override (where the site runs django-csp).
        response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response


class HeadlessPreviewWhenConfigured(HeadlessPreviewMixin, PreviewFramedByThisSite):
    """A page type whose preview shows the external frontend when one is configured, and the page itself if not;
    either way the admin may frame it."""

    def serve_preview(self, request, preview_mode):
        if not headless_preview_enabled():
            # Skip the headless mixin: Wagtail's own preview, framed by the admin.
            return super(HeadlessPreviewMixin, self).serve_preview(request, preview_mode)
        # A page holding only the frontend's iframe (campaign_cms/templates/wagtail_headless_preview/preview.html).
        response = super().serve_preview(request, preview_mode)
        frontend = origin_of(self.get_client_root_url(request))
        response["Content-Security-Policy"] = (
            f"default-src 'none'; style-src 'self'; frame-src {frontend}; frame-ancestors 'self'"
        )
        return response
