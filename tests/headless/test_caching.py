"""HTTP caching of the GET endpoints: Cache-Control within the documented bounds, ETag and Last-Modified, 304."""

import json
from unittest import mock

import pytest
from django.utils.http import http_date, parse_http_date

from petitions.models import PetitionCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(petition, page):
    return {
        "petitions": "/api/v2/petitions/",
        "petition": f"/api/v2/petitions/{petition.pk}/",
        "comments": f"/api/v2/comments/?page_id={page.pk}",
    }


@pytest.mark.parametrize(("name", "max_age"), [("petitions", 2), ("petition", 2), ("comments", 10)])
def test_get_answers_carry_cache_headers_within_their_bounds(client, urls, name, max_age):
    response = client.get(urls[name])

    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={max_age}"
    assert response["ETag"].startswith('"') and response["Last-Modified"]


@pytest.mark.parametrize("name", ["petitions", "petition", "comments"])
def test_conditional_requests_get_304_while_the_answer_is_unchanged(client, urls, name):
    first = client.get(urls[name])

    by_etag = client.get(urls[name], HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(urls[name], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    for response in (by_etag, by_date):
        assert response.status_code == 304 and response.content == b""
        assert (response["ETag"], response["Cache-Control"]) == (first["ETag"], first["Cache-Control"])


def test_a_new_count_is_a_new_etag_and_a_later_date_even_within_the_second(client, settings, urls, petition):
    settings.PETITIONS_COUNT_CACHE_SECONDS = 0
    with mock.patch("campaign_cms.api_caching.time.time", return_value=1_900_000_000.2):
        first = client.get(urls["petition"])
        PetitionCounter.objects.add(petition.pk, 1)
        second = client.get(urls["petition"], HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(urls["petition"], HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert second.status_code == 200 and second.json()["signature_count"] == 1
    assert second["ETag"] != first["ETag"]
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    assert by_date.status_code == 200


def test_the_same_answer_keeps_its_date(client, urls):
    first = client.get(urls["petitions"])
    later = client.get(urls["petitions"], HTTP_IF_MODIFIED_SINCE=http_date(0))

    assert later.status_code == 200 and later["Last-Modified"] == first["Last-Modified"]


def test_errors_and_posts_are_not_cached(client, petition):
    missing = client.get("/api/v2/petitions/999999/")
    signed = client.post(
        f"/api/v2/petitions/{petition.pk}/signatures/",
        json.dumps({"name": "Ada", "email": "ada@example.org"}),
        content_type="application/json",
    )

    for response in (missing, signed):
        assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


def test_other_endpoints_are_left_to_their_own_caching(client, make_campaign_page):
    page = make_campaign_page()
    response = client.get(f"/api/v2/pages/{page.pk}/")

    assert response.status_code == 200 and "ETag" not in response
