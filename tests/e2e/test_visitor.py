"""A visitor signs the demo campaign's petition and joins its discussion; a moderator approves what was held. Each
journey is walked on the English page and again on the French translation, whose words come from the catalogues."""

import re

import pytest
from playwright.sync_api import expect

from .admin import approve_comment, sign_in
from .campaign import Discussion, PetitionPanel
from .languages import LANGUAGES, Words
from .mailbox import link_in, subject_of, text_of
from .seed import MODERATOR, MODERATOR_EMAIL

pytestmark = pytest.mark.e2e

# The journeys run in English and once more in French (Welsh pages are checked in test_languages.py).
JOURNEY_LANGUAGES = ["en", "fr"]

SIGNERS = {
    "en": {"name": "Amira Haddad", "email": "amira.haddad@example.org", "postcode": "B1 1AA"},
    "fr": {"name": "Élodie Lefèvre", "email": "elodie.lefevre@example.org", "postcode": "CF10 1AA"},
}
SIGNER_COMMENTS = {"en": "My sister works at a refuge.", "fr": "Ma sœur travaille dans un foyer d'accueil."}


@pytest.fixture(params=JOURNEY_LANGUAGES)
def words(request):
    return Words(request.param)


def test_visitor_corrects_the_form_signs_confirms_by_email_and_sees_the_count_move(page, mailbox, screenshot, words):
    signer = SIGNERS[words.language]
    page.goto(words.campaign_path)
    expect(page.locator("html")).to_have_attribute("lang", words.language)
    screenshot(page, f"campaign-page-{words.language}")
    petition = PetitionPanel(page, words)
    count_before = petition.count()

    petition.fill(**{**signer, "email": signer["email"].replace("@", "(at)")})
    petition.sign_button.click()
    expect(petition.error_next_to("Your e-mail address")).to_contain_text(words("Enter a valid email address."))
    expect(petition.field("Your e-mail address")).to_have_attribute("aria-invalid", "true")
    expect(petition.field("Your name")).to_have_value(signer["name"])
    expect(petition.field("Postcode")).to_have_value(signer["postcode"])
    expect(petition.error_next_to("Your name")).to_have_count(0)
    # Corrected where it was filled in: on the campaign page, in its language.
    expect(page).to_have_title(re.compile(rf"^{re.escape(words.campaign_title)} "))

    petition.fill(**signer, country="United Kingdom", comment=SIGNER_COMMENTS[words.language], consent=True)
    screenshot(petition.section, f"petition-filled-{words.language}")
    petition.sign_button.click()
    expect(petition.thanks).to_contain_text(words("Nearly done: check your e-mail to confirm."))
    screenshot(petition.section, f"petition-thank-you-{words.language}")
    # Pending until confirmed: the count has not moved.
    expect(petition.count_number).to_have_text(words.number(count_before))

    # The e-mail and the page it links to speak the language the visitor signed in.
    email = mailbox.last_to(signer["email"])
    assert subject_of(email) == words("Please confirm your signature: %(title)s", title=words.petition_title)
    assert words("Hello %(name)s,", name=signer["name"]) in text_of(email)
    page.goto(link_in(email, words.path("/petitions/confirm/")))
    expect(page.get_by_role("heading", name=words("Confirm your signature"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(words.petition_title)
    page.get_by_role("button", name=words("Confirm my signature")).click()
    expect(page.get_by_role("heading", name=words("Thank you, your signature is confirmed"))).to_be_visible()
    page.get_by_role("link", name=words("Back to the petition")).click()
    petition.expect_count(count_before + 1)
    expect(page).to_have_url(re.compile(rf"//[^/]+{re.escape(words.campaign_path)}([?#].*)?$"))

    # One petition on every translation of the page: the same count on each.
    for other in LANGUAGES:
        if other != words.language:
            page.goto(Words(other).campaign_path)
            PetitionPanel(page, Words(other)).expect_count(count_before + 1)


# Who starts a thread in each language and what they write: the first comment, the replies at each level, one with
# two links (held); and the moderator's answer.
THREADS = {
    "en": {
        "author": {"name": "Jo Brennan", "email": "jo.brennan@example.org"},
        "first": "Our youth club lost its outreach worker the same way: folded into a bigger team, then gone.",
        "reply": "Adding to that at the {level} level of the thread.",
        "levels": ("second", "third", "fourth"),
        "held": "Figures: https://example.org/budget and https://example.org/minutes",
        "moderator": "Thank you, Jo: we will pass this on to the commissioner.",
    },
    "fr": {
        "author": {"name": "Joëlle Bernard", "email": "joelle.bernard@example.org"},
        "first": (
            "Notre club de jeunes a perdu son éducateur de rue de la même façon : fondu dans une équipe, puis parti."
        ),
        "reply": "J'ajoute ceci au {level} niveau de la discussion.",
        "levels": ("deuxième", "troisième", "quatrième"),
        "held": "Les chiffres : https://example.org/budget et https://example.org/compte-rendu",
        "moderator": "Merci, Joëlle : nous transmettrons au commissaire.",
    },
}


def test_visitor_replies_three_levels_deep_and_a_moderator_approves_what_was_held(new_page, mailbox, screenshot, words):
    thread = THREADS[words.language]
    visitor = new_page()
    visitor.goto(words.campaign_path)
    discussion = Discussion(visitor, words)
    author = thread["author"]
    first = discussion.post(thread["first"], **author, notify=True, remember=True)
    # A first comment from a new address waits for a moderator; nobody can reply to it yet.
    expect(discussion.awaiting_moderation(first)).to_be_visible()
    expect(discussion.reply_link(first)).to_have_count(0)

    # The moderator works in the admin, in its own language, whichever page the comment is on.
    moderator = new_page()
    queue = link_in(mailbox.last_to(MODERATOR_EMAIL), "/admin/comments/")
    moderator.goto(queue)
    sign_in(moderator, *MODERATOR)
    screenshot(moderator, f"moderation-queue-{words.language}")
    approve_comment(moderator, thread["first"][:40])

    # Then answers on the page; a moderator's comment is published at once, and the author is told of it in the
    # page's language.
    moderator.goto(words.campaign_path)
    Discussion(moderator, words).reply(first, thread["moderator"])
    notification = mailbox.last_to(author["email"])
    assert subject_of(notification) == words(
        "%(author)s replied to your comment on “%(title)s”", author="Mo", title=words.campaign_title
    )
    assert thread["moderator"] in text_of(notification)
    link_in(notification, words.campaign_path)

    visitor.reload()
    expect(discussion.awaiting_moderation(first)).to_have_count(0)
    # The author's address has an approved comment now, so replies are published at once; each one answers the one
    # before through its Reply link, and the remembered name and e-mail fill the form.
    parent = first
    for level in thread["levels"]:
        reply = discussion.reply(parent, thread["reply"].format(level=level))
        expect(discussion.reply_nested(parent, reply)).to_be_visible()
        expect(discussion.awaiting_moderation(reply)).to_have_count(0)
        parent = reply
    # Two links hold any comment for a moderator, whoever wrote it.
    held = discussion.reply(parent, thread["held"])
    expect(discussion.reply_nested(parent, held)).to_be_visible()
    expect(discussion.awaiting_moderation(held)).to_be_visible()
    screenshot(discussion.comment(first), f"deep-thread-{words.language}")

    moderator.goto(queue)
    approve_comment(moderator, thread["held"][:30])

    visitor.reload()
    expect(discussion.reply_nested(parent, held)).to_be_visible()
    expect(discussion.awaiting_moderation(held)).to_have_count(0)
    # The fifth level is the block's deepest: no replies to it.
    expect(discussion.reply_link(held)).to_have_count(0)
    passer_by = new_page()
    passer_by.goto(f"{words.campaign_path}#comment-{held}")
    expect(Discussion(passer_by, words).reply_nested(parent, held)).to_contain_text("https://example.org/budget")
    # Each translation of the page has its own discussion.
    for other in LANGUAGES:
        if other != words.language:
            passer_by.goto(Words(other).campaign_path)
            expect(passer_by.locator("#comments .comment").first).to_be_visible()
            expect(passer_by.get_by_text(thread["first"])).to_have_count(0)
