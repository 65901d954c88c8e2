"""The host project in three languages (issue 18 item 3): Wagtail's localisation with English unprefixed and Welsh
and French under /cy/ and /fr/, editors translating pages in the admin, a language switcher, and the pages API's
locales."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from campaign_cms.models import CampaignPage
from petitions.models import Petition, PetitionCounter, PetitionTranslation

pytestmark = pytest.mark.django_db


def switcher_links(html):
    """(href, hreflang, lang, text) of each link in the language switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    if nav is None:
        return []
    return re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="(\w+)" rel="alternate">([^<]+)</a>', nav.group())


def test_each_translation_is_served_under_its_language_and_links_the_others(client, make_campaign_page, translate):
    english = make_campaign_page(title="Save the unit")
    french, welsh = translate(english, "fr"), translate(english, "cy")

    assert english.url == "/campaigns/save-the-unit/"
    assert french.url == "/fr/campaigns/save-the-unit/" and welsh.url == "/cy/campaigns/save-the-unit/"
    pages = {language: client.get(page.url) for language, page in [("en", english), ("fr", french), ("cy", welsh)]}
    for language, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200 and f'<html lang="{language}">' in html
        assert response["Content-Language"] == language
    assert sorted(switcher_links(pages["en"].content.decode())) == [
        ("/cy/campaigns/save-the-unit/", "cy", "cy", "Cymraeg"),
        ("/fr/campaigns/save-the-unit/", "fr", "fr", "français"),
    ]
    assert sorted(link[1] for link in switcher_links(pages["fr"].content.decode())) == ["cy", "en"]
    # The site's name leads home in the page's language.
    assert 'class="site-name" href="/fr/"' in pages["fr"].content.decode()


def test_a_page_with_no_translation_has_no_switcher_and_a_draft_translation_is_not_linked(
    client, make_campaign_page, translate
):
    english = make_campaign_page()
    assert switcher_links(client.get(english.url).content.decode()) == []
    french = translate(english, "fr")
    french.unpublish()
    assert switcher_links(client.get(english.url).content.decode()) == []
    assert client.get("/fr/campaigns/save-the-unit/").status_code == 404


def test_an_editor_translates_the_site_in_the_admin(admin_client, home_page, make_campaign_page):
    english = make_campaign_page(
        title="Save the unit", body=[{"type": "paragraph", "value": "<p>The unit must stay open.</p>"}]
    )
    french_locale = Locale.objects.create(language_code="fr")

    # Wagtail's "Translate" action on the home page, with the pages below it.
    response = admin_client.post(
        reverse("simple_translation:submit_page_translation", args=[home_page.pk]),
        {"locales": [french_locale.pk], "include_subtree": "on"},
    )

    assert response.status_code == 302
    french = CampaignPage.objects.get(locale=french_locale)
    assert french.translation_key == english.translation_key
    assert french.body.raw_data[0]["value"] == "<p>The unit must stay open.</p>"
    # Copies are drafts for the editor to translate and publish.
    assert not french.live


def test_the_pages_api_lists_each_locale_and_a_pages_translations(client, make_campaign_page, translate):
    english = make_campaign_page(title="Save the unit")
    french = translate(english, "fr")
    french.title = "Sauvez l'unité"
    french.save_revision().publish()

    in_french = client.get("/api/v2/pages/", {"type": "campaign_cms.CampaignPage", "locale": "fr"}).json()
    translations = client.get("/api/v2/pages/", {"translation_of": english.pk, "fields": "title"}).json()
    detail = client.get(f"/api/v2/pages/{french.pk}/").json()

    assert [page["title"] for page in in_french["items"]] == ["Sauvez l'unité"]
    assert [page["meta"]["locale"] for page in translations["items"]] == ["fr"]
    assert detail["meta"]["locale"] == "fr" and detail["meta"]["html_url"].endswith("/fr/campaigns/save-the-unit/")


def test_the_pages_api_gives_a_translations_blocks_in_its_language_with_the_shared_count(
    client, make_campaign_page, translate
):
    petition = Petition.objects.create(title="Keep the unit open", target="The commissioner", ask="Keep it.")
    PetitionTranslation.objects.create(petition=petition, language="fr", title="Gardez l'unité ouverte")
    PetitionCounter.objects.add(petition.pk, 7)
    english = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])
    french = translate(english, "fr")

    def petition_block(page, language):
        body = client.get(f"/api/v2/pages/{page.pk}/", HTTP_ACCEPT_LANGUAGE=language).json()["body"]
        return next(block["value"] for block in body if block["type"] == "petition")

    # Whatever language the request asks for, a page's blocks are in the page's.
    in_french, in_english = petition_block(french, "en"), petition_block(english, "fr")
    assert in_french["petition"]["title"] == in_french["heading"] == "Gardez l'unité ouverte"
    assert in_french["button_label"] == "Signer la pétition"
    assert in_english["petition"]["title"] == "Keep the unit open" and in_english["button_label"] == "Sign the petition"
    assert in_french["petition"]["signature_count"] == in_english["petition"]["signature_count"] == 7
