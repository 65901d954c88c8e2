"""The comments app's HTML views, mounted at /comments/ by the host project."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/", views.post, name="post"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
