"""Issue 18 item 1: every user-facing string of petitions/ is translatable, plurals pick their form by count, and the
embed's JavaScript takes its texts from Django's JavaScript catalogue."""

import pytest
from django.core.management import call_command

from petitions.templatetags.petition_tags import petition_panel
from tests.extraction import messages, translator_notes


@pytest.fixture
def catalogues(extracted_catalogues):
    """What makemessages extracts from the app: {domain: babel Catalog} for Python and templates (django) and for
    JavaScript (djangojs)."""
    return extracted_catalogues("petitions")


@pytest.mark.parametrize(
    "text",
    [
        # Templates: the panel, the confirmation page, the admin report, the share box.
        "Thank you, your signature has been added.",
        "Confirm my signature",
        "Signatures by status",
        "Copy this link to share the petition",
        # E-mail subject and body.
        "Please confirm your signature: %(title)s",
        "Hello %(name)s,",
        # Form labels and errors.
        "Your e-mail address",
        "Please enter a valid postcode.",
        "Sign the petition",
        # Model verbose names, help texts and choices.
        "consents to be contacted",
        "Who the petition is addressed to, e.g. a commissioner.",
        "Pending confirmation",
        # API errors and refusals.
        "Send the signature as JSON (Content-Type: application/json).",
        "There is no published petition with this id.",
        "This petition is closed and no longer accepts signatures.",
        # Admin: menu, list headings, export headings, messages.
        "Confirmed signatures",
        "Signed at (UTC)",
        "Signature by %(name)s rejected.",
        "Choose a petition",
        # Management command output.
        "Anonymised %(count)s signature of petitions closed for more than %(period)s.",
    ],
)
def test_python_and_template_strings_are_extracted(catalogues, text):
    assert (None, text) in messages(catalogues["django"])


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        (
            '<strong class="petition-count-number">%(number)s</strong> person has signed. Our goal is %(goal)s.',
            '<strong class="petition-count-number">%(number)s</strong> people have signed. Our goal is %(goal)s.',
        ),
        ("%(number)s person has signed so far.", "%(number)s people have signed so far."),
        ("%(number)s signature", "%(number)s signatures"),
        ("%(days)s day", "%(days)s days"),
    ],
)
def test_counts_are_plural_forms(catalogues, singular, plural):
    assert messages(catalogues["django"])[None, singular] == plural


def test_ambiguous_strings_carry_a_translators_comment(catalogues):
    notes = translator_notes(catalogues["django"])
    assert any(note.startswith("Translators: whether the signing form asks for a field") for note in notes)


def test_javascript_strings_are_extracted(catalogues):
    for text in ("Something went wrong. Please try again.", "We could not reach the server. Please try again."):
        assert (None, text) in messages(catalogues["djangojs"])


@pytest.mark.parametrize(("count", "text"), [(1, "1</strong> person has signed."), (2, "2</strong> people have")])
def test_the_panel_count_picks_singular_or_plural(make_petition, count, text):
    petition = make_petition()
    petition.__dict__["confirmed_count"] = count  # what with_signature_count() annotates
    assert text in petition_panel({}, petition)


@pytest.mark.parametrize(
    ("days", "text"), [(1, "for more than 1 day."), (30, "for more than 30 days.")], ids=["one", "many"]
)
def test_the_command_output_picks_singular_or_plural(db, capsys, days, text):
    call_command("anonymise_signatures", "--closed-for-days", str(days))
    assert f"Anonymised 0 signatures of petitions closed {text}" in capsys.readouterr().out


def test_the_embed_loads_the_javascript_catalogue_before_its_script(client, make_petition):
    petition = make_petition()
    page = client.get(f"/petitions/{petition.pk}/embed/").content.decode()
    catalogue = page.index('<script src="/petitions/jsi18n/" defer></script>')
    assert catalogue < page.index("petitions/js/embed.js")

    answer = client.get("/petitions/jsi18n/")
    assert answer.status_code == 200
    assert "django.gettext" in answer.content.decode()
