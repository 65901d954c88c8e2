"""The demo content and the development admin account."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from campaign_cms.demo import CAMPAIGN_SLUG
from campaign_cms.models import CampaignIndexPage, CampaignPage
from petitions.models import Petition

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "cy", "fr")
CONTENT_BLOCKS = {"heading", "paragraph", "image", "quote", "embed", "call_to_action"}


def test_load_demo_builds_a_campaign_site_using_every_content_block(client):
    call_command("load_demo", stdout=None)

    page = CampaignPage.objects.get(slug=CAMPAIGN_SLUG, locale__language_code="en")
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
        pages = CampaignPage.objects.order_by("pk")
        return Page.objects.count(), get_image_model().objects.count(), [len(page.body.raw_data) for page in pages]

    first = counts()
    call_command("load_demo")

    assert counts() == first
    assert sorted(CampaignIndexPage.objects.values_list("locale__language_code", flat=True)) == ["cy", "en", "fr"]
    assert all(client.get(page.url).status_code == 200 for page in CampaignPage.objects.all())


def test_load_demo_translates_the_campaign_into_welsh_and_french_with_one_petition(client):
    call_command("load_demo")
    english = CampaignPage.objects.get(locale__language_code="en")

    pages = {language: english.get_translation(Locale.objects.get(language_code=language)) for language in LANGUAGES}
    html = {language: client.get(page.url).content.decode() for language, page in pages.items()}

    assert pages["cy"].url == f"/cy/{CAMPAIGN_SLUG}/" and pages["fr"].url == f"/fr/{CAMPAIGN_SLUG}/"
    assert "Llofnodwch y ddeiseb" in html["cy"] and "Signez la pétition" in html["fr"]
    # The petition's own texts in each language, and one count.
    assert "Y Comisiynydd Heddlu a Throseddu" in html["cy"] and "onze enquêteurs" in html["fr"]
    count = Petition.objects.get().signature_count
    assert count < 1000 and all(f'class="petition-count-number">{count}<' in page for page in html.values())
    assert client.get("/cy/").status_code == client.get("/fr/").status_code == 200
    petitions = {
        language: [b.value["petition"].pk for b in page.body if b.block_type == "petition"]
        for language, page in pages.items()
    }
    assert petitions["en"] == petitions["cy"] == petitions["fr"]
    # Each translation has its own discussion, in its language.
    assert "Claire Moreau" in html["fr"] and "Claire Moreau" not in html["en"] and "Siân Roberts" in html["cy"]


def test_dev_admin_is_created_once_and_only_in_debug(settings):
    settings.DEBUG = True
    call_command("ensure_dev_admin")
    call_command("ensure_dev_admin")
    admin = get_user_model().objects.get()
    assert admin.username == "admin" and admin.is_superuser and admin.check_password("admin")

    settings.DEBUG = False
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("ensure_dev_admin")
