"""An editor adds a petition and builds a campaign page around it in the Wagtail admin, previews and publishes it,
then watches a signature arrive in the petition's report and downloads the delivery CSV."""

import csv
import re

import pytest
from django.utils.text import slugify
from playwright.sync_api import expect

from campaign_cms.demo import PETITION_TITLE as DEMO_PETITION_TITLE

from .admin import open_campaigns_menu_item, sign_in
from .campaign import PetitionPanel
from .polling import reload_until
from .seed import EDITOR

pytestmark = pytest.mark.e2e

PAGE_TITLE = "Save the night bus"
PETITION_TITLE = "Keep the N47 night bus running"
# Blocks in the order the editor adds them, by their names in the block menu.
BLOCKS = ["Heading", "Paragraph", "Image", "Petition", "Comments"]


def add_petition(editor):
    """Campaigns → Petitions → Add petition; signatures count at once (no e-mail confirmation) and a postcode is
    asked for."""
    open_campaigns_menu_item(editor, "Petitions")
    editor.get_by_role("link", name="Add petition").click()
    editor.get_by_role("textbox", name="Title").fill(PETITION_TITLE)
    editor.get_by_role("textbox", name="Target").fill("The Mayor's transport committee")
    editor.get_by_role("textbox", name="Ask").fill("Keep the N47 running every night until the new line opens.")
    editor.get_by_role("spinbutton", name="Goal").fill("100")
    editor.get_by_role("checkbox", name="Requires confirmation").uncheck()
    editor.get_by_role("combobox", name="Postcode").select_option(label="Optional")
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("link", name=PETITION_TITLE)).to_be_visible()


def choose_in_modal(editor, block, button, item):
    """Open the block's chooser with `button` and pick `item` in the modal."""
    block.get_by_role("button", name=button).click()
    modal = editor.get_by_role("dialog")
    modal.get_by_role("link", name=item).first.click()
    expect(modal).to_be_hidden()


def build_page(editor):
    """Add a campaign page below the campaign index and fill its body through the StreamField editor."""
    editor.goto("/admin/pages/")
    editor.get_by_role("link", name="Explore child pages of 'Campaigns'").click()
    editor.get_by_role("link", name="Add child page").click()
    editor.get_by_role("textbox", name="Title").fill(PAGE_TITLE)
    editor.get_by_role("textbox", name="Intro").fill("The council wants to cut the only bus home after midnight.")

    body = editor.locator("#panel-child-content-body-section")
    blocks = body.locator("[data-streamfield-child]")
    for number, block_name in enumerate(BLOCKS, start=1):
        body.get_by_role("button", name="Insert a block").last.click()
        editor.get_by_role("option", name=block_name, exact=True).click()
        expect(blocks).to_have_count(number)
    heading, paragraph, image, petition, _comments = (blocks.nth(index) for index in range(len(BLOCKS)))

    heading.get_by_role("textbox", name="Text").fill("Who rides the N47")
    heading.get_by_role("combobox", name="Level").select_option(label="Heading 2")
    # Draftail: a rich-text editor in a contenteditable, typed into as a person would.
    paragraph.get_by_role("textbox").click()
    editor.keyboard.type("Night-shift nurses, cleaners and bakers: 2,300 journeys a week.")
    choose_in_modal(editor, image, "Choose an image", "Campaign colours")
    image.get_by_role("textbox", name="Alt text").fill("Bands of red and grey, the campaign's colours")
    choose_in_modal(editor, petition, "Choose a petition", PETITION_TITLE)
    petition.get_by_role("textbox", name="Heading").fill("Sign for the night bus")
    # The comments block keeps its defaults: open, five levels, oldest first.


def test_editor_builds_publishes_and_follows_the_signatures(new_page, screenshot):
    editor = new_page()
    editor.goto("/admin/")
    sign_in(editor, *EDITOR)
    add_petition(editor)
    build_page(editor)

    editor.get_by_role("button", name="Toggle preview").click()
    preview = editor.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", name="Who rides the N47")).to_be_visible()
    expect(preview.get_by_role("heading", name="Sign for the night bus")).to_be_visible()
    expect(preview.get_by_role("img", name="Bands of red and grey")).to_be_visible()
    screenshot(editor, "editor-preview")

    editor.get_by_role("button", name="More actions").click()
    editor.get_by_role("button", name="Publish").click()
    # "created and published", or "has been published" when autosave has already saved the draft.
    expect(editor.get_by_text(re.compile(rf"Page '{PAGE_TITLE}' (created and|has been) published"))).to_be_visible()

    open_campaigns_menu_item(editor, "Petitions")
    editor.get_by_role("row").filter(has_text=PETITION_TITLE).get_by_role("link", name="Inspect").click()
    expect(editor.get_by_text("No confirmed signatures yet.")).to_be_visible()
    status_counts = editor.locator("table", has=editor.get_by_role("columnheader", name="Pending confirmation"))

    visitor = new_page()
    visitor.goto(f"/{slugify(PAGE_TITLE)}/")
    expect(visitor.get_by_role("heading", name="Who rides the N47")).to_be_visible()
    expect(visitor.get_by_text("Night-shift nurses, cleaners and bakers")).to_be_visible()
    expect(visitor.get_by_role("img", name="Bands of red and grey")).to_be_visible()
    expect(visitor.get_by_role("heading", name=f"Comments on “{PAGE_TITLE}”")).to_be_visible()
    petition = PetitionPanel(visitor)
    petition.fill(name="Dev Patel", email="dev.patel@example.org", postcode="E1 6AN", comment="I work nights.")
    petition.sign_button.click()
    expect(petition.thanks).to_contain_text("Thank you, your signature has been added.")

    editor.reload()
    expect(status_counts.get_by_role("cell")).to_have_text(["0", "1", "0"])
    # The headline figure is the public count, cached for a few seconds.
    headline = editor.get_by_role("heading", name="1 confirmed of a goal of 100")
    reload_until(editor, lambda: expect(headline).to_be_visible(timeout=1_000))

    with editor.expect_download() as download_info:
        editor.get_by_role("link", name="Delivery CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), newline="", encoding="utf-8-sig") as delivery:
        signers = list(csv.DictReader(delivery))
    assert [(row["Name"], row["Postcode"], row["Comment"]) for row in signers] == [
        ("Dev Patel", "E1 6AN", "I work nights.")
    ]

    # The demo petition has a fortnight of signatures behind it: its report is the one worth a picture.
    open_campaigns_menu_item(editor, "Petitions")
    editor.get_by_role("row").filter(has_text=DEMO_PETITION_TITLE).get_by_role("link", name="Inspect").click()
    expect(editor.get_by_role("img", name="Confirmed signatures per day")).to_be_visible()
    screenshot(editor, "petition-report")
