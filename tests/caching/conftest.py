"""A campaign page with a petition and a discussion, and a reader of the forms in a page's HTML."""

from html.parser import HTMLParser

import pytest

from petitions.models import Petition


@pytest.fixture
def campaign_page(make_campaign_page, settings):
    """A page with a petition and a discussion; comments published at once, no rate limits."""
    settings.PETITIONS_RATE_LIMIT = settings.COMMENTS_RATE_LIMIT = "off"
    settings.COMMENTS_MODERATION = "none"
    petition = Petition.objects.create(
        title="Keep the unit open", target="The Police Commissioner", ask="Keep the anti-trafficking unit open."
    )
    return make_campaign_page(
        body=[
            {"type": "petition", "value": {"petition": petition.pk, "show_progress": True}},
            {"type": "comments", "value": {}},
        ]
    )


@pytest.fixture
def petition(campaign_page):
    return Petition.objects.get()


class FormReader(HTMLParser):
    """The POST forms of a page: [{"action": ..., "class": ..., "fields": {name: value}}], with the values a browser
    would send untouched (hidden and text inputs, checked boxes, textareas, the selected or first option)."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.form = {"action": attrs.get("action", ""), "class": attrs.get("class", ""), "fields": {}}
            self.forms.append(self.form)
        elif self.form is None or "name" not in attrs and tag != "option":
            return
        elif tag == "input" and (attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs):
            self.form["fields"][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.form["fields"][self.textarea] = ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and (self.select not in self.form["fields"] or "selected" in attrs):
            self.form["fields"][self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea:
            self.form["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def post_forms(html):
    reader = FormReader()
    reader.feed(html)
    return reader.forms


def form_with_class(html, css_class):
    return next(form for form in post_forms(html) if css_class in form["class"].split())
