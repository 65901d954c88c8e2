"""Each app ships the stylesheet of what it renders (issue 17): our pages link them once in their head, a block on a
site's own page brings its own, and no app stylesheet restyles the rest of a site's page."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template import Context, Template

from campaign_cms.models import CampaignPage
from petitions.models import Petition

APP_STYLESHEETS = [
    "campaign_cms/css/campaign.css",
    "blocks/css/blocks.css",
    "campaign_common/css/forms.css",
    "petitions/css/petition.css",
    "comments/css/comments.css",
]


def linked(html):
    return re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', html)


@pytest.fixture
def petition(db):
    return Petition.objects.create(title="Keep the unit open", target="The commissioner", ask="Keep it open.")


def test_a_campaign_page_links_each_stylesheet_once_in_its_head(client, make_campaign_page, petition):
    quote = {"type": "quote", "value": {"text": "Keep it.", "attribution": "A nurse"}}
    page = make_campaign_page(
        body=[
            quote,
            {"type": "petition", "value": {"petition": petition.pk}},
            quote,
            {"type": "call_to_action", "value": {"label": "Write to us", "link_url": "https://example.org/"}},
            {"type": "comments", "value": {"open": True}},
        ]
    )

    head, body = client.get(page.url).content.decode().split("</head>")

    assert linked(head) == ["css/site.css", *APP_STYLESHEETS]
    assert linked(body) == []


def test_blocks_on_a_site_s_own_page_link_their_stylesheets_once(rf, petition):
    body = CampaignPage._meta.get_field("body").stream_block.to_python(
        [
            {"type": "quote", "value": {"text": "Keep it.", "attribution": ""}},
            {"type": "petition", "value": {"petition": petition.pk}},
            {"type": "quote", "value": {"text": "Keep it open.", "attribution": ""}},
            {"type": "petition", "value": {"petition": petition.pk}},
        ]
    )
    page = Template("{% load wagtailcore_tags %}{% for block in body %}{% include_block block %}{% endfor %}")

    html = page.render(Context({"body": body, "request": rf.get("/our-own-page/")}))

    assert linked(html) == ["blocks/css/blocks.css", "campaign_common/css/forms.css", "petitions/css/petition.css"]
    assert html.index("petitions/css/petition.css") < html.index('class="petition"')


def test_the_embed_and_the_apps_own_pages_link_their_styles(client, petition):
    embed = client.get(f"/petitions/{petition.pk}/embed/").content.decode()
    confirm = client.get("/petitions/confirm/not-a-token/").content.decode()
    unsubscribe = client.get("/comments/unsubscribe/not-a-token/").content.decode()

    # The embed is a page of its own: the petition's styles, and nothing of the host project's.
    assert linked(embed) == ["campaign_common/css/forms.css", "petitions/css/petition.css"]
    assert linked(confirm) == ["css/site.css", "campaign_common/css/forms.css", "petitions/css/petition.css"]
    assert linked(unsubscribe) == ["css/site.css", "campaign_common/css/forms.css", "comments/css/comments.css"]


@pytest.mark.parametrize("path", APP_STYLESHEETS)
def test_app_stylesheets_style_only_their_own_classes_and_work_without_our_colours(path):
    """A site's body, headings, links and buttons stay its own; a site that defines no --accent etc. gets ours."""
    css = re.sub(r"/\*.*?\*/", "", Path(finders.find(path)).read_text(), flags=re.S)
    selectors = [
        selector.strip()
        for rule in re.findall(r"([^{}]+)\{[^{}]*\}", css)
        if not rule.strip().startswith("@")
        for selector in re.split(r",(?![^()]*\))", rule)
    ]

    assert selectors
    assert [selector for selector in selectors if "." not in selector] == []
    assert re.findall(r"var\(--[\w-]+\)", css) == []
