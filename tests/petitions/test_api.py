"""The JSON endpoints: shapes, status codes, errors, and that no personal data ever leaves through them."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from petitions.models import PetitionCounter, Signature, SignatureStatus
from petitions.signing import normalise_email
from tests.bursts import BURSTS, burst_times, busiest_span

from .conftest import confirmation_path

PERSONAL = ("ada@example.org", "Ada Lovelace", "SW1A 1AA", "Because it matters")


def post_json(client, url, body, **extra):
    return client.post(
        url, json.dumps(body) if not isinstance(body, str) else body, content_type="application/json", **extra
    )


def valid_body(**overrides):
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "postcode": "SW1A 1AA",
        "country": "GB",
        "comment": "Because it matters",
        "consent": True,
        **overrides,
    }


def add_confirmed(petition, email, country, day):
    moment = datetime.datetime(2030, 1, day, 12, tzinfo=datetime.UTC)
    Signature.objects.create(
        petition=petition,
        name="Ada Lovelace",
        email=email,
        normalised_email=normalise_email(email),
        postcode="SW1A 1AA",
        country=country,
        status=SignatureStatus.CONFIRMED,
        confirmed_at=moment,
    )
    PetitionCounter.objects.add(petition.pk, 1)


def test_listing_has_published_petitions_with_counts(client, make_petition):
    shown = make_petition(title="Shown")
    make_petition(title="Draft", is_published=False)
    PetitionCounter.objects.add(shown.pk, 3)

    data = client.get("/api/v2/petitions/").json()

    assert data["meta"]["total_count"] == 1
    (item,) = data["items"]
    assert item["title"] == "Shown" and item["signature_count"] == 3 and item["status"] == "open"
    assert item["urls"]["detail"] == f"http://testserver/api/v2/petitions/{shown.pk}/"


def test_listing_paginates_and_rejects_bad_parameters(client, make_petition):
    for number in range(3):
        make_petition(title=f"Petition {number}")

    page = client.get("/api/v2/petitions/?limit=2&offset=2").json()

    assert page["meta"]["total_count"] == 3 and len(page["items"]) == 1
    assert client.get("/api/v2/petitions/?limit=abc").status_code == 400
    # An empty value is no number either (the OpenAPI fuzzer sends `offset=`); the comments listing agrees.
    assert client.get("/api/v2/petitions/?offset=").status_code == 400


def test_detail_has_counts_by_country_and_day_and_no_personal_data(client, petition):
    add_confirmed(petition, "ada@example.org", "GB", 1)
    add_confirmed(petition, "bob@example.org", "GB", 1)
    add_confirmed(petition, "eva@example.org", "FR", 3)

    response = client.get(f"/api/v2/petitions/{petition.pk}/")

    data = response.json()
    assert data["signature_count"] == 3 and data["goal"] == 100 and data["closes_at"] is None
    assert data["counts_by_country"] == [
        {"country": "GB", "name": "United Kingdom", "count": 2},
        {"country": "FR", "name": "France", "count": 1},
    ]
    assert data["counts_by_day"] == [{"date": "2030-01-01", "count": 2}, {"date": "2030-01-03", "count": 1}]
    body = response.content.decode()
    assert not any(value in body for value in PERSONAL)


def test_detail_of_unknown_or_unpublished_petition_is_404(client, make_petition):
    draft = make_petition(is_published=False)

    assert client.get(f"/api/v2/petitions/{draft.pk}/").status_code == 404
    assert client.get("/api/v2/petitions/424242/").status_code == 404


def test_signing_sends_a_confirmation_and_answers_202(client, petition, api_sign_url, outbox):
    response = post_json(client, api_sign_url, valid_body())

    assert response.status_code == 202
    assert response.json()["status"] == "confirmation_sent"
    signature = Signature.objects.get()
    assert signature.source == "api" and signature.postcode == "SW1A 1AA" and signature.consent is True
    assert len(outbox) == 1
    client.post(confirmation_path(outbox[0]))
    assert Signature.objects.get().status == SignatureStatus.CONFIRMED


def test_signing_again_gets_the_identical_answer(client, petition, api_sign_url, outbox):
    first = post_json(client, api_sign_url, valid_body())
    client.post(confirmation_path(outbox[0]))

    again = post_json(client, api_sign_url, valid_body(email="ADA@example.org", name="Not Ada"))

    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert Signature.objects.count() == 1


def test_signing_without_confirmation_answers_201(client, make_petition, outbox):
    petition = make_petition(requires_confirmation=False)

    response = post_json(client, f"/api/v2/petitions/{petition.pk}/signatures/", valid_body())

    assert response.status_code == 201 and response.json()["status"] == "signed"
    assert petition.signature_count == 1 and not outbox


def test_signing_needs_no_csrf_token(petition, api_sign_url):
    response = post_json(Client(enforce_csrf_checks=True), api_sign_url, valid_body())

    assert response.status_code == 202


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (valid_body(name=""), "name"),
        (valid_body(email="nope"), "email"),
        (valid_body(name="x" * 101), "name"),
        (valid_body(comment="x" * 1001), "comment"),
        (valid_body(country="Narnia"), "country"),
        (valid_body(name=["Ada"]), "name"),
        (valid_body(email=42), "email"),
        (valid_body(consent="maybe"), "consent"),
        ({"email": "ada@example.org"}, "name"),
    ],
)
def test_field_errors_are_400_with_messages(client, petition, api_sign_url, body, field):
    response = post_json(client, api_sign_url, body)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors and all(isinstance(message, str) for message in errors[field])
    assert not Signature.objects.exists()


def test_missing_required_consent(client, make_petition):
    petition = make_petition(consent_required=True)

    response = post_json(client, f"/api/v2/petitions/{petition.pk}/signatures/", valid_body(consent=False))

    assert response.status_code == 400 and response.json()["errors"]["consent"] == ["This field is required."]


def test_each_petition_validates_with_its_own_fields_and_a_change_applies_at_once(client, make_petition):
    """The endpoint's form shares its fields between requests for petitions with the same field settings."""
    required = make_petition(postcode_field="required", consent_required=True)
    hidden = make_petition(postcode_field="hidden")
    body = valid_body(postcode="", consent=False)

    refused = post_json(client, f"/api/v2/petitions/{required.pk}/signatures/", body)
    accepted = post_json(client, f"/api/v2/petitions/{hidden.pk}/signatures/", body)
    required.postcode_field = "optional"
    required.consent_required = False
    required.save()
    accepted_after_the_change = post_json(client, f"/api/v2/petitions/{required.pk}/signatures/", body)
    refused_again = post_json(client, f"/api/v2/petitions/{required.pk}/signatures/", valid_body(postcode="!!"))

    assert refused.status_code == 400 and set(refused.json()["errors"]) == {"postcode", "consent"}
    assert accepted.status_code == 202 and Signature.objects.get(petition=hidden).postcode == ""
    assert accepted_after_the_change.status_code == 202
    assert refused_again.status_code == 400 and set(refused_again.json()["errors"]) == {"postcode"}


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '"text"', "null"])
def test_malformed_json_is_400(client, petition, api_sign_url, body):
    response = post_json(client, api_sign_url, body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]


