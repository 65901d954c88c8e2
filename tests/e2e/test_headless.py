"""The example frontend (examples/headless/, `make headless-demo`) on another origin renders the demo campaign from the
API and signs and comments through the JSON endpoints: CORS lets exactly its origin in, and with no reCAPTCHA keys the
API tells it that no captcha is needed."""

import re

import pytest
from playwright.sync_api import expect

from campaign_cms.demo import PETITION_TITLE

from .campaign import DEMO_CAMPAIGN_PATH, PetitionPanel
from .mailbox import link_in
from .seed import MODERATOR_EMAIL

pytestmark = pytest.mark.e2e

CAMPAIGN_TITLE = "Sign my petition: keep the anti-trafficking unit open"
# Commented on the demo page already, so the API publishes this address's comments at once.
RETURNING_COMMENTER = {"name": "Tom Reilly", "email": "tom@example.org"}


def blocks_of(page_json, block_type):
    return [block["value"] for block in page_json["body"] if block["type"] == block_type]


def test_the_example_frontend_renders_the_campaign_and_signs_and_comments_through_the_api(
    new_page, site, frontend, frontend_origin, mailbox, screenshot
):
    home = new_page()
    home.goto(DEMO_CAMPAIGN_PATH)
    count_on_the_site = PetitionPanel(home).count()

    reader = new_page()
    reader.goto(f"{frontend_origin}/?api={site.url}")
    with reader.expect_response(re.compile(r"/api/v2/pages/\d+/$")) as page_answer:
        reader.get_by_role("link", name=CAMPAIGN_TITLE).click()
    answer = page_answer.value
    assert answer.ok and answer.header_value("access-control-allow-origin") == frontend_origin
    page_json = answer.json()
    [petition_block] = blocks_of(page_json, "petition")
    [comments_block] = blocks_of(page_json, "comments")
    assert petition_block["petition"]["captcha"]["type"] == "none"
    assert comments_block["captcha"]["type"] == "none"

    expect(reader.get_by_role("heading", name=CAMPAIGN_TITLE, level=1)).to_be_visible()
    for heading in ("Why this unit matters", "Sign the petition", "Where the unit works"):
        expect(reader.get_by_role("heading", name=heading)).to_be_visible()
    petition = reader.locator(f"#petition-{petition_block['petition']['id']}")
    expect(petition.locator(".petition-count-number")).to_have_text(f"{count_on_the_site:,}")
    expect(reader.get_by_text("Closing it would be a disgrace.")).to_be_visible()
    expect(reader.locator(".field-captcha")).to_have_count(0)
    screenshot(reader, "headless-frontend")

    # A 400 from the API shows its message next to the field; then a good signature is taken (202: to confirm).
    petition.get_by_label("Your name").fill("Hannah Ionescu")
    petition.get_by_role("button", name="Sign the petition").click()
    expect(petition.locator("[data-field=email]")).to_contain_text("required")
    petition.get_by_label("Your e-mail address").fill("hannah.ionescu@example.org")
    petition.get_by_role("button", name="Sign the petition").click()
    expect(petition.get_by_role("status")).to_contain_text("Your signature counts once you confirm it.")
    assert link_in(mailbox.last_to("hannah.ionescu@example.org"), "/petitions/confirm/")
    assert PETITION_TITLE in mailbox.last_to("hannah.ionescu@example.org")["Subject"]

    comments = reader.locator("#comments")
    form = comments.locator("form")
    # A returning commenter's reply is published at once and appears under the comment it answers.
    kerry_ann = comments.locator("li.comment", has_text="Wrote to the commissioner today.")
    kerry_ann.get_by_role("button", name="Reply").click()
    expect(form.get_by_role("textbox", name="Comment")).to_be_focused()
    form.get_by_role("textbox", name="Name").fill(RETURNING_COMMENTER["name"])
    form.get_by_role("textbox", name="E-mail").fill(RETURNING_COMMENTER["email"])
    form.get_by_role("textbox", name="Comment").fill("Same here, from the headless site.")
    form.get_by_role("button", name="Post comment").click()
    expect(comments.get_by_role("status")).to_have_text("Your comment is published.")
    expect(kerry_ann.locator(".comment-replies li.comment")).to_contain_text("Same here, from the headless site.")

    # A first comment from a new address is held, and its moderators are told.
    form.get_by_role("textbox", name="Name").fill("Ivan Kowalski")
    form.get_by_role("textbox", name="E-mail").fill("ivan.kowalski@example.org")
    form.get_by_role("textbox", name="Comment").fill("Posted from the partner site: count me in.")
    form.get_by_role("button", name="Post comment").click()
    expect(comments.get_by_role("status")).to_contain_text("moderat")
    assert "Posted from the partner site" in mailbox.last_to(MODERATOR_EMAIL).get_body(("plain",)).get_content()


def test_an_origin_that_cors_does_not_allow_cannot_read_the_api(new_page, site, frontend, ports):
    # The same frontend at http://127.0.0.1:<port>: another origin than the allowed http://localhost:<port>.
    stranger = new_page()
    stranger.goto(f"http://127.0.0.1:{ports[1]}/?api={site.url}")
    expect(stranger.get_by_role("status")).to_contain_text("could not be reached")
