"""A petition in every language (issue 18 items 3-5): its texts per language with the default language's as
fallback, one count for all, signers answered in the language they signed in, and the JSON endpoints in the requested
language. URLs are reversed in the language under test, so the tests hold with and without language-prefixed URLs."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from blocks.petition import PetitionBlock
from petitions.models import Petition, PetitionCounter, PetitionTranslation, Signature

from .admin_forms import petition_form
from .conftest import form_data

PETITION_ADMIN = "/admin/petitions/petition/"
FRENCH = {
    "title": "Gardez l'unité ouverte",
    "target": "Le commissaire de police",
    "ask": "Gardez ouverte l'unité contre la traite.",
    "consent_text": "Tenez-moi informé par e-mail.",
    "privacy_notice": "Nous n'affichons jamais votre adresse.",
    "thank_you_text": "Merci ! Partagez la pétition.",
}
# As HTML shows them.
FRENCH_HTML = {field: escape(text) for field, text in FRENCH.items()}
WELSH_TITLE = "Cadwch yr uned ar agor"


@pytest.fixture
def translated(petition):
    """The petition in French (every text) and in Welsh (its title only)."""
    PetitionTranslation.objects.create(petition=petition, language="fr", **FRENCH)
    PetitionTranslation.objects.create(petition=petition, language="cy", title=WELSH_TITLE)
    return petition


def in_language(language, name, *args, **kwargs):
    with translation.override(language):
        return reverse(name, args=args, kwargs=kwargs)


def render_block(petition, language, **value):
    """The petition block as a page in `language` renders it: the petition from the block's chooser (the cache)."""
    block = PetitionBlock()
    with translation.override(language):
        (struct,) = block.bulk_to_python([{"petition": petition.pk, "show_progress": True, **value}])
        return block.render(struct, context={"request": RequestFactory().get("/")})


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


# Texts per language


def test_a_petition_in_a_language_has_that_languages_texts_and_its_own_where_none_is_given(translated):
    french, welsh, english = (translated.in_language(language) for language in ("fr", "cy", "en"))

    assert {field: getattr(french, field) for field in FRENCH} == FRENCH
    assert welsh.title == WELSH_TITLE and welsh.ask == translated.ask and welsh.target == translated.target
    assert english.title == translated.title
    with translation.override("fr"):
        assert translated.in_language().title == FRENCH["title"]
    assert french.in_language("cy").ask == translated.ask and french.in_language("en").title == translated.title


def test_a_petition_shown_in_a_language_cannot_be_saved_over_its_own_texts(translated):
    with pytest.raises(TypeError):
        translated.in_language("fr").save()

    translated.refresh_from_db()
    assert translated.title == "Keep the unit open"


@pytest.mark.parametrize("language", ["en", "de", ""])
def test_a_translation_is_into_one_of_the_sites_other_languages(petition, language):
    with pytest.raises(ValidationError) as error:
        PetitionTranslation(petition=petition, language=language, title="Titel").full_clean()

    assert "language" in error.value.message_dict


def test_a_petition_has_one_translation_per_language(translated):
    with pytest.raises(ValidationError):
        PetitionTranslation(petition=translated, language="fr", title="Encore").full_clean()


# The admin


def test_editors_give_a_petitions_texts_per_language_when_creating_it(admin_client):
    form = admin_client.get(PETITION_ADMIN + "create/").text
    assert "Translations" in form and 'name="translations-TOTAL_FORMS"' in form
    assert '<option value="cy">' in form and '<option value="fr">' in form and '<option value="en">' not in form

    data = nested_form_data(
        petition_form(translations=inline_formset([{"language": "fr", "title": "Nouvelle", "ask": "S'il vous plaît."}]))
    )
    response = admin_client.post(PETITION_ADMIN + "create/", data)

    assert response.status_code == 302
    petition = Petition.objects.get(title="New one")
    assert petition.in_language("fr").title == "Nouvelle" and petition.in_language("fr").target == "The Mayor"


def test_the_admin_refuses_two_translations_into_one_language(admin_client):
    translations = inline_formset([{"language": "fr", "title": "Une"}, {"language": "fr", "title": "Deux"}])

    response = admin_client.post(PETITION_ADMIN + "create/", nested_form_data(petition_form(translations=translations)))

    assert response.status_code == 200 and not Petition.objects.filter(title="New one").exists()