def test_wrong_content_type_is_415(client, petition, api_sign_url):
    response = client.post(api_sign_url, valid_body())  # a form post, not JSON

    assert response.status_code == 415 and "__all__" in response.json()["errors"]


def test_unknown_unpublished_and_closed_petitions(client, make_petition):
    draft = make_petition(is_published=False)
    closed = make_petition(closes_at=timezone.now() - timezone.timedelta(minutes=1))

    assert post_json(client, f"/api/v2/petitions/{draft.pk}/signatures/", valid_body()).status_code == 404
    assert post_json(client, "/api/v2/petitions/999999/signatures/", valid_body()).status_code == 404
    response = post_json(client, f"/api/v2/petitions/{closed.pk}/signatures/", valid_body())
    assert response.status_code == 409 and "closed" in response.json()["errors"]["__all__"][0]


def test_rate_limit_is_429_with_retry_after(client, settings, petition, api_sign_url):
    settings.PETITIONS_RATE_LIMIT = "2/60s"
    for number in range(2):
        post_json(client, api_sign_url, valid_body(email=f"p{number}@example.org"))

    response = post_json(client, api_sign_url, valid_body(email="third@example.org"))

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60 + 6  # the period, and at most a tenth more (ratelimit.py)
    assert Signature.objects.count() == 2


def test_honeypot_answers_like_success(client, petition, api_sign_url, outbox):
    response = post_json(client, api_sign_url, valid_body(website="http://spam.example"))

    assert response.status_code == 202 and not Signature.objects.exists() and not outbox


def test_captcha_token_is_checked(client, captcha, petition, api_sign_url):
    missing = post_json(client, api_sign_url, valid_body())
    accepted = post_json(client, api_sign_url, valid_body(captcha="token"))

    assert missing.status_code == 400 and "captcha" in missing.json()["errors"]
    assert accepted.status_code == 202 and captcha.calls == ["token"]


def test_typos_do_not_use_up_the_rate_limit(client, settings, petition, api_sign_url):
    """Issue 16 item 8: only valid signatures count against PETITIONS_RATE_LIMIT."""
    settings.PETITIONS_RATE_LIMIT = "2/300s"
    for _typo in range(5):
        assert post_json(client, api_sign_url, valid_body(email="ada@example")).status_code == 400

    assert post_json(client, api_sign_url, valid_body(email="one@example.org")).status_code == 202
    assert post_json(client, api_sign_url, valid_body(email="two@example.org")).status_code == 202
    refused = post_json(client, api_sign_url, valid_body(email="three@example.org"))
    assert refused.status_code == 429
    assert refused.json()["errors"]["__all__"][0].startswith("Too many signatures from your connection.")


def test_no_span_of_the_period_takes_more_than_the_limit_even_at_a_window_edge(client, settings, petition, monkeypatch):
    """Issue 16 item 8: fixed windows aligned to the clock accepted 10 signatures in 3.8 s under 5/300s."""
    settings.PETITIONS_RATE_LIMIT = "5/300s"
    clock = {"now": 0.0}
    monkeypatch.setattr("time.time", lambda: clock["now"])
    accepted = []
    for number, clock["now"] in enumerate(burst_times()):
        response = post_json(
            client, f"/api/v2/petitions/{petition.pk}/signatures/", valid_body(email=f"s{number}@x.org")
        )
        assert response.status_code in (202, 429)
        if response.status_code == 202:
            accepted.append(clock["now"])

    busiest = busiest_span(accepted)
    assert busiest <= 5
    assert len(accepted) == 5 * BURSTS  # each burst after a quiet period gets the full limit
