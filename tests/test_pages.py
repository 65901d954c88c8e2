"""Campaign pages: what visitors see, and what editors do in the Wagtail admin."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from campaign_cms.models import CampaignPage

pytestmark = pytest.mark.django_db


def test_index_lists_live_campaigns_newest_first(client, campaign_index, make_campaign_page):
    make_campaign_page(title="Older campaign", date=datetime.date(2026, 1, 5))
    make_campaign_page(title="Newer campaign", date=datetime.date(2026, 6, 1))
    draft = CampaignPage(title="Secret draft", intro="Not yet", live=False)
    campaign_index.add_child(instance=draft)

    html = client.get(campaign_index.url).content.decode()

    assert html.index("Newer campaign") < html.index("Older campaign")
    assert "Secret draft" not in html


def test_index_paginates_and_survives_a_bad_page_number(client, campaign_index, make_campaign_page):
    campaign_index.campaigns_per_page = 2
    campaign_index.save_revision().publish()
    for day in range(1, 6):
        make_campaign_page(title=f"Campaign {day}", date=datetime.date(2026, 3, day))

    first = client.get(campaign_index.url).content.decode()
    last = client.get(campaign_index.url, {"page": 3}).content.decode()
    beyond = client.get(campaign_index.url, {"page": 99}).content.decode()
    nonsense = client.get(campaign_index.url, {"page": "x"})

    assert "Campaign 5" in first and "Campaign 3" not in first and "Page 1 of 3" in first
    assert "Campaign 1" in last and 'rel="prev"' in last
    assert "Page 3 of 3" in beyond
    assert nonsense.status_code == 200


def test_empty_index_says_so(client, campaign_index):
    assert "No campaigns have been published yet." in client.get(campaign_index.url).content.decode()


def test_campaign_page_shows_title_intro_date_and_hero(client, make_campaign_page, image):
    page = make_campaign_page(
        title="Keep the unit",
        intro="It protects people.",
        date=datetime.date(2026, 2, 3),
        hero_image=image,
        hero_image_alt="Detectives at work",
    )

    html = client.get(page.url).content.decode()

    assert "<h1>Keep the unit</h1>" in html
    assert "It protects people." in html
    assert '<time datetime="2026-02-03">3 February 2026</time>' in html
    assert 'alt="Detectives at work"' in html
    assert "campaign.css" in html


def page_form(**overrides):
    data = {
        "title": "Keep the unit open",
        "slug": "keep-the-unit-open",
        "intro": "The commissioner wants to close it.",
        "hero_image": "",
        "hero_image_alt": "",
        "date": "2026-11-01",
        "body": streamfield(
            [
                ("heading", {"text": "The facts", "level": "h2"}),
                ("paragraph", rich_text("<p>Forty-three people were helped last year.</p>")),
                ("quote", {"text": "Keep it.", "attribution": "A nurse"}),
                ("call_to_action", {"label": "Write to us", "page": "", "link_url": "https://example.org/"}),
            ]
        ),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_and_publishes_a_campaign_page_in_the_admin(admin_client, client, campaign_index):
    add_url = reverse("wagtailadmin_pages:add", args=("campaign_cms", "campaignpage", campaign_index.pk))

    assert admin_client.get(add_url).status_code == 200
    response = admin_client.post(add_url, page_form())

    assert response.status_code == 302
    page = CampaignPage.objects.get(slug="keep-the-unit-open")
    assert page.live
    assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote", "call_to_action"]
    html = client.get(page.url).content.decode()
    assert "Forty-three people were helped last year." in html
    assert '<a class="button" href="https://example.org/">Write to us</a>' in html


def test_editor_who_leaves_a_required_field_empty_sees_the_error_inline(admin_client, campaign_index):
    add_url = reverse("wagtailadmin_pages:add", args=("campaign_cms", "campaignpage", campaign_index.pk))

    response = admin_client.post(add_url, page_form(intro=""))

    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in response.content.decode()
    assert response.context["form"].errors["intro"] == ["This field is required."]
    assert not CampaignPage.objects.exists()


def test_editor_sees_the_error_of_a_call_to_action_without_a_target(admin_client, campaign_index):
    add_url = reverse("wagtailadmin_pages:add", args=("campaign_cms", "campaignpage", campaign_index.pk))
    body = streamfield([("call_to_action", {"label": "Go", "page": "", "link_url": ""})])

    response = admin_client.post(add_url, page_form(body=body))

    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not CampaignPage.objects.exists()


def test_campaign_pages_can_only_be_added_under_a_campaign_index(admin_client, home_page):
    add_url = reverse("wagtailadmin_pages:add", args=("campaign_cms", "campaignpage", home_page.pk))

    response = admin_client.post(add_url, page_form())

    # Wagtail refuses with a "permission denied" redirect to the dashboard.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert not CampaignPage.objects.exists()


def test_every_page_links_a_favicon_that_is_served(client, campaign_index, rf):
    """Issue 16 item 23: browsers asked for /favicon.ico on every page and logged a 404."""
    from django.conf import settings
    from django.contrib.staticfiles.views import serve

    html = client.get(campaign_index.url).content.decode()
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)

    assert href.startswith(settings.STATIC_URL)
    response = serve(rf.get(href), href.removeprefix(settings.STATIC_URL), insecure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_a_campaign_without_a_hero_image_takes_the_full_width(client, campaign_index, make_campaign_page, image):
    """Issue 16 item 16: the card's two columns (picture, text) apply only to a card with a picture; without one
    the text was squeezed into the picture's 16rem column on desktop."""
    from django.contrib.staticfiles import finders

    make_campaign_page(title="With a picture", hero_image=image, hero_image_alt="A street")
    make_campaign_page(title="Words only")
    html = client.get(campaign_index.url).content.decode()
    cards = re.findall(r'<li class="([^"]*)">\s*(?:<img[^>]*>\s*)?<div>\s*<h2><a[^>]*>([^<]+)</a>', html)
    css = Path(finders.find("campaign_cms/css/campaign.css")).read_text()
    two_columns = re.findall(r"([^{}]+)\{[^{}]*grid-template-columns: 16rem 1fr", css)

    assert {title: classes.split() for classes, title in cards} == {
        "With a picture": ["campaign-card", "campaign-card--image"],
        "Words only": ["campaign-card"],
    }
    assert [selector.strip() for selector in two_columns] == [".campaign-card--image"]
