"""A discussion in every language a campaign speaks: each translation of a page has its own comments, e-mails about a
comment speak its page's language, and the JSON endpoint answers in the reader's."""

import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from comments.models import BlockedTerm, Comment

from .helpers import comment_ids

LIST = "/api/v2/comments/"


@pytest.fixture
def french_page(page, translate):
    return translate(page, "fr")


def french(msgid):
    """`msgid` as the shipped French catalogue words it (which the tests do not repeat)."""
    with translation.override("fr"):
        words = gettext(msgid)
    assert words != msgid, f"no French for {msgid!r}: compile the catalogues (make install)"
    return words


def test_a_translation_starts_with_no_comments_and_its_own_count(client, page, add_comment, french_page):
    english = add_comment(body="In English")
    add_comment(english, body="A reply in English")

    html = client.get(french_page.url).text
    assert comment_ids(html) == [] and "In English" not in html

    in_french = add_comment(on=french_page, body="En français")
    html = client.get(french_page.url).text
    assert comment_ids(html) == [in_french.pk] and "In English" not in html
    english_html = client.get(page.url).text
    assert comment_ids(english_html) == [english.pk, english.pk + 1] and "En français" not in english_html
    assert "2 thoughts on" in english_html

    assert client.get(LIST, {"page_id": french_page.pk}).json()["meta"]["comment_count"] == 1
    assert [item["id"] for item in client.get(LIST, {"page_id": french_page.pk}).json()["items"]] == [in_french.pk]
    assert client.get(LIST, {"page_id": page.pk}).json()["meta"]["comment_count"] == 2


def test_a_translation_keeps_the_discussion_settings_of_its_comments_block(
    client, make_discussion_page, translate, api_post
):
    closed = make_discussion_page(title="Closed", open=False, max_depth=2, order="newest")
    french_closed = translate(closed, "fr")
    meta = client.get(LIST, {"page_id": french_closed.pk}).json()["meta"]
    assert (meta["open"], meta["max_depth"], meta["order"]) == (False, 2, "newest")
    assert api_post({"page_id": french_closed.pk}).status_code == 403


def test_reply_mail_speaks_the_language_of_the_page_with_links_in_it(add_comment, post_comment, french_page):
    parent = add_comment(on=french_page, author_email="ada@example.org", notify=True)
    # Posted from an English page view: the e-mail still follows the page.
    post_comment(to=french_page, parent=parent.pk, name="Eve", email="eve@example.org")
    [message] = mail.outbox
    reply = Comment.objects.get(author_name="Eve")
    assert message.extra_headers["Content-Language"] == "fr"
    subject = french("%(author)s replied to your comment on “%(title)s”") % {
        "author": "Eve",
        "title": french_page.title,
    }
    assert message.subject == subject
    assert f"{french_page.url}#comment-{reply.pk}" in message.body
    unsubscribe_path = message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    token = unsubscribe_path.rstrip("/").rsplit("/", 1)[1]
    with translation.override("fr"):
        assert unsubscribe_path == reverse("comments:unsubscribe", args=[token])
    assert unsubscribe_path in message.body


def test_the_unsubscribe_page_speaks_the_language_of_the_comments_page(client, add_comment, post_comment, french_page):
    parent = add_comment(on=french_page, author_email="ada@example.org", notify=True)
    post_comment(to=french_page, parent=parent.pk, email="eve@example.org")
    unsubscribe_path = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")
    token = unsubscribe_path.rstrip("/").rsplit("/", 1)[1]
    # The link as an English URL would have it: the page still speaks French.
    with translation.override("en"):
        english_path = reverse("comments:unsubscribe", args=[token])
    for response in (client.get(english_path), client.post(english_path)):
        assert response.status_code == 200
        assert response["Content-Language"] == "fr" and '<html lang="fr">' in response.text
        assert french("Stop reply e-mails") in response.text
    assert f'href="{french_page.url}#comments"' in response.text  # back to the French discussion


def test_the_edit_page_speaks_the_language_of_the_comments_page(client, post_comment, french_page):
    post_comment(to=french_page)
    comment = Comment.objects.get()
    with translation.override("en"):
        edit_path = reverse("comments:edit", args=[comment.pk])
    response = client.get(edit_path)
    assert response.status_code == 200
    assert response["Content-Language"] == "fr" and '<html lang="fr">' in response.text
    assert french("Edit your comment") in response.text
    response = client.post(edit_path, {"body": "x" * 6000})
    assert response.status_code == 400 and '<html lang="fr">' in response.text


def test_moderators_are_mailed_in_the_sites_language_whatever_the_posters(post_comment, settings, french_page):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_EMAILS = ["mod@example.org"]
    with translation.override("fr"):
        post_comment(to=french_page, name="Ben")
    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "A comment on “Sign my petition” awaits moderation"


