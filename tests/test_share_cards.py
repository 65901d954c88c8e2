"""Issue 20 item 4: Open Graph and Twitter card metadata on campaign pages and petitions, with a canonical link."""

import html as html_module
import re

import pytest
from django.test import Client
from wagtail.images.models import Rendition
from wagtail.test.utils.wagtail_factories import ImageFactory

from petitions.models import Petition, PetitionTranslation

SITE = "http://localhost"  # the default Site that Wagtail's migrations create


def meta(html):
    """{property or name: [content, ...]} of the page's <meta> tags."""
    found = {}
    for key, content in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html):
        found.setdefault(key, []).append(html_module.unescape(content))
    return found


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]


@pytest.fixture
def share_image(db):
    return ImageFactory(title="Share image", file__width=2400, file__height=1600)


def test_an_english_page_has_its_card_with_a_1200_by_630_rendition(make_campaign_page, share_image, image, translate):
    page = make_campaign_page(
        seo_title="Keep the unit open", search_description="Sign before Friday.", share_image=share_image
    )
    page.hero_image = image
    page.save_revision().publish()
    translate(page, "fr")

    response = Client().get(page.url)
    tags = meta(response.content.decode())

    rendition = Rendition.objects.get(image=share_image, filter_spec="fill-1200x630")
    assert (rendition.width, rendition.height) == (1200, 630)
    assert tags["og:image"] == [f"{SITE}{rendition.url}"]
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["630"]
    assert tags["og:title"] == ["Keep the unit open"] and tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:description"] == ["Sign before Friday."]
    assert tags["og:url"] == [f"{SITE}{page.url}"] == [canonical(response.content.decode())]
    assert tags["og:locale"] == ["en_GB"] and tags["og:locale:alternate"] == ["fr_FR"]
    assert tags["og:type"] == ["article"]


def test_a_french_page_has_its_own_url_and_locale(make_campaign_page, translate):
    french = translate(make_campaign_page(), "fr")
    french.title = "Sauvez l'unité"
    french.intro = "Aidez-nous."
    french.save_revision().publish()

    html = Client().get(french.url).content.decode()
    tags = meta(html)

    assert french.url.startswith("/fr/")
    assert tags["og:url"] == [f"{SITE}{french.url}"] == [canonical(html)]
    assert tags["og:locale"] == ["fr_FR"] and tags["og:locale:alternate"] == ["en_GB"]
    assert tags["og:title"] == ["Sauvez l'unité"] and tags["og:description"] == ["Aidez-nous."]


def test_without_a_share_image_the_hero_image_is_shared(make_campaign_page, image):
    page = make_campaign_page(hero_image=image)

    tags = meta(Client().get(page.url).content.decode())

    rendition = Rendition.objects.get(image=image, filter_spec="fill-1200x630")
    assert tags["og:image"] == [f"{SITE}{rendition.url}"]


def test_without_any_image_or_description_the_card_is_small_and_says_the_intro(make_campaign_page):
    page = make_campaign_page(intro="Help us keep the unit open.")

    tags = meta(Client().get(page.url).content.decode())

    assert "og:image" not in tags and tags["twitter:card"] == ["summary"]
    assert tags["og:title"] == ["Save the unit"] and tags["og:description"] == ["Help us keep the unit open."]
    assert "og:locale:alternate" not in tags


def test_the_petition_page_has_a_card_in_each_language(db, share_image):
    petition = Petition.objects.create(
        title="Keep the unit open", target="The Commissioner", ask="Keep it open.", share_image=share_image
    )
    PetitionTranslation.objects.create(petition=petition, language="fr", title="Gardez l'unité", ask="Gardez-la.")

    english = meta(Client().get(f"/petitions/{petition.pk}/").content.decode())
    french_html = Client().get(f"/fr/petitions/{petition.pk}/").content.decode()
    french = meta(french_html)

    rendition = Rendition.objects.get(image=share_image, filter_spec="fill-1200x630")
    assert english["og:title"] == ["Keep the unit open"] and english["og:description"] == ["Keep it open."]
    assert english["og:url"] == [f"{SITE}/petitions/{petition.pk}/"] and english["og:locale"] == ["en_GB"]
    assert english["og:image"] == [f"{SITE}{rendition.url}"]
    assert french["og:title"] == ["Gardez l'unité"] and french["og:locale"] == ["fr_FR"]
    assert french["og:url"] == [f"{SITE}/fr/petitions/{petition.pk}/"] == [canonical(french_html)]
    assert french["og:locale:alternate"] == ["en_GB"]


def test_pages_with_cards_stay_cacheable(make_campaign_page, share_image):
    page = make_campaign_page(share_image=share_image)

    response = Client().get(page.url)

    assert "og:image" in response.content.decode()
    assert not response.cookies and "public" in response["Cache-Control"]
    assert "cookie" not in response.get("Vary", "").lower()
