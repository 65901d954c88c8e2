"""A visitor signs the demo campaign's petition and joins its discussion; a moderator approves what was held."""

import pytest
from playwright.sync_api import expect

from .admin import approve_comment, sign_in
from .campaign import DEMO_CAMPAIGN_PATH, Discussion, PetitionPanel
from .mailbox import link_in
from .seed import MODERATOR, MODERATOR_EMAIL

pytestmark = pytest.mark.e2e


def test_visitor_corrects_the_form_signs_confirms_by_email_and_sees_the_count_move(page, mailbox, screenshot):
    signer = {"name": "Amira Haddad", "email": "amira.haddad@example.org", "postcode": "B1 1AA"}
    page.goto(DEMO_CAMPAIGN_PATH)
    screenshot(page, "campaign-page")
    petition = PetitionPanel(page)
    count_before = petition.count()

    petition.fill(**{**signer, "email": "amira.haddad(at)example.org"})
    petition.sign_button.click()
    expect(petition.error_next_to("Your e-mail address")).to_contain_text("Enter a valid email address.")
    expect(petition.field("Your e-mail address")).to_have_attribute("aria-invalid", "true")
    expect(petition.field("Your name")).to_have_value(signer["name"])
    expect(petition.field("Postcode")).to_have_value(signer["postcode"])
    expect(petition.error_next_to("Your name")).to_have_count(0)

    petition.fill(**signer, country="United Kingdom", comment="My sister works at a refuge.", consent=True)
    screenshot(petition.section, "petition-filled")
    petition.sign_button.click()
    expect(petition.thanks).to_contain_text("Nearly done: check your e-mail to confirm.")
    screenshot(petition.section, "petition-thank-you")
    # Pending until confirmed: the count has not moved.
    expect(petition.count_number).to_have_text(f"{count_before:,}")

    page.goto(link_in(mailbox.last_to(signer["email"]), "/petitions/confirm/"))
    expect(page.get_by_role("heading", name="Confirm your signature")).to_be_visible()
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", name="Thank you, your signature is confirmed")).to_be_visible()
    page.get_by_role("link", name="Back to the petition").click()
    petition.expect_count(count_before + 1)


def test_visitor_replies_three_levels_deep_and_a_moderator_approves_what_was_held(new_page, mailbox, screenshot):
    visitor = new_page()
    visitor.goto(DEMO_CAMPAIGN_PATH)
    discussion = Discussion(visitor)
    first = discussion.post(
        "Our youth club lost its outreach worker the same way: folded into a bigger team, then gone.",
        name="Jo Brennan",
        email="jo.brennan@example.org",
        remember=True,
    )
    # A first comment from a new address waits for a moderator; nobody can reply to it yet.
    expect(discussion.awaiting_moderation(first)).to_be_visible()
    expect(discussion.reply_link(first)).to_have_count(0)

    moderator = new_page()
    moderator.goto(link_in(mailbox.last_to(MODERATOR_EMAIL), "/admin/comments/"))
    sign_in(moderator, *MODERATOR)
    screenshot(moderator, "moderation-queue")
    approve_comment(moderator, "Our youth club lost its outreach worker")

    visitor.reload()
    expect(discussion.awaiting_moderation(first)).to_have_count(0)
    # Jo's address has an approved comment now, so replies are published at once; each one answers the one before
    # through its Reply link, and the remembered name and e-mail fill the form.
    parent = first
    for level in ("second", "third", "fourth"):
        reply = discussion.reply(parent, f"Adding to that at the {level} level of the thread.")
        expect(discussion.reply_nested(parent, reply)).to_be_visible()
        expect(discussion.awaiting_moderation(reply)).to_have_count(0)
        parent = reply
    # Two links hold any comment for a moderator, whoever wrote it.
    held = discussion.reply(parent, "Figures: https://example.org/budget and https://example.org/minutes")
    expect(discussion.reply_nested(parent, held)).to_be_visible()
    expect(discussion.awaiting_moderation(held)).to_be_visible()
    screenshot(discussion.comment(first), "deep-thread")

    moderator.reload()
    approve_comment(moderator, "Figures: https://example.org/budget")

    visitor.reload()
    expect(discussion.reply_nested(parent, held)).to_be_visible()
    expect(discussion.awaiting_moderation(held)).to_have_count(0)
    # The fifth level is the block's deepest: no replies to it.
    expect(discussion.reply_link(held)).to_have_count(0)
    passer_by = new_page()
    passer_by.goto(f"{DEMO_CAMPAIGN_PATH}#comment-{held}")
    expect(Discussion(passer_by).reply_nested(parent, held)).to_contain_text("https://example.org/minutes")
