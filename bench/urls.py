"""The site's URLs with the baseline view in front (before Wagtail's catch-all)."""

from django.urls import path

from campaign_cms.urls import urlpatterns as site_urlpatterns

from .baseline import BASELINE_PATH, insert_row

urlpatterns = [path(BASELINE_PATH.lstrip("/"), insert_row, name="bench-baseline"), *site_urlpatterns]
