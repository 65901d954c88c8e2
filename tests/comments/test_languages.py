"""A discussion in every language a campaign speaks: each translation of a page has its own comments, e-mails about a
comment speak its page's language, and the JSON endpoint answers in the reader's."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from comments.models import Comment

from .helpers import comment_ids

LIST = "/api/v2/comments/"


@pytest.fixture
def locales(db, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "cy", "fr")}


@pytest.fixture
def translate(locales):
    """Publish a translation of `page` into `language` (its parents are copied too), as Wagtail's Translate does."""

    def copy(page, language):
        translation_page = page.copy_for_translation(locales[language], copy_parents=True)
        translation_page.title = {"fr": "Signez ma pétition", "cy": "Llofnodwch fy neiseb"}[language]
        translation_page.save_revision().publish()
        translation_page.refresh_from_db()
        return translation_page.specific

    return copy


@pytest.fixture
def french_page(page, translate):
    return translate(page, "fr")


def view(client, page, **params):
    """The page as a visitor in the page's language gets it (the active language finds the page's tree where URLs
    carry no language prefix)."""
    with translation.override(page.locale.language_code):
        return client.get(page.url, params)


def test_a_translation_starts_with_no_comments_and_its_own_count(client, page, add_comment, french_page):
    english = add_comment(body="In English")
    add_comment(english, body="A reply in English")

    html = view(client, french_page).text
    assert comment_ids(html) == [] and "In English" not in html

    french = add_comment(on=french_page, body="En français")
    html = view(client, french_page).text
    assert comment_ids(html) == [french.pk] and "In English" not in html
    english_html = view(client, page).text
    assert comment_ids(english_html) == [english.pk, english.pk + 1] and "En français" not in english_html
    assert "2 thoughts on" in english_html

    assert client.get(LIST, {"page_id": french_page.pk}).json()["meta"]["comment_count"] == 1
    assert [item["id"] for item in client.get(LIST, {"page_id": french_page.pk}).json()["items"]] == [french.pk]
    assert client.get(LIST, {"page_id": page.pk}).json()["meta"]["comment_count"] == 2


def test_a_translation_keeps_the_discussion_settings_of_its_comments_block(
    client, make_discussion_page, translate, api_post
):
    closed = make_discussion_page(title="Closed", open=False, max_depth=2, order="newest")
    french_closed = translate(closed, "fr")
    meta = client.get(LIST, {"page_id": french_closed.pk}).json()["meta"]
    assert (meta["open"], meta["max_depth"], meta["order"]) == (False, 2, "newest")
    assert api_post({"page_id": french_closed.pk}).status_code == 403
