"""The public side as a visitor meets it: a campaign page's petition panel and its discussion."""

import re

from playwright.sync_api import expect

from campaign_cms.demo import CAMPAIGN_SLUG

from .languages import Words
from .polling import reload_until

DEMO_CAMPAIGN_PATH = f"/{CAMPAIGN_SLUG}/"
COMMENT_URL = re.compile(r"#comment-(\d+)$")


class PetitionPanel:
    """The first petition block on the page, which speaks `words`' language: labels are named by their English source
    text."""

    def __init__(self, page, words=None):
        self.page = page
        self.words = words or Words()
        self.section = page.locator("section.petition").first
        self.count_number = self.section.locator(".petition-count-number")
        self.progress = self.section.locator("progress")
        # The thank-you notice (a status region); the share box has one of its own for "Link copied".
        self.thanks = self.section.locator(".petition-thanks[role=status]")
        # The button's label is the block's to choose; it is the form's only button.
        self.sign_button = self.section.locator("form").get_by_role("button")

    def field(self, label):
        return self.section.get_by_label(self.words(label))

    def error_next_to(self, label):
        """The errors in the same form row as the field labelled `label`."""
        return self.section.locator(".field", has=self.page.get_by_label(self.words(label))).locator(".errorlist")

    def count(self):
        # Grouped as the language groups digits: "1,234" in English, "1 234" in French.
        return int(re.sub(r"\D", "", self.count_number.inner_text()))

    def fill(self, *, name, email, postcode=None, country=None, comment=None, consent=False):
        self.field("Your name").fill(name)
        self.field("Your e-mail address").fill(email)
        if postcode is not None:
            self.field("Postcode").fill(postcode)
        if country is not None:
            self.field("Country").select_option(label=self.words(country))
        if comment is not None:
            self.field("Why are you signing? (shown to the petition's target)").fill(comment)
        if consent:
            self.section.get_by_role("checkbox").check()

    def expect_count(self, expected):
        """Reload until the count and the progress bar show `expected` (the count is cached for a few seconds)."""
        shown = self.words.number(expected)
        reload_until(self.page, lambda: expect(self.count_number).to_have_text(shown, timeout=1_000))
        expect(self.progress).to_have_attribute("value", str(expected))


class Discussion:
    """The comments block: threads of comments and the form, which moves under the comment being replied to. It
    speaks `words`' language."""

    def __init__(self, page, words=None):
        self.page = page
        self.words = words or Words()
        self.respond = page.locator("#respond")
        self.form = self.respond.locator("form")
        self.post_button = self.form.get_by_role("button", name=self.words("Post comment"))

    def comment(self, comment_id):
        return self.page.locator(f"#comment-{comment_id}")

    def own_part(self, comment_id):
        """The comment itself, without its replies."""
        return self.page.locator(f"#comment-{comment_id} > article")

    def awaiting_moderation(self, comment_id):
        return self.own_part(comment_id).get_by_text(self.words("Your comment is awaiting moderation."))

    def reply_link(self, comment_id):
        name = self.words.starting('Reply<span class="visually-hidden"> to %(author)s</span>')
        return self.own_part(comment_id).get_by_role("link", name=name)

    def reply_nested(self, parent_id, reply_id):
        """The reply, shown in the list of replies right under its parent."""
        return self.page.locator(f"#comment-{parent_id} > ol.children > #comment-{reply_id}")

    def field(self, label):
        return self.form.get_by_label(self.words(label), exact=True)

    def fill(self, body, *, name=None, email=None, notify=False, remember=False):
        if name is not None:
            self.field("Name").fill(name)
        if email is not None:
            self.field("E-mail").fill(email)
        self.field("Comment").fill(body)
        if notify:
            self.field("E-mail me when someone replies to my comment").check()
        if remember:
            self.field("Remember my name and e-mail in this browser").check()

    def submit(self):
        """Post the form; the id of the new comment, which the page is redirected to."""
        return self.posted_after(self.post_button.click)

    def posted_after(self, action):
        previous_url = self.page.url
        action()
        self.page.wait_for_url(lambda url: url != previous_url and COMMENT_URL.search(url))
        return int(COMMENT_URL.search(self.page.url).group(1))

    def post(self, body, **author):
        self.fill(body, **author)
        return self.submit()

    def reply(self, parent_id, body, **author):
        """Follow the comment's Reply link, which brings the form under it, and post the reply."""
        link = self.reply_link(parent_id)
        link.click()
        expect(self.page.locator(f"#comment-{parent_id} > #respond")).to_be_visible()
        # The script's words come from the JavaScript catalogue (comments:jsi18n), which has this message too.
        title = self.words("Reply to %(author)s", author=link.get_attribute("data-author"))
        expect(self.respond.locator("[data-reply-title]")).to_have_text(title)
        return self.post(body, **author)
