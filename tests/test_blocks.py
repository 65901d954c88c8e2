"""Each content block renders on the page and serialises for the API."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from blocks.body import CampaignBodyBlock
from blocks.content import CallToActionBlock

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://video.example.org/watch/42"


@pytest.fixture
def cached_embed(db):
    """An oEmbed response already in Wagtail's embed cache, so nothing is fetched from the network."""
    return Embed.objects.create(
        hash=get_embed_hash(VIDEO_URL),
        url=VIDEO_URL,
        type="video",
        html='<iframe title="Our film" src="https://video.example.org/embed/42"></iframe>',
        title="Our film",
    )


@pytest.fixture
def page_with_every_block(make_campaign_page, image, campaign_index, cached_embed):
    return make_campaign_page(
        body=[
            {"type": "heading", "value": {"text": "Why it matters", "level": "h3"}},
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{campaign_index.pk}">all campaigns</a> now.</p>',
            },
            {"type": "image", "value": {"image": image.pk, "alt_text": "Officers at a desk", "caption": "The team"}},
            {"type": "quote", "value": {"text": "Keep it open.", "attribution": "A detective"}},
            {"type": "embed", "value": VIDEO_URL},
            {"type": "call_to_action", "value": {"label": "See more", "page": campaign_index.pk, "link_url": ""}},
            {"type": "call_to_action", "value": {"label": "Write to us", "page": None, "link_url": "https://x.org/"}},
        ]
    )


def api_body(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    return {block["type"]: block["value"] for block in response.json()["body"]}, response.json()["body"]


def test_every_block_renders_on_the_page(client, page_with_every_block, campaign_index):
    html = client.get(page_with_every_block.url).content.decode()

    assert "<h3>Why it matters</h3>" in html
    assert f'<a href="{campaign_index.url}">all campaigns</a>' in html
    assert 'alt="Officers at a desk"' in html and "srcset=" in html and "<figcaption>The team</figcaption>" in html
    assert "<blockquote><p>Keep it open.</p></blockquote>" in html and "A detective" in html
    assert 'src="https://video.example.org/embed/42"' in html
    assert f'<a class="button" href="{campaign_index.url}">See more</a>' in html
    assert '<a class="button" href="https://x.org/">Write to us</a>' in html


def test_every_block_serialises_for_the_api(client, page_with_every_block, campaign_index, image):
    values, body = api_body(client, page_with_every_block)

    assert values["heading"] == {"text": "Why it matters", "level": "h3"}
    assert f'<a href="{campaign_index.url}">all campaigns</a>' in values["paragraph"]
    assert 'linktype="page"' not in values["paragraph"]
    assert values["image"]["caption"] == "The team"
    assert values["image"]["image"]["alt"] == "Officers at a desk"
    medium = values["image"]["image"]["renditions"]["medium"]
    assert medium["url"].startswith("http://testserver/media/images/") and medium["width"] <= 800
    assert values["quote"] == {"text": "Keep it open.", "attribution": "A detective"}
    assert values["embed"]["url"] == VIDEO_URL and "video.example.org/embed/42" in values["embed"]["html"]
    call_to_actions = [block["value"] for block in body if block["type"] == "call_to_action"]
    assert call_to_actions[0] == {"label": "See more", "url": campaign_index.full_url, "page": campaign_index.pk}
    assert call_to_actions[1] == {"label": "Write to us", "url": "https://x.org/", "page": None}


def test_an_embed_that_cannot_be_fetched_falls_back_to_a_link(client, make_campaign_page):
    # No oEmbed provider knows this host, so Wagtail finds nothing (and fetches nothing).
    page = make_campaign_page(body=[{"type": "embed", "value": "https://unknown.example.org/clip"}])

    html = client.get(page.url).content.decode()

    assert '<a href="https://unknown.example.org/clip" rel="noopener">' in html


def test_call_to_action_needs_a_page_or_a_url_but_not_both(campaign_index):
    block = CallToActionBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Go", "page": None, "link_url": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"label": "Go", "page": campaign_index.pk, "link_url": "https://x.org/"}))
    assert block.clean(block.to_python({"label": "Go", "page": None, "link_url": "https://x.org/"}))["label"] == "Go"


def test_body_offers_the_contract_block_names():
    names = set(CampaignBodyBlock().child_blocks)
    assert {"heading", "paragraph", "image", "quote", "embed", "call_to_action"} <= names


def test_the_editor_knows_a_page_takes_one_comments_block(admin_client, campaign_index):
    """Issue 16 item 25: the block menu offered a second Comments block. The editor's block definitions carry the
    limit (Wagtail flags a second one as soon as it is added) and the menu entry says so; saving refuses it."""
    html = admin_client.get(f"/admin/pages/add/campaign_cms/campaignpage/{campaign_index.pk}/").content.decode()

    assert "&quot;blockCounts&quot;: {&quot;comments&quot;: {&quot;max_num&quot;: 1}}" in html
    assert "one per page" in html
    block = CampaignBodyBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python([{"type": "comments", "value": {}}, {"type": "comments", "value": {}}]))
