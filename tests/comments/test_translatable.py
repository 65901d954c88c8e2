"""Issue 18 item 1: every string the comments app and campaign_common show people is translatable, counts take the
language's plural forms, and dates and the cached threads follow the active language."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from comments.models import Comment
from tests.extraction import messages, translator_notes


@pytest.fixture
def catalogues(extracted_catalogues):
    """What makemessages extracts from the two apps: {(app, domain): babel Catalog}."""
    return {
        (app, domain): catalogue
        for app in ("comments", "campaign_common")
        for domain, catalogue in extracted_catalogues(app).items()
    }


def extracted(catalogue):
    """The (msgctxt, msgid, msgid_plural) of every entry, "" where an entry has none."""
    return {(context or "", msgid, plural or "") for (context, msgid), plural in messages(catalogue).items()}


@pytest.mark.parametrize(
    "entry",
    [
        ("", "Leave a comment", ""),  # template
        ("", "Edit your comment", ""),  # page template
        ("", "Apply to ticked comments", ""),  # admin template
        ("", "E-mail me when someone replies to my comment", ""),  # form label
        ("", "Tell us your name.", ""),  # form error
        ("", "blocked word", ""),  # model verbose name
        ("", "Awaiting moderation", ""),  # status choice
        ("", "%(author)s replied to your comment on “%(title)s”", ""),  # e-mail subject
        ("", "Read it and answer: %(reply_url)s", ""),  # e-mail body
        ("", "There is no such page.", ""),  # API error
        ("", "Must be between %(minimum)s and %(maximum)s.", ""),  # API error with numbers
        ("", "Contains the blocked word “%(term)s”.", ""),  # why a comment is held
        ("", "Tick the comments to moderate and choose what to do with them.", ""),  # admin message
        ("", "%(count)s comment awaits moderation", "%(count)s comments await moderation"),  # plural subject
        ("", "Show the reply", "Show all %(number)s replies"),  # plural in a template
        ("", "%(count)s comment approved.", "%(count)s comments approved."),  # plural admin message
        ("", "%(number)s comment awaiting moderation", "%(number)s comments awaiting moderation"),  # dashboard
        ("comment date", "j F Y, H:i", ""),  # the date's format, the language's own
        ("moderation action", "Spam", ""),  # the button, apart from the status
        ("", "Moderation digest queued (%(id)s).", ""),  # management command output
    ],
)
def test_the_comments_app_strings_are_extracted(catalogues, entry):
    assert entry in extracted(catalogues["comments", "django"])


def test_translators_get_the_notes_on_ambiguous_strings(catalogues):
    notes = translator_notes(catalogues["comments", "django"])
    assert any(note.startswith("Translators: how a comment's date and time are written") for note in notes)
    assert "Translators: the status of a comment a moderator marked as spam." in notes


def test_the_script_strings_are_extracted_for_the_javascript_catalogue(catalogues):
    assert ("", "Reply to %(author)s", "") in extracted(catalogues["comments", "djangojs"])


@pytest.mark.parametrize(
    "msgid",
    [
        "There is a problem",  # the error summary
        "%(label)s: %(error)s",  # a field's error in it
        "Please remove the control characters or other invalid characters from this text.",  # the validator
    ],
)
def test_campaign_common_strings_are_extracted(catalogues, msgid):
    assert ("", msgid, "") in extracted(catalogues["campaign_common", "django"])


def test_the_page_loads_the_javascript_catalogue_before_the_comments_script(client, page):
    html = client.get(page.url).text
    catalogue_url = reverse("comments:jsi18n")
    assert f'<script src="{catalogue_url}" defer></script>' in html
    assert html.index(catalogue_url) < html.index("comments/js/comments")
    response = client.get(catalogue_url)
    assert response.status_code == 200 and "django.gettext = function" in response.text


@pytest.mark.django_db
def test_held_reasons_pick_singular_or_plural(post_comment, settings):
    settings.COMMENTS_MODERATION = "first_time"
    settings.COMMENTS_MAX_LINKS = 1
    post_comment(body="See https://example.org")
    assert Comment.objects.latest("pk").get_held_because_display() == "Contains 1 link."
    post_comment(body="See https://example.org and https://example.com")
    assert Comment.objects.latest("pk").get_held_because_display() == "Contains 2 links."


def test_the_digest_picks_singular_or_plural(post_comment, moderator, settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_NOTIFICATION = "digest"
    post_comment(name="Ben", body="Held")
    call_command("send_comment_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    post_comment(name="Cy", body="Held too")
    post_comment(name="Di", body="Held as well")
    call_command("send_comment_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115

    one, two = mail.outbox
    assert one.subject == "1 comment awaits moderation"
    assert one.body.startswith("1 comment is waiting for a moderator.\n")
    assert two.subject == "2 comments await moderation"
    assert two.body.startswith("2 comments are waiting for a moderator.\n")


def test_dates_follow_the_active_language_and_each_language_has_its_cached_threads(client, page, add_comment):
    """The threads' HTML is cached: a reader in French must not get the English copy, with its English months.
    (Django's own French catalogue names the months; ours writes the date the French way.) A page with no French
    translation is served in French under /fr/ with its own discussion."""
    add_comment(created_at=datetime(2026, 12, 3, 14, 5, tzinfo=UTC))
    assert "3 December 2026, 14:05" in client.get(page.url).text

    french = client.get(f"/fr{page.url}").text
    assert "3 décembre 2026 à 14:05" in french and "December" not in french