def test_changing_only_a_translation_in_the_admin_shows_at_once(admin_client, translated):
    assert render_block(translated, "fr").count(FRENCH_HTML["consent_text"]) == 1  # petition and form fields cached now
    edit_url = f"{PETITION_ADMIN}edit/{translated.pk}/"
    assert FRENCH_HTML["title"] in admin_client.get(edit_url).text
    french, welsh = translated.translations.order_by("language").reverse()

    fields = {field: getattr(translated, field) for field in ("title", "target", "ask", "goal", "consent_text")}
    unchanged = {**fields, "privacy_notice": translated.privacy_notice, "thank_you_text": translated.thank_you_text}
    changed = {**FRENCH, "id": french.pk, "language": "fr", "consent_text": "Écrivez-moi."}
    kept = {"id": welsh.pk, "language": "cy", "title": WELSH_TITLE}
    data = nested_form_data(
        {
            **petition_form(**unchanged, country_field="optional", comment_field="optional", postcode_field="optional"),
            "translations": inline_formset([changed, kept], initial=2),
        }
    )
    assert admin_client.post(edit_url, data).status_code == 302

    html = render_block(translated, "fr")
    assert "Écrivez-moi." in html and FRENCH_HTML["consent_text"] not in html


def test_a_translation_saved_on_its_own_shows_at_once(translated):
    render_block(translated, "fr")  # petition and form fields cached now

    french = translated.translations.get(language="fr")
    french.consent_text = "Écrivez-moi."
    french.save()

    assert "Écrivez-moi." in render_block(translated, "fr")


# One petition, one count, every language


def test_the_block_shows_the_petition_in_the_active_language_with_one_count_for_all(client, translated):
    with translation.override("fr"):
        response = client.post(in_language("fr", "petitions:sign", translated.pk), form_data())
    assert response.status_code == 302
    PetitionCounter.objects.add(translated.pk, 41)
    cache.clear()  # the count is cached for PETITIONS_COUNT_CACHE_SECONDS

    pages = {language: render_block(translated, language) for language in ("en", "cy", "fr")}

    for html in pages.values():
        assert '<strong class="petition-count-number">41</strong>' in html
    for field in ("title", "ask", "privacy_notice", "consent_text"):
        assert FRENCH_HTML[field] in pages["fr"]
    assert "Keep the unit open" not in pages["fr"]
    assert WELSH_TITLE in pages["cy"] and translated.ask in pages["cy"]  # the ask falls back to the default language
    assert "Keep the unit open</h2>" in pages["en"] and FRENCH_HTML["ask"] not in pages["en"]


def test_a_page_heading_set_on_the_block_is_kept_in_every_language(translated):
    assert "Add your name</h2>" in render_block(translated, "fr", heading="Add your name")


@pytest.mark.parametrize("language", ["cy", "fr"])
def test_showing_a_translated_petition_asks_the_database_nothing_once_it_is_cached(translated, language):
    render_block(translated, "en")  # the petition and its translations are cached now

    with CaptureQueriesContext(connection) as queries:
        html = render_block(translated, language)

    assert (FRENCH_HTML["title"] if language == "fr" else WELSH_TITLE) in html
    assert not [query for query in queries if "petitions_petition" in query["sql"]]


def test_the_embed_shows_the_petition_in_the_active_language(client, translated):
    with translation.override("fr"):
        html = client.get(in_language("fr", "petitions:embed", translated.pk), HTTP_ACCEPT_LANGUAGE="fr").text

    assert f"<title>{FRENCH_HTML['title']}</title>" in html and FRENCH_HTML["ask"] in html


def test_the_embed_signs_in_the_language_it_shows(client, translated):
    with translation.override("fr"):
        html = client.get(in_language("fr", "petitions:embed", translated.pk), HTTP_ACCEPT_LANGUAGE="fr").text
    script = Path(finders.find("petitions/js/embed.js")).read_text()

    # Its script signs through the JSON endpoint, asking for the language of the page (the browser's may differ).
    assert '<html lang="fr">' in html and '"Accept-Language": document.documentElement.lang' in script


def test_the_petition_page_shows_the_petition_in_the_active_language(client, translated):
    with translation.override("fr"):
        html = client.get(in_language("fr", "petitions:petition", translated.pk), HTTP_ACCEPT_LANGUAGE="fr").text

    assert FRENCH_HTML["ask"] in html and FRENCH_HTML["target"] in html


# Signers answered in their language


def sign_in(client, language, petition, **fields):
    with translation.override(language):
        return client.post(
            in_language(language, "petitions:sign", petition.pk),
            form_data(**fields),
            HTTP_ACCEPT_LANGUAGE=language,
            follow=True,
        )


def test_a_signature_keeps_the_language_it_was_signed_in(client, translated, outbox):
    sign_in(client, "fr", translated)
    post_json(
        client,
        reverse("wagtailapi:petitions:sign", args=[translated.pk]),
        {"name": "Bryn", "email": "bryn@example.org"},
        HTTP_ACCEPT_LANGUAGE="cy",
    )
    sign_in(client, "en", translated, email="eve@example.org")

    languages = dict(Signature.objects.values_list("email", "language"))
    assert languages == {"ada@example.org": "fr", "bryn@example.org": "cy", "eve@example.org": "en"}


def confirmation_token(message):
    return re.search(r"/petitions/confirm/([^/\s]+)/", message.body)[1]


