"""Issue 18 item 1 for blocks/, campaign_cms/ and the host's templates: every string a person reads is marked for
translation (makemessages finds it), plurals follow the language's plural forms, numbers its digit grouping, and
pages say which language they are in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format

from blocks.comments import CommentsBlock
from campaign_cms.errors import OUTAGE_MESSAGE, OUTAGE_TITLE, error_response
from tests.extraction import messages


@pytest.fixture
def entries(extracted_catalogues):
    """{(msgctxt, msgid): msgid_plural or None} of what makemessages finds in blocks/, campaign_cms/ and the host's
    templates."""
    return {
        **messages(extracted_catalogues("blocks")["django"]),
        **messages(extracted_catalogues("campaign_cms")["django"]),
    }


def test_makemessages_finds_the_strings_of_every_kind(entries):
    expected = [
        # Host templates, and the templates of campaign_cms and blocks.
        "Skip to content",
        'Sorry, this page could not be found. <a href="/">Go to the home page</a>.',
        "Something went wrong",
        "No campaigns have been published yet.",
        "Page %(number)s of %(total)s",
        "Preview on the frontend",
        "Readers' comments and the comment form appear here once the page is published.",
        # Block labels, help texts, choices, descriptions and validation errors.
        "Call to action",
        "Describe the image for people who cannot see it.",
        "Oldest first",
        "A petition with its signing form",
        'Leave empty for "{label}".',
        "Choose a page or enter a URL (one of the two).",
        "Use only {count} and {title} in the heading, not %(unknown)s.",
        # Model and field verbose names, help texts, the app's name and the admin menu.
        "campaign page",
        "publication date",
        "One or two sentences shown in listings and at the top of the page.",
        "Campaign pages",
        "Campaigns",
        # Error answers (JSON and HTML), the API documentation and the management command.
        "There is no API endpoint at this address. The endpoints are described at /api/v2/docs/.",
        "This preview has expired or does not exist. Preview the page again from the admin.",
        "The request body is too large: the limit is %(size)s KB.",
        "Briefly unavailable",
        "Unchanged since the ETag or date the request sent: reuse your copy.",
        "%(email)r is not an e-mail address.",
        # The languages the site offers.
        "Cymraeg",
    ]
    assert [msgid for msgid in expected if (None, msgid) not in entries] == []
    assert entries[("campaigns listed newest first", "Newer")] is None
    # Plurals, with their plural form.
    assert entries[(None, "One thought on “%(title)s”")] == "%(count)s thoughts on “%(title)s”"
    assert entries[(None, "%(what)s: %(count)s erased")] == "%(what)s: %(count)s erased"


def test_the_comments_heading_picks_the_singular_or_the_plural():
    block = CommentsBlock()
    value = block.to_python({})
    assert block.heading(value, 1, "Budget") == "One thought on “Budget”"
    assert block.heading(value, 2, "Budget") == "2 thoughts on “Budget”"


def test_the_comments_heading_groups_digits_as_the_active_language_does():
    block = CommentsBlock()
    assert block.heading(block.to_python({}), 1000, "Budget") == "1,000 thoughts on “Budget”"
    with translation.override("fr"):
        heading = block.heading(block.to_python({"heading_many": "{count} réactions"}), 1000, "Budget")
        separator = get_format("THOUSAND_SEPARATOR")
    assert separator.isspace() and heading == f"1{separator}000 réactions"


def test_erase_personal_data_reports_each_count(db):
    out = StringIO()
    call_command("erase_personal_data", "--email", "nobody@example.org", stdout=out)
    assert out.getvalue() == "signatures: 0 erased\ncomments: 0 erased\n"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "cy", "fr"])
def test_pages_say_which_language_they_are_in(client, campaign_index, make_campaign_page, translate, rf, language):
    page = make_campaign_page()
    if language != "en":
        page, campaign_index = translate(page, language), translate(campaign_index, language)
    with translation.override(language):
        missing = reverse("wagtail_serve", args=["no-such-page/"])
        outage = error_response(rf.get("/"), 503, OUTAGE_TITLE, OUTAGE_MESSAGE)
    pages = [client.get(page.url), client.get(campaign_index.url), client.get(missing), outage]
    assert [response.status_code for response in pages] == [200, 200, 404, 503]
    for response in pages:
        assert f'<html lang="{language}">' in response.content.decode()
