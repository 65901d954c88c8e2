"""The petitions app's HTML URLs; a site mounts them at /petitions/ (the JSON endpoints live on the API router)."""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from campaign_common.shared_cache import shareable

from . import views

app_name = "petitions"

urlpatterns = [
    path("<int:pk>/", views.petition_page, name="petition"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/embed/", views.embed, name="embed"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    # The translations of the app's JavaScript (embed.js), loaded before it as a script of its own (no inline script);
    # every cached page with a petition loads it, so a shared cache keeps it too.
    path("jsi18n/", shareable(JavaScriptCatalog.as_view(packages=["petitions"])), name="jsi18n"),
]
