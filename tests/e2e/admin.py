"""The Wagtail admin as editors and moderators use it."""

import re

from playwright.sync_api import expect


def sign_in(page, username, password):
    """Fill in the admin's login form, which the page shows, and wait to be let in."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/admin/login/" not in url)


def open_campaigns_menu_item(page, label):
    """Campaigns → `label` in the sidebar (the host project's menu group); Comments may carry a count, "(2)"."""
    page.get_by_role("button", name="Campaigns").click()
    page.get_by_role("link", name=re.compile(rf"^{re.escape(label)}( \(\d+\))?$")).click()


def approve_comment(page, text):
    """Press Approve in the moderation queue's row of the comment that says `text`."""
    row = page.get_by_role("row").filter(has_text=text)
    row.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("1 comment approved.")).to_be_visible()
