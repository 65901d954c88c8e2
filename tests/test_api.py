"""Wagtail's API at /api/v2/ lists and returns campaign pages with their fields."""

import pytest

from campaign_cms.models import CampaignPage

pytestmark = pytest.mark.django_db


def test_pages_endpoint_lists_live_campaign_pages_with_their_fields(client, make_campaign_page, campaign_index):
    make_campaign_page(title="First", date="2026-04-01")
    campaign_index.add_child(instance=CampaignPage(title="Draft", intro="x", live=False))

    response = client.get("/api/v2/pages/", {"type": "campaign_cms.CampaignPage", "fields": "*"})

    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 1
    item = data["items"][0]
    assert item["title"] == "First"
    assert item["intro"] == "Help us keep the unit open."
    assert item["date"] == "2026-04-01"
    assert item["hero_image"] is None
    assert item["body"] == []


def test_page_detail_returns_hero_image_renditions_and_body(client, make_campaign_page, image):
    page = make_campaign_page(
        hero_image=image,
        hero_image_alt="A crowd with placards",
        body=[{"type": "quote", "value": {"text": "Keep it.", "attribution": ""}}],
    )

    data = client.get(f"/api/v2/pages/{page.pk}/").json()

    assert data["meta"]["type"] == "campaign_cms.CampaignPage"
    assert data["hero_image"]["alt"] == "A crowd with placards"
    assert set(data["hero_image"]["renditions"]) == {"small", "medium", "large"}
    assert data["hero_image"]["renditions"]["large"]["url"].startswith("http://testserver/media/")
    assert data["body"][0]["type"] == "quote" and data["body"][0]["value"]["text"] == "Keep it."


def test_unknown_page_is_a_json_404(client):
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response.json() == {"message": "No Page matches the given query."}


def test_images_and_documents_endpoints_are_served(client, image):
    assert client.get("/api/v2/images/").json()["meta"]["total_count"] == 1
    assert client.get("/api/v2/documents/").status_code == 200


def _urls(data):
    """Every absolute URL anywhere in a JSON answer."""
    if isinstance(data, dict):
        return [url for value in data.values() for url in _urls(value)]
    if isinstance(data, list):
        return [url for value in data for url in _urls(value)]
    return [data] if isinstance(data, str) and data.startswith(("http://", "https://")) else []


def test_every_api_link_is_on_the_host_that_serves_it(client, settings, make_campaign_page, image):
    """Issue 16 item 1: a server on another port (`make run PORT=8210`, whose site is at 127.0.0.1:8210) links to
    itself in every API answer: pages, images, petitions and comments, never to the e-mail base URL or port 8000."""
    from wagtail.models import Site

    from comments.models import Comment
    from petitions.models import Petition

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_RATE_LIMIT = "off"
    Site.objects.filter(is_default_site=True).update(hostname="127.0.0.1", port=8210)
    petition = Petition.objects.create(title="Keep it", target="The Commissioner", ask="Keep it open.", goal=10)
    page = make_campaign_page(
        hero_image=image,
        hero_image_alt="A crowd",
        body=[
            {"type": "image", "value": {"image": image.pk, "alt_text": "A crowd", "caption": ""}},
            {"type": "petition", "value": {"petition": petition.pk}},
            {"type": "comments", "value": {}},
        ],
    )
    Comment.objects.create(page=page, author_name="Ada", author_email="ada@example.org", body="Yes.", status="approved")
    host = {"HTTP_HOST": "127.0.0.1:8210"}

    answers = [
        client.get("/api/v2/pages/", {"type": "campaign_cms.CampaignPage", "fields": "*"}, **host).json(),
        client.get(f"/api/v2/pages/{page.pk}/", **host).json(),
        client.get(f"/api/v2/images/{image.pk}/", **host).json(),
        client.get("/api/v2/petitions/", **host).json(),
        client.get(f"/api/v2/petitions/{petition.pk}/", **host).json(),
        client.get("/api/v2/comments/", {"page_id": page.pk}, **host).json(),
        client.post(
            "/api/v2/comments/",
            {"page_id": page.pk, "name": "Bo", "email": "bo@example.org", "body": "Agreed."},
            content_type="application/json",
            **host,
        ).json(),
    ]

    urls = [url for answer in answers for url in _urls(answer)]
    assert len(urls) > 15
    assert [url for url in urls if not url.startswith("http://127.0.0.1:8210/")] == []
