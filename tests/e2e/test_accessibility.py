"""Accessibility: axe-core on the public pages and their states, signing and commenting with the keyboard alone, and
the same page on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from .accessibility import assert_no_serious_violations
from .campaign import DEMO_CAMPAIGN_PATH, Discussion, PetitionPanel
from .layout import PHONE, assert_layout_holds
from .mailbox import link_in

pytestmark = pytest.mark.e2e


def test_axe_finds_nothing_serious_on_the_page_the_forms_with_errors_and_the_thank_you_state(
    new_page, mailbox, artifacts
):
    # axe goes in as an inline script, which the site's Content-Security-Policy refuses.
    page = new_page(bypass_csp=True)
    reports = artifacts / "axe"
    page.goto(DEMO_CAMPAIGN_PATH)
    assert_no_serious_violations(page, "campaign-page", reports)

    petition = PetitionPanel(page)
    petition.sign_button.click()
    expect(petition.error_next_to("Your name")).to_be_visible()
    assert_no_serious_violations(page, "petition-with-errors", reports)

    # Blank text passes the browser's own check for a required field, so the server answers with its errors.
    discussion = Discussion(page)
    discussion.fill("   ", name="Grace Hughes", email="grace.hughes@example.org")
    discussion.post_button.click()
    expect(discussion.form.locator(".errorlist").first).to_be_visible()
    assert_no_serious_violations(page, "comment-form-with-errors", reports)

    # Signed from the page as the failed comment post showed it (at /comments/post/): back on the campaign page.
    petition.fill(name="Grace Hughes", email="grace.hughes@example.org")
    petition.sign_button.click()
    expect(petition.thanks).to_be_visible()
    expect(page).to_have_url(re.compile(rf"{DEMO_CAMPAIGN_PATH}\?signed=\d+#petition-\d+$"))
    assert_no_serious_violations(page, "petition-thank-you", reports)

    page.goto(link_in(mailbox.last_to("grace.hughes@example.org"), "/petitions/confirm/"))
    assert_no_serious_violations(page, "confirm-signature", reports)


def press_tab_until_focused(page, target, limit=100):
    """Press Tab until `target` has the focus, as someone without a mouse moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of Tab never reached {target}")


def expect_visible_focus(target):
    expect(target).to_be_focused()
    outline = target.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline not in ("none", ""), "The focused element shows no focus outline"


def test_signing_and_commenting_with_the_keyboard_alone(page):
    page.goto(DEMO_CAMPAIGN_PATH)
    petition = PetitionPanel(page)
    press_tab_until_focused(page, petition.field("Your name"))
    expect_visible_focus(petition.field("Your name"))
    # Each Tab lands on the next field in reading order; the hidden anti-spam field is never reached.
    for label, keys in [
        ("Your name", "Kwame Mensah"),
        ("Your e-mail address", "kwame.mensah@example.org"),
        ("Postcode", "M1 2AB"),
        ("Country", "United Kingdom"),
        ("Why are you signing?", "My cousin was found by this unit."),
    ]:
        expect(petition.field(label)).to_be_focused()
        page.keyboard.type(keys)
        page.keyboard.press("Tab")
    consent = petition.section.get_by_role("checkbox")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")
    expect_visible_focus(petition.sign_button)
    expect(petition.field("Country")).to_have_value("GB")
    page.keyboard.press("Enter")
    expect(petition.thanks).to_contain_text("Nearly done")

    discussion = Discussion(page)
    reply_link = page.get_by_role("link", name="Reply to Kerry-Ann Bailey")
    kerry_ann = int(reply_link.get_attribute("data-reply-to"))
    body = discussion.form.get_by_label("Comment", exact=True)
    press_tab_until_focused(page, reply_link)
    expect_visible_focus(reply_link)
    page.keyboard.press("Enter")
    # The form comes under the comment, ready to type into; cancelling gives the focus back to the Reply link.
    expect(body).to_be_focused()
    expect(discussion.comment(kerry_ann).locator("#respond")).to_be_visible()
    cancel = discussion.respond.get_by_role("link", name="Cancel reply")
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
    expect(cancel).to_be_focused()
    page.keyboard.press("Enter")
    expect(reply_link).to_be_focused()
    expect(discussion.comment(kerry_ann).locator("#respond")).to_have_count(0)

    page.keyboard.press("Enter")
    expect(body).to_be_focused()
    page.keyboard.type("Done too, and I asked my councillor to write as well.")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("kwame.mensah@example.org")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("Kwame Mensah")
    for focused_next in (
        discussion.form.get_by_label("E-mail", exact=True),
        body,
        discussion.form.get_by_label("E-mail me when someone replies"),
        discussion.form.get_by_label("Remember my name"),
    ):
        page.keyboard.press("Tab")
        expect(focused_next).to_be_focused()
    page.keyboard.press("Tab")
    expect_visible_focus(discussion.post_button)
    reply = discussion.posted_after(lambda: page.keyboard.press("Enter"))
    expect(discussion.reply_nested(kerry_ann, reply)).to_be_visible()
    expect(discussion.awaiting_moderation(reply)).to_be_visible()


def test_signing_and_replying_on_a_phone_sized_screen(new_page, screenshot):
    phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)

    phone.goto(DEMO_CAMPAIGN_PATH)
    assert_layout_holds(phone)
    petition = PetitionPanel(phone)
    petition.fill(name="Lucia Costa", email="lucia.costa@example.org", country="Portugal", consent=True)
    petition.sign_button.tap()
    expect(petition.thanks).to_be_visible()
    assert_layout_holds(phone)

    # The demo's deepest thread is four levels down; a reply makes it five, the deepest the block allows.
    discussion = Discussion(phone)
    deepest_link = phone.get_by_role("link", name="Reply to Priya Shah")
    priya = int(deepest_link.get_attribute("data-reply-to"))
    deepest_link.tap()
    discussion.fill("Read it on the bus: the figures are clear.", name="Lucia Costa", email="lucia.costa@example.org")
    reply = discussion.posted_after(discussion.post_button.tap)
    expect(discussion.reply_nested(priya, reply)).to_be_visible()
    assert_layout_holds(phone)
    # Indentation is capped, so the deepest reply still has room to be read.
    text_width = discussion.own_part(reply).bounding_box()["width"]
    assert text_width >= PHONE["width"] * 0.6, f"The reply at the fifth level is only {text_width}px wide"
    screenshot(discussion.comment(priya).locator("xpath=ancestor::li[last()]"), "phone-thread")
