from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import openapi
from .api import api_not_found, api_router
from .health import health_check

urlpatterns = [
    path("healthz/", health_check, name="health_check"),
    # First, as paths are tried in order: the API answers the most requests (signing above all).
    path("api/v2/", api_router.urls),
    path("api/v2/", include(openapi.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    re_path(r"^api/", api_not_found),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage is answered 503 rather than 500 (campaign_cms/errors.py).
handler500 = "campaign_cms.errors.server_error"

# What visitors read, in their language: English without a prefix, Welsh under /cy/ and French under /fr/. The
# default language keeps its paths, and LocaleMiddleware then has no missing prefix to redirect: with Wagtail's
# catch-all below, it would turn every 404 outside these patterns (the API's too) into a redirect. The signing and
# comment forms post in the page's own language, and the links in e-mails carry the signer's. Wagtail serves every
# other path from the page tree of that language; this must stay last.
urlpatterns += i18n_patterns(
    path("petitions/", include("petitions.urls")),
    path("comments/", include("comments.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
