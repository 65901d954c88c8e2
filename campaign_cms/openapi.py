"""The OpenAPI 3.1 document of our JSON endpoints (petitions, signatures, comments) at /api/v2/schema/, and a page to
browse and try it at /api/v2/docs/ (Swagger UI from drf-spectacular-sidecar's static files: no CDN, no inline script).

drf-spectacular builds the document from the endpoints' own annotations (petitions/openapi.py, comments/openapi.py);
the hooks here leave out Wagtail's pages, images and documents endpoints, which share the router and are documented by
Wagtail, and add the caching headers that campaign_cms.api_caching puts on GET answers.
"""

import re

from django.conf import settings
from django.urls import path, resolve
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from comments.api import CommentsAPIViewSet
from petitions.api import PetitionsAPIViewSet

DOCUMENTED_VIEWSETS = (PetitionsAPIViewSet, CommentsAPIViewSet)

CACHE_HEADERS = {
    "Cache-Control": _("How long the answer may be reused, e.g. `public, max-age=5`."),
    "ETag": _("Send it back as If-None-Match to get 304 Not Modified while the answer is unchanged."),
    "Last-Modified": _("Send it back as If-Modified-Since to get 304 Not Modified while the answer is unchanged."),
}


def only_campaign_endpoints(endpoints, **kwargs):
    """Preprocessing hook: keep the endpoints of our own viewsets."""
    return [endpoint for endpoint in endpoints if issubclass(getattr(endpoint[3], "cls", type), DOCUMENTED_VIEWSETS)]


def add_caching_headers(result, generator, request, public):
    """Postprocessing hook: the GET operations that campaign_cms.api_caching caches answer with caching headers, or
    304. It decides by URL namespace, as the middleware does."""
    cached = getattr(settings, "API_CACHE_SECONDS", {})
    for path_pattern, operations in result["paths"].items():
        example_path = re.sub(r"{\w+}", "1", path_pattern)
        if "get" not in operations or resolve(example_path).namespace not in cached:
            continue
        responses = operations["get"]["responses"]
        responses["200"]["headers"] = {
            # str(): plain strings in the language of this request (`?lang=`), as the YAML renderer needs.
            name: {"schema": {"type": "string"}, "description": str(description), "required": True}
            for name, description in CACHE_HEADERS.items()
        }
        responses["304"] = {
            "description": gettext("Unchanged since the ETag or date the request sent: reuse your copy.")
        }
    return result


def nullable_as_type(result, **kwargs):
    """Postprocessing hook: OpenAPI 3.1 says `"type": ["string", "null"]` where 3.0 said `"nullable": true`, which
    drf-spectacular 0.30 still writes for properties it reads from type hints (the TypedDicts in petitions)."""

    def fix(node):
        if isinstance(node, dict):
            if node.get("nullable") is True and isinstance(node.get("type"), str):
                del node["nullable"]
                node["type"] = [node["type"], "null"]
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(result)
    return result


urlpatterns = [
    path("schema/", SpectacularJSONAPIView.as_view(), name="openapi-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="openapi-schema", template_name="campaign_cms/api_docs.html"),
        name="openapi-docs",
    ),
]
