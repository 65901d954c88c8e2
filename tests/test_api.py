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
