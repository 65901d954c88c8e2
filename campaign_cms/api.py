"""The single API router: Wagtail's endpoints (and, as the apps arrive, ours) under /api/v2/."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from comments.api import CommentsAPIViewSet
from petitions.api import PetitionsAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
api_router.register_endpoint("petitions", PetitionsAPIViewSet)
api_router.register_endpoint("comments", CommentsAPIViewSet)
