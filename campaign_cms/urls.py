from django.conf import settings
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
    path("petitions/", include("petitions.urls")),
    path("comments/", include("comments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage is answered 503 rather than 500 (campaign_cms/errors.py).
handler500 = "campaign_cms.errors.server_error"

# Wagtail serves every other path from the page tree; this must stay last.
urlpatterns += [path("", include(wagtail_urls))]
