"""CORS (django-cors-headers): frontends on the configured origins may call /api/, and only /api/."""

import json

import pytest

pytestmark = pytest.mark.django_db

FRONTEND = "http://front.example"


@pytest.fixture(autouse=True)
def allowed_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [FRONTEND]


def preflight(client, path, origin=FRONTEND):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
    )


@pytest.mark.parametrize("endpoint", ["signatures", "comments"])
def test_the_post_endpoints_answer_a_preflight_from_an_allowed_origin(client, petition, endpoint):
    path = f"/api/v2/petitions/{petition.pk}/signatures/" if endpoint == "signatures" else "/api/v2/comments/"

    response = preflight(client, path)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert "content-type" in response["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response


def test_other_origins_get_no_cors_headers(client, petition):
    response = preflight(client, "/api/v2/comments/", origin="http://evil.example")
    listing = client.get("/api/v2/petitions/", HTTP_ORIGIN="http://evil.example")

    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in listing


def test_answers_to_an_allowed_origin_expose_retry_after_and_etag(client, settings, petition):
    settings.PETITIONS_RATE_LIMIT = "1/60s"
    path = f"/api/v2/petitions/{petition.pk}/signatures/"
    body = json.dumps({"name": "Ada", "email": "ada@example.org"})
    client.post(path, body, content_type="application/json", HTTP_ORIGIN=FRONTEND)

    limited = client.post(path, body, content_type="application/json", HTTP_ORIGIN=FRONTEND)

    assert limited.status_code == 429
    assert limited["Access-Control-Allow-Origin"] == FRONTEND
    assert {"retry-after", "etag"} <= {
        name.strip().lower() for name in limited["Access-Control-Expose-Headers"].split(",")
    }


def test_pages_outside_the_api_get_no_cors_headers_even_for_an_allowed_origin(client, petition, make_campaign_page):
    page = make_campaign_page()
    for path in (page.url, f"/petitions/{petition.pk}/", f"/petitions/{petition.pk}/embed/"):
        response = client.get(path, HTTP_ORIGIN=FRONTEND)
        assert response.status_code == 200, path
        assert not any(name.lower().startswith("access-control-") for name in response.headers), path
    sign = preflight(client, f"/petitions/{petition.pk}/sign/")
    assert "Access-Control-Allow-Origin" not in sign
