"""Captcha over JSON: the `captcha` token is verified with django-recaptcha's client, as the HTML forms verify theirs
(v2, or v3 with the score threshold), with the same messages; the blocks tell frontends which captcha to solve."""

import json
from unittest import mock

import pytest
from django_recaptcha.client import RecaptchaResponse

from petitions.forms import SignatureForm

pytestmark = pytest.mark.django_db

SUBMIT = "django_recaptcha.fields.client.submit"
NO_CAPTCHA = {"type": "none", "site_key": None, "action": None}


@pytest.fixture
def recaptcha_keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "site-key"
    settings.RECAPTCHA_PRIVATE_KEY = "secret-key"
    return settings


def google_says(valid=True, score=None, action=None):
    extra_data = {} if score is None else {"score": score}
    return mock.patch(SUBMIT, return_value=RecaptchaResponse(is_valid=valid, extra_data=extra_data, action=action))


def sign(client, petition, **fields):
    body = {"name": "Ada Lovelace", "email": "ada@example.org", **fields}
    return client.post(
        f"/api/v2/petitions/{petition.pk}/signatures/", json.dumps(body), content_type="application/json"
    )


def comment(client, page, **fields):
    body = {"page_id": page.pk, "name": "Ada", "email": "ada@example.org", "body": "A thought.", **fields}
    return client.post("/api/v2/comments/", json.dumps(body), content_type="application/json")


def block_value(client, page, block_type):
    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    return next(block["value"] for block in body if block["type"] == block_type)


@pytest.fixture
def campaign(make_campaign_page, petition):
    body = [
        {"type": "petition", "value": {"petition": petition.pk, "show_progress": True}},
        {"type": "comments", "value": {"open": True}},
    ]
    return make_campaign_page(title="Sign my petition", body=body)


def test_without_keys_the_blocks_say_no_captcha_is_needed(client, campaign):
    assert block_value(client, campaign, "petition")["petition"]["captcha"] == NO_CAPTCHA
    assert block_value(client, campaign, "comments")["captcha"] == NO_CAPTCHA


def test_with_keys_the_blocks_name_the_version_and_site_key(client, recaptcha_keys, campaign, petition):
    assert block_value(client, campaign, "petition")["petition"]["captcha"] == {
        "type": "recaptcha_v2",
        "site_key": "site-key",
        "action": None,
    }
    assert block_value(client, campaign, "comments")["captcha"] == {
        "type": "recaptcha_v2",
        "site_key": "site-key",
        "action": None,
    }
    recaptcha_keys.PETITIONS_RECAPTCHA_VERSION = "v3"
    expected = {"type": "recaptcha_v3", "site_key": "site-key", "action": "sign_petition"}
    assert block_value(client, campaign, "petition")["petition"]["captcha"] == expected
    assert client.get(f"/api/v2/petitions/{petition.pk}/").json()["captcha"] == expected


def test_a_v2_token_is_verified_with_the_html_forms_messages(client, recaptcha_keys, petition):
    html_errors = SignatureForm(petition, data={"name": "Ada", "email": "ada@example.org"}).errors["captcha"]

    missing = sign(client, petition)
    with google_says(valid=False):
        refused = sign(client, petition, captcha="forged")
    with google_says(valid=True) as submit:
        accepted = sign(client, petition, captcha="token")

    assert missing.status_code == 400 and missing.json()["errors"]["captcha"] == list(html_errors)
    assert refused.status_code == 400
    assert refused.json()["errors"]["captcha"] == ["Error verifying reCAPTCHA, please try again."]
    assert accepted.status_code == 202
    assert submit.call_args.kwargs["recaptcha_response"] == "token"
    assert submit.call_args.kwargs["private_key"] == "secret-key"


@pytest.mark.parametrize(
    ("score", "action", "status"),
    [(0.9, "sign_petition", 202), (0.2, "sign_petition", 400), (0.9, "another_form", 400)],
)
def test_a_v3_token_needs_the_score_threshold_and_the_action(client, recaptcha_keys, petition, score, action, status):
    recaptcha_keys.PETITIONS_RECAPTCHA_VERSION = "v3"
    recaptcha_keys.PETITIONS_RECAPTCHA_REQUIRED_SCORE = 0.5

    with google_says(score=score, action=action):
        response = sign(client, petition, captcha="token")

    assert response.status_code == status
    if status == 400:
        assert response.json()["errors"] == {"captcha": ["Error verifying reCAPTCHA, please try again."]}


def test_a_comment_token_is_verified_too(client, recaptcha_keys, page):
    missing = comment(client, page)
    with google_says(valid=False):
        refused = comment(client, page, captcha="forged")
    with google_says(valid=True) as submit:
        accepted = comment(client, page, captcha="token")

    assert missing.status_code == 400 and missing.json()["errors"] == {"captcha": ["This field is required."]}
    assert refused.json()["errors"] == {"captcha": ["Error verifying reCAPTCHA, please try again."]}
    assert accepted.status_code == 201 and submit.call_args.kwargs["recaptcha_response"] == "token"
