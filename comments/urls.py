"""The comments app's HTML views and its script's catalogue of words, mounted at /comments/ by the host project."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from campaign_common.shared_cache import shareable

from . import views

app_name = "comments"

urlpatterns = [
    path("post/", views.post, name="post"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # comments.js reads its words through gettext() from this catalogue, in the request's language; every cached page
    # with a discussion loads it, so a shared cache keeps it too.
    path("jsi18n/", shareable(JavaScriptCatalog.as_view(packages=["comments"])), name="jsi18n"),
]
