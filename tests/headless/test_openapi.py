"""The OpenAPI document of our endpoints: valid, limited to our endpoints, every contract status described, browsable
without a CDN, and true to what the endpoints really answer."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from comments.models import Comment
from petitions.models import PetitionCounter

pytestmark = pytest.mark.django_db

PETITIONS = "/api/v2/petitions/"
PETITION = "/api/v2/petitions/{id}/"
SIGNATURES = "/api/v2/petitions/{id}/signatures/"
COMMENTS = "/api/v2/comments/"

CONTRACT_STATUSES = {
    (PETITIONS, "get"): {"200", "304", "400"},
    (PETITION, "get"): {"200", "304", "404"},
    (SIGNATURES, "post"): {"201", "202", "400", "404", "409", "415", "429"},
    (COMMENTS, "get"): {"200", "304", "400", "404"},
    (COMMENTS, "post"): {"201", "202", "400", "403", "404", "415", "429"},
}


def post_json(client, url, body):
    return client.post(url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json")


def signature(**fields):
    return {"name": "Ada Lovelace", "email": "ada@example.org", "country": "GB", "consent": True, **fields}


def test_the_document_is_valid_openapi_3_1(openapi_document):
    validate_schema(openapi_document)
    assert openapi_document["openapi"].startswith("3.1")


def test_the_document_is_generated_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "openapi.yaml"))


def test_the_document_has_our_endpoints_only_with_every_contract_status(openapi_document):
    operations = {
        (path, method): set(operation["responses"])
        for path, methods in openapi_document["paths"].items()
        for method, operation in methods.items()
    }
    assert operations == CONTRACT_STATUSES


def test_errors_are_described_with_their_shape_and_rate_limits_with_retry_after(openapi_document):
    for (path, method), statuses in CONTRACT_STATUSES.items():
        responses = openapi_document["paths"][path][method]["responses"]
        for status in statuses - {"200", "201", "202", "304"}:
            schema = responses[status]["content"]["application/json"]["schema"]
            errors = openapi_document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            assert errors["required"] == ["errors"], (path, status)
        if "429" in statuses:
            assert responses["429"]["headers"]["Retry-After"]["required"] is True


def test_the_schema_and_docs_are_served_locally_without_a_cdn(client):
    schema = client.get("/api/v2/schema/")
    docs = client.get("/api/v2/docs/")
    script = client.get("/api/v2/docs/", {"script": ""})

    assert schema.status_code == 200 and schema["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert docs.status_code == 200 and script.status_code == 200
    html = docs.content.decode()
    assert "/api/v2/schema/" in script.content.decode()
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    assert "<script>" not in html and "<style>" not in html  # the site's Content-Security-Policy allows no inline code
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in html
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}")


def test_petition_answers_match_the_document(client, make_petition, petition, assert_documented):
    PetitionCounter.objects.add(petition.pk, 2)
    assert_documented(client.get(PETITIONS), PETITIONS, "GET")
    assert_documented(client.get(PETITIONS, {"limit": "lots"}), PETITIONS, "GET")
    assert_documented(client.get(f"/api/v2/petitions/{petition.pk}/"), PETITION, "GET")
    assert_documented(client.get("/api/v2/petitions/999999/"), PETITION, "GET")

    sign = f"/api/v2/petitions/{petition.pk}/signatures/"
    unconfirmed = make_petition(title="No confirmation", requires_confirmation=False)
    closed = make_petition(title="Closed", closes_at=timezone.now() - timezone.timedelta(days=1))
    answers = {
        202: post_json(client, sign, signature()),
        201: post_json(client, f"/api/v2/petitions/{unconfirmed.pk}/signatures/", signature()),
        400: post_json(client, sign, signature(email="not an address", consent="yes")),
        404: post_json(client, "/api/v2/petitions/999999/signatures/", signature()),
        409: post_json(client, f"/api/v2/petitions/{closed.pk}/signatures/", signature()),
        415: client.post(sign, signature()),
    }
    for status, response in answers.items():
        assert response.status_code == status
        assert_documented(response, SIGNATURES, "POST")
    assert_documented(post_json(client, sign, "[not json"), SIGNATURES, "POST")


def test_a_rate_limited_signature_matches_the_document(client, settings, petition, assert_documented):
    settings.PETITIONS_RATE_LIMIT = "1/60s"
    sign = f"/api/v2/petitions/{petition.pk}/signatures/"
    post_json(client, sign, signature())

    response = post_json(client, sign, signature(email="bob@example.org"))

    assert response.status_code == 429
    assert_documented(response, SIGNATURES, "POST")


def test_comment_answers_match_the_document(
    client, settings, page, add_comment, make_discussion_page, assert_documented
):
    top = add_comment(body="Top")
    add_comment(add_comment(top, body="Reply"), body="Deeper")
    removed = add_comment(status=Comment.Status.REMOVED, body="")
    add_comment(removed, body="Kept")
    for params, status in [
        ({"page_id": page.pk}, 200),
        ({"page_id": page.pk, "replies_limit": 1}, 200),  # a thread cut, with the URL of the rest
        ({"page_id": page.pk, "thread": top.pk}, 200),
        ({}, 400),
        ({"page_id": 999_999}, 404),
        ({"page_id": page.pk, "thread": 999_999}, 404),
    ]:
        response = client.get(COMMENTS, params)
        assert response.status_code == status
        assert_documented(response, COMMENTS, "GET")
    listing = client.get(COMMENTS, {"page_id": page.pk}).json()
    assert any(thread["removed"] for thread in listing["items"])

    closed = make_discussion_page(title="Closed", open=False)
    comment = {"page_id": page.pk, "name": "Ada", "email": "ada@example.org", "body": "A thought."}
    answers = {
        201: post_json(client, COMMENTS, {**comment, "parent": top.pk, "notify": True}),
        400: post_json(client, COMMENTS, {**comment, "body": ""}),
        403: post_json(client, COMMENTS, {**comment, "page_id": closed.pk}),
        404: post_json(client, COMMENTS, {**comment, "page_id": 999_999}),
        415: client.post(COMMENTS, comment),
    }
    settings.COMMENTS_MODERATION = "all"
    answers[202] = post_json(client, COMMENTS, comment)
    settings.COMMENTS_RATE_LIMIT = "1/60s"
    post_json(client, COMMENTS, comment)
    answers[429] = post_json(client, COMMENTS, comment)
    for status, response in answers.items():
        assert response.status_code == status, response.content
        assert_documented(response, COMMENTS, "POST")
    assert_documented(post_json(client, COMMENTS, "{"), COMMENTS, "POST")


def test_unknown_api_paths_are_json_404s_whatever_the_method(client):
    for path in ("/api/", "/api/v2/nothing/", "/api/v2/petitions/abc/", "/api/v3/pages/"):
        for response in (client.get(path), client.post(path, "{}", content_type="application/json")):
            assert response.status_code == 404, path
            assert response["Content-Type"] == "application/json"
            assert "/api/v2/docs/" in response.json()["errors"]["__all__"][0]


def test_wrong_methods_are_json_405s_in_the_contract_shape(client, petition):
    cases = [
        ("delete", PETITIONS),
        ("post", f"/api/v2/petitions/{petition.pk}/"),
        ("get", f"/api/v2/petitions/{petition.pk}/signatures/"),
        ("put", COMMENTS),
    ]
    for method, path in cases:
        response = getattr(client, method)(path)
        assert response.status_code == 405, path
        assert response["Content-Type"] == "application/json"
        assert "not allowed" in response.json()["errors"]["__all__"][0]
        assert response["Allow"]


def test_each_comments_operation_describes_itself_alone(openapi_document):
    """Issue 16 item 24: listing comments was described as taking new comments (the view class's docstring)."""
    listing = openapi_document["paths"][COMMENTS]["get"]["description"]
    posting = openapi_document["paths"][COMMENTS]["post"]["description"]

    assert "takes new comments" not in listing and "threads" in listing
    assert "takes new comments" not in posting
