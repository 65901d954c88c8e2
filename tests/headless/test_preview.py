"""Headless preview: with HEADLESS_PREVIEW_URL editors preview a draft on the external frontend, which reads it from
the API by its token; without it, Wagtail's own preview."""

import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.signing import TimestampSigner
from wagtail_headless_preview.models import PagePreview

from campaign_cms.models import CampaignPage

pytestmark = pytest.mark.django_db

FRONTEND = "http://front.example:8001/"
PREVIEW = "/api/v2/page_preview/"


@pytest.fixture
def frontend(settings):
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONTEND}}


@pytest.fixture
def draft(make_campaign_page):
    page = make_campaign_page(title="Published title")
    page.title = "Draft title"
    page.body = json.dumps([{"type": "quote", "value": {"text": "Only in the draft.", "attribution": ""}}])
    return page


def preview_of(page, rf):
    request = rf.get("/admin/")
    request.user = None
    return page.make_preview_request(original_request=request)


def frontend_link(response):
    return html.unescape(re.search(r'<iframe [^>]*src="([^"]+)"', response.content.decode()).group(1))


def test_without_a_frontend_wagtail_previews_the_page_itself(rf, draft):
    response = preview_of(draft, rf)

    page = response.content.decode()
    assert "<h1>Draft title</h1>" in page and "Only in the draft." in page
    assert not PagePreview.objects.exists()


def test_with_a_frontend_the_preview_shows_it_with_a_token_that_reads_the_draft(client, rf, frontend, draft):
    link = frontend_link(preview_of(draft, rf))

    assert link.startswith(FRONTEND)
    query = {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
    assert query["content_type"] == "campaign_cms.campaignpage"
    response = client.get(PREVIEW, query)
    assert response.status_code == 200
    data = response.json()
    assert (data["id"], data["title"], data["meta"]["type"]) == (draft.pk, "Draft title", "campaign_cms.CampaignPage")
    assert data["body"][0]["value"]["text"] == "Only in the draft."
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(f"/api/v2/pages/{draft.pk}/").json()["title"] == "Published title"


def test_a_page_never_saved_previews_with_id_0(client, rf, frontend, campaign_index):
    page = CampaignPage(title="Brand new", slug="brand-new", intro="Soon.")
    page.set_url_path(campaign_index)
    page.depth, page.path = campaign_index.depth + 1, campaign_index.path + "0099"
    link = frontend_link(preview_of(page, rf))

    response = client.get(PREVIEW, {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()})

    assert response.status_code == 200 and (response.json()["id"], response.json()["title"]) == (0, "Brand new")


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"token": "x"}, 400, "content_type"),
        ({"content_type": "campaign_cms.campaignpage"}, 400, "token"),
        ({"content_type": "campaign_cms.campaignindexpage", "token": "x"}, 400, "content_type"),
        ({"content_type": "no.such", "token": "x"}, 400, "content_type"),
        ({"content_type": "campaign_cms.campaignpage", "token": "forged"}, 404, "token"),
    ],
)
def test_bad_preview_requests_get_json_errors(client, query, status, field):
    response = client.get(PREVIEW, query)

    assert response.status_code == status
    assert list(response.json()["errors"]) == [field]


def test_a_token_older_than_a_day_no_longer_works(client, rf, frontend, draft, monkeypatch):
    link = frontend_link(preview_of(draft, rf))
    query = {name: values[0] for name, values in parse_qs(urlsplit(link).query).items()}
    real_unsign = TimestampSigner.unsign
    monkeypatch.setattr(TimestampSigner, "unsign", lambda self, value, max_age=None: real_unsign(self, value, -1))

    response = client.get(PREVIEW, query)

    assert response.status_code == 404 and "expired" in response.json()["errors"]["token"][0]


def test_the_admin_may_frame_either_preview_whatever_the_sites_policy(rf, settings, draft):
    wagtail_preview = preview_of(draft, rf)
    settings.WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": FRONTEND}}
    headless_preview = preview_of(draft, rf)

    assert "frame-ancestors 'self'" in wagtail_preview["Content-Security-Policy"]
    assert "script-src" in wagtail_preview["Content-Security-Policy"]  # the rest of the site's policy still applies
    assert headless_preview["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'self'; frame-src http://front.example:8001; frame-ancestors 'self'"
    )
    assert "headless-preview.css" in headless_preview.content.decode()


def test_the_admin_may_frame_the_preview_of_a_campaign_index(rf, campaign_index):
    response = preview_of(campaign_index, rf)

    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