def test_the_confirmation_email_is_in_the_signers_language_with_a_link_in_it(client, translated, outbox):
    sign_in(client, "fr", translated)

    (message,) = outbox
    token = confirmation_token(message)
    link = "http://testserver" + in_language("fr", "petitions:confirm", token)
    html = message.alternatives[0][0]
    assert FRENCH["title"] in message.subject
    assert FRENCH["target"] in message.body and link in message.body
    assert 'lang="fr"' in html and FRENCH_HTML["target"] in html and link in html
    assert message.extra_headers["Content-Language"] == "fr"


def test_the_confirmation_subject_keeps_the_languages_no_break_spaces(client, translated, outbox):
    """French puts a no-break space before a colon, so that the colon never starts a line."""
    sign_in(client, "fr", translated)

    (message,) = outbox
    with translation.override("fr"):
        expected = translation.gettext("Please confirm your signature: %(title)s") % {"title": FRENCH["title"]}
    assert "\xa0:" in expected
    assert message.subject == expected


def test_the_confirmation_page_speaks_the_signers_language_whatever_its_address(client, translated, outbox):
    sign_in(client, "fr", translated)
    # The link opened without a language of its own, in a browser that prefers English.
    path = in_language("en", "petitions:confirm", confirmation_token(outbox[0]))

    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(path, HTTP_ACCEPT_LANGUAGE="en")
    confirmed = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert page["Content-Language"] == "fr" and '<html lang="fr">' in page.text and FRENCH_HTML["title"] in page.text
    assert response.status_code == 302
    assert response["Location"] == in_language("fr", "petitions:confirm", confirmation_token(outbox[0]))
    assert confirmed["Content-Language"] == "fr" and '<html lang="fr">' in confirmed.text
    assert FRENCH_HTML["thank_you_text"] in confirmed.text and Signature.objects.get().status == "confirmed"


def test_the_thank_you_state_shows_the_translated_thank_you_text(client, make_petition):
    petition = make_petition(requires_confirmation=False)
    PetitionTranslation.objects.create(petition=petition, language="fr", thank_you_text=FRENCH["thank_you_text"])

    html = sign_in(client, "fr", petition).text

    assert FRENCH_HTML["thank_you_text"] in html and petition.thank_you_text not in html


def test_exports_give_each_signers_language(admin_client, client, translated, outbox):
    sign_in(client, "fr", translated)

    content = b"".join(admin_client.get("/admin/petitions/signature/?export=csv").streaming_content)
    header, row = content.decode("utf-8-sig").splitlines()

    assert header.endswith(",Language") and row.endswith(",Français")


# The JSON endpoints


def test_bad_input_is_refused_in_the_requested_language_with_the_same_status(client, petition):
    url = reverse("wagtailapi:petitions:sign", args=[petition.pk])

    french = post_json(client, url, {"name": "Ada", "email": "pas une adresse"}, HTTP_ACCEPT_LANGUAGE="fr")
    english = post_json(client, url, {"name": "Ada", "email": "not an address"}, HTTP_ACCEPT_LANGUAGE="en")

    assert french.status_code == english.status_code == 400
    assert french["Content-Language"] == "fr" and "Accept-Language" in french["Vary"]
    assert french.json()["errors"]["email"] == ["Saisissez une adresse e-mail valide."]
    assert english.json()["errors"]["email"] == ["Enter a valid email address."]
    assert not Signature.objects.exists()


def test_the_api_gives_the_petition_in_the_requested_language_with_the_same_count(client, translated):
    PetitionCounter.objects.add(translated.pk, 5)
    detail = reverse("wagtailapi:petitions:detail", args=[translated.pk])

    french = client.get(detail, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").json()
    (listed,) = client.get(reverse("wagtailapi:petitions:listing"), HTTP_ACCEPT_LANGUAGE="cy").json()["items"]

    assert {field: french[field] for field in FRENCH} == FRENCH
    assert english["title"] == "Keep the unit open" and listed["title"] == WELSH_TITLE
    assert french["signature_count"] == english["signature_count"] == listed["signature_count"] == 5


def test_signing_by_api_without_confirmation_thanks_in_the_requested_language(client, make_petition):
    petition = make_petition(requires_confirmation=False)
    PetitionTranslation.objects.create(petition=petition, language="fr", thank_you_text=FRENCH["thank_you_text"])

    response = post_json(
        client,
        reverse("wagtailapi:petitions:sign", args=[petition.pk]),
        {"name": "Ada", "email": "ada@example.org"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 201 and response.json()["message"] == FRENCH["thank_you_text"]
    assert Signature.objects.get().language == "fr"


def test_the_blocks_api_representation_gives_the_petition_in_the_active_language(translated):
    block = PetitionBlock()
    with translation.override("fr"):
        (value,) = block.bulk_to_python([{"petition": translated.pk}])
        data = block.get_api_representation(value, context={"request": RequestFactory().get("/")})

    assert data["heading"] == FRENCH["title"] and data["petition"]["ask"] == FRENCH["ask"]
