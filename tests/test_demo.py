"""The demo content and the development admin account."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from campaign_cms.demo import CAMPAIGN_SLUG
from campaign_cms.models import CampaignIndexPage, CampaignPage

pytestmark = pytest.mark.django_db

CONTENT_BLOCKS = {"heading", "paragraph", "image", "quote", "embed", "call_to_action"}


def test_load_demo_builds_a_campaign_site_using_every_content_block(client):
    call_command("load_demo", stdout=None)

    page = CampaignPage.objects.get(slug=CAMPAIGN_SLUG)
    assert page.live
    assert {block.block_type for block in page.body} >= CONTENT_BLOCKS
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is CampaignIndexPage
    assert page.full_url == f"http://testserver/{CAMPAIGN_SLUG}/"  # the host of WAGTAILADMIN_BASE_URL
    home = client.get("/").content.decode()
    assert page.title in home
    html = client.get(page.url).content.decode()
    assert "anti-trafficking" in html and "openstreetmap.org/export/embed.html" in html


def test_load_demo_is_idempotent(client):
    call_command("load_demo")

    def counts():
        return Page.objects.count(), get_image_model().objects.count(), len(CampaignPage.objects.get().body.raw_data)

    first = counts()
    call_command("load_demo")

    assert counts() == first
    assert CampaignIndexPage.objects.count() == 1
    assert client.get(CampaignPage.objects.get().url).status_code == 200


def test_dev_admin_is_created_once_and_only_in_debug(settings):
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    call_command("ensure_dev_admin")
    admin = get_user_model().objects.get()
    assert admin.username == "admin" and admin.is_superuser and admin.check_password("admin")

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("ensure_dev_admin")
