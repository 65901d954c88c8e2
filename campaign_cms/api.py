"""The single API router: Wagtail's endpoints and ours under /api/v2/, and the JSON 404 for other paths under /api/."""

from django.http import JsonResponse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from comments.api import CommentsAPIViewSet
from petitions.api import PetitionsAPIViewSet

from .preview_api import PagePreviewAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
# Petitions first: a path is matched against the endpoints in this order, and signing is the busiest path.
api_router.register_endpoint("petitions", PetitionsAPIViewSet)
api_router.register_endpoint("comments", CommentsAPIViewSet)
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
# After "pages": the router links pages to the first endpoint serving their model.
api_router.register_endpoint("page_preview", PagePreviewAPIViewSet)


@csrf_exempt  # it changes nothing, and a POST to a wrong address deserves the same 404 as a GET
def api_not_found(request, *args, **kwargs):
    """Any path under /api/ that no endpoint serves: a JSON 404 in the shape of our endpoints' errors."""
    message = gettext("There is no API endpoint at this address. The endpoints are described at /api/v2/docs/.")
    return JsonResponse({"errors": {"__all__": [message]}}, status=404)
