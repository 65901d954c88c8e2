"""The petitions app's HTML URLs; a site mounts them at /petitions/ (the JSON endpoints live on the API router)."""

from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("<int:pk>/", views.petition_page, name="petition"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/embed/", views.embed, name="embed"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