def test_the_digest_is_in_the_sites_language_with_its_dates(post_comment, settings, french_page):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_NOTIFICATION = "digest"
    settings.COMMENTS_MODERATOR_EMAILS = ["mod@example.org"]
    post_comment(to=french_page, name="Ben")
    with translation.override("fr"):
        call_command("send_comment_digest", stdout=StringIO())
    [digest] = mail.outbox
    assert digest.extra_headers["Content-Language"] == "en"
    posted_at = Comment.objects.get().created_at
    with translation.override("en"):
        assert formats.date_format(posted_at, "F") in digest.body
    with translation.override("fr"):
        assert formats.date_format(posted_at, "F") not in digest.body


INVALID_EMAIL = "Enter a valid email address."  # Django's own message, which Django ships in French


@pytest.fixture
def french_invalid_email():
    return french(INVALID_EMAIL)


def test_the_api_answers_errors_in_the_language_of_accept_language(api_post, page, french_page, french_invalid_email):
    response = api_post({"page_id": page.pk, "email": "not an address"}, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 400
    assert response.json()["errors"]["email"] == [french_invalid_email]
    assert response["Content-Language"] == "fr" and "Accept-Language" in response["Vary"]

    # The header wins over the page's language.
    response = api_post({"page_id": french_page.pk, "email": "not an address"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response["Content-Language"] == "en"
    assert response.json()["errors"]["email"] == [INVALID_EMAIL]


def test_without_accept_language_the_api_answers_in_the_language_of_the_page(
    client, api_post, page, french_page, french_invalid_email
):
    response = api_post({"page_id": french_page.pk, "email": "not an address"})
    assert response.status_code == 400 and response["Content-Language"] == "fr"
    assert response.json()["errors"]["email"] == [french_invalid_email]
    assert api_post({"page_id": page.pk, "email": "not an address"})["Content-Language"] == "en"

    listing = client.get(LIST, {"page_id": french_page.pk})
    assert listing.status_code == 200 and listing["Content-Language"] == "fr"
    bad_listing = client.get(LIST, {"page_id": french_page.pk, "limit": "many"})
    assert bad_listing.status_code == 400 and bad_listing["Content-Language"] == "fr"
    assert client.get(LIST, {"page_id": page.pk})["Content-Language"] == "en"


def test_an_erased_authors_name_is_shown_in_the_readers_language(client, page, french_page, add_comment):
    add_comment(on=french_page, author_email="ada@example.org", body="Mon avis")
    add_comment(author_email="ada@example.org", body="My view")
    call_command("erase_personal_data", "--email", "ada@example.org", stdout=StringIO())

    anonymous = french("Anonymous")
    assert anonymous in client.get(french_page.url).text
    english_html = client.get(page.url).text
    assert "Anonymous" in english_html and anonymous not in english_html
    # The API's cached pages of threads hold the name: each language has its own.
    for language, name in (("en", "Anonymous"), ("fr", anonymous), ("en", "Anonymous")):
        data = client.get(LIST, {"page_id": page.pk}, HTTP_ACCEPT_LANGUAGE=language).json()
        assert data["items"][0]["author_name"] == name


def test_a_held_reason_is_worded_in_the_moderators_admin_language(client, moderator, post_comment):
    BlockedTerm.objects.create(term="casino")
    post_comment(body="Our casino night")  # posted by an English reader
    comment = Comment.objects.get()
    inspect_url = f"/admin/comments/comment/inspect/{comment.pk}/"
    client.force_login(moderator)
    assert "Contains the blocked word “casino”." in client.get(inspect_url).text

    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "fr"
    profile.save()
    assert french("Contains the blocked word “%(term)s”.") % {"term": "casino"} in client.get(inspect_url).text


def test_the_migration_stores_names_and_reasons_without_words(page, add_comment):
    migration = importlib.import_module(
        "comments.migrations.0004_erased_names_and_held_reasons_in_the_readers_language"
    )
    erased = add_comment(author_name="Anonymous", author_email="")
    # Someone who calls themselves so keeps their name.
    named = add_comment(author_name="Anonymous", author_email="anon@example.org")
    stored = {
        "Every comment is held for moderation.": "all",
        "First comment from this address.": "first",
        "Contains 1 link.": "links:1",
        "Contains 12 links.": "links:12",
        "Contains the blocked word “big win”.": "blocked:big win",
        "Held by hand": "Held by hand",
    }
    held = {add_comment(status=Comment.Status.PENDING, held_because=words).pk: words for words in stored}

    migration.forwards(django_apps, None)
    assert Comment.objects.get(pk=erased.pk).author_name == ""
    assert Comment.objects.get(pk=named.pk).author_name == "Anonymous"
    assert {pk: Comment.objects.get(pk=pk).held_because for pk in held} == {
        pk: stored[words] for pk, words in held.items()
    }
    assert [Comment.objects.get(pk=pk).get_held_because_display() for pk in held] == list(held.values())

    migration.backwards(django_apps, None)
    assert Comment.objects.get(pk=erased.pk).author_name == "Anonymous"
    assert {pk: Comment.objects.get(pk=pk).held_because for pk in held} == held
