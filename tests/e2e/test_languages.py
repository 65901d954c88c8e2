"""The Welsh and French pages, whose words run longer than English: their layouts hold on a phone and on a desktop,
axe finds nothing serious on them, and each page, and each link to a translation, says which language it is in."""

import pytest
from playwright.sync_api import expect

from .accessibility import assert_no_serious_violations
from .campaign import Discussion, PetitionPanel
from .languages import DEFAULT_LANGUAGE, LANGUAGES, Words
from .layout import PHONE, assert_layout_holds
from .mailbox import link_in

pytestmark = pytest.mark.e2e

TRANSLATIONS = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize("language", TRANSLATIONS)
def test_the_form_with_errors_a_reply_form_and_the_thank_you_state_fit_the_screen(
    new_page, screenshot, language, screen
):
    words = Words(language)
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True) if screen == "phone" else new_page()
    name = f"{language}-{screen}"
    page.goto(words.campaign_path)
    petition = PetitionPanel(page, words)
    petition.sign_button.click()
    expect(petition.error_next_to("Your name")).to_be_visible()
    assert_layout_holds(page)
    screenshot(petition.section, f"petition-errors-{name}")

    discussion = Discussion(page, words)
    page.locator(".comment-reply-link").last.click()
    expect(page.locator(".comment #respond")).to_be_visible()
    assert_layout_holds(page)
    screenshot(page.locator("#comments"), f"discussion-replying-{name}")

    petition.fill(name="Ceri Owen", email=f"ceri.owen.{name}@example.org", consent=True)
    petition.sign_button.click()
    expect(petition.thanks).to_contain_text(words("Nearly done: check your e-mail to confirm."))
    expect(discussion.form).to_be_visible()
    assert_layout_holds(page)
    screenshot(petition.section, f"petition-thank-you-{name}")


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_axe_finds_nothing_serious_and_every_language_is_named(new_page, mailbox, artifacts, language):
    words = Words(language)
    # axe goes in as an inline script, which the site's Content-Security-Policy refuses.
    page = new_page(bypass_csp=True)
    reports = artifacts / "axe"
    page.goto(words.campaign_path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    # The switcher names each other translation in its own language, and says so to screen readers and search engines.
    switcher = page.locator("nav.language-switcher a")
    expect(switcher).to_have_count(len(LANGUAGES) - 1)
    for link in switcher.all():
        target = link.get_attribute("hreflang")
        assert target in LANGUAGES and target != language
        assert link.get_attribute("lang") == target
        assert link.get_attribute("href").endswith(Words(target).campaign_path)
    assert_no_serious_violations(page, f"campaign-page-{language}", reports)

    petition = PetitionPanel(page, words)
    petition.sign_button.click()
    expect(petition.error_next_to("Your name")).to_be_visible()
    assert_no_serious_violations(page, f"petition-with-errors-{language}", reports)

    signer = f"rhian.jones.{language}@example.org"
    petition.fill(name="Rhian Jones", email=signer)
    petition.sign_button.click()
    expect(petition.thanks).to_be_visible()
    assert_no_serious_violations(page, f"petition-thank-you-{language}", reports)

    page.goto(link_in(mailbox.last_to(signer), words.path("/petitions/confirm/")))
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_serious_violations(page, f"confirm-signature-{language}", reports)
