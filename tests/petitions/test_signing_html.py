"""Signing through the HTML form: success, each validation error in place, honeypot, rate limit, captcha, refusals."""

import re
import time

import pytest
from django.test import Client
from django.utils import timezone

from petitions.models import Signature, SignatureStatus

from .conftest import form_data


def post(client, petition, page, **fields):
    return client.post(f"/petitions/{petition.pk}/sign/", form_data(next=page.url, **fields))


def test_signing_redirects_back_to_the_page_and_stores_a_pending_signature(client, petition_page, petition, outbox):
    response = post(client, petition, petition_page, comment="Because it matters", consent="on")

    assert response.status_code == 302
    assert response["Location"] == f"{petition_page.url}?signed={petition.pk}#petition-{petition.pk}"
    signature = Signature.objects.get()
    assert (signature.name, signature.email, signature.country.code) == ("Ada Lovelace", "ada@example.org", "GB")
    assert signature.comment == "Because it matters" and signature.consent is True
    assert signature.status == SignatureStatus.PENDING
    assert signature.referrer == petition_page.url
    assert [message.to for message in outbox] == [["ada@example.org"]]


def test_a_refused_signature_gets_the_error_summary_that_takes_focus(client, petition_page, petition):
    """Issue 16 item 9: the petition form gets the comment form's error summary (one include for both)."""
    response = post(client, petition, petition_page, name="", email="not-an-address")

    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"([^>]*)>(.*?)</div>', html, re.S)
    assert 'role="alert"' in summary[1] and 'tabindex="-1"' in summary[1] and "autofocus" in summary[1]
    links = re.findall(r'<li><a href="([^"]+)">(.*?)</a></li>', summary[2], re.S)
    assert [(href, " ".join(text.split())) for href, text in links] == [
        (f"#petition-{petition.pk}-name", "Your name: This field is required."),
        (f"#petition-{petition.pk}-email", "Your e-mail address: Enter a valid email address."),
    ]
    assert {f'id="petition-{petition.pk}-name"', f'id="petition-{petition.pk}-email"'} <= set(
        re.findall(r'id="[^"]+"', html)
    )
    assert "campaign_common/error_summary.html" in [template.name for template in response.templates]


def test_csrf_is_enforced_on_the_html_form_for_signed_in_users_only(petition_page, petition, admin_user):
    """Anonymous visitors sign from pages shared caches keep, without a token (campaign_common.public_forms)."""
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(admin_user)

    assert signed_in.post(f"/petitions/{petition.pk}/sign/", form_data()).status_code == 403
    assert not Signature.objects.exists()
    assert Client(enforce_csrf_checks=True).post(f"/petitions/{petition.pk}/sign/", form_data()).status_code == 302
    assert Signature.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "x" * 101}, "name", "Ensure this value has at most 100 characters"),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"postcode": "<script>"}, "postcode", "Please enter a valid postcode."),
        ({"country": "XX"}, "country", "Select a valid choice."),
        ({"comment": "y" * 1001}, "comment", "Ensure this value has at most 1000 characters"),
    ],
)
def test_each_validation_error_is_shown_in_place_with_the_input_kept(
    client, petition_page, petition, outbox, fields, field, message
):
    response = post(client, petition, petition_page, **{"comment": "Kept comment", **fields})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="petition-{petition.pk}"' in html and petition_page.title in html  # the page itself, re-rendered
    if field != "name":
        assert 'value="Ada Lovelace"' in html
    if field != "comment":
        assert "Kept comment</textarea>" in html
    assert not Signature.objects.exists() and not outbox


def test_required_postcode_and_consent(client, make_campaign_page, make_petition):
    petition = make_petition(postcode_field="required", consent_required=True)
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    html = post(client, petition, page).content.decode()

    assert html.count("This field is required.</li>") == 2  # next to each field (the summary links to them)
    assert not Signature.objects.exists()


def test_without_a_page_the_petition_page_shows_the_errors(client, petition):
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(email="bad", next="https://evil.example/"))

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()


def test_redirect_never_leaves_the_site(client, petition):
    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(next="//evil.example/page"))

    assert response["Location"] == f"/petitions/{petition.pk}/?signed={petition.pk}#petition-{petition.pk}"


def test_honeypot_looks_like_success_but_stores_nothing(client, petition_page, petition, outbox):
    response = post(client, petition, petition_page, website="http://spam.example")

    assert response.status_code == 302 and "signed=" in response["Location"]
    assert not Signature.objects.exists() and not outbox


def test_rate_limit_per_ip_per_petition(client, settings, petition_page, petition, make_petition):
    settings.PETITIONS_RATE_LIMIT = "2/300s"
    for number in range(2):
        assert post(client, petition, petition_page, email=f"p{number}@example.org").status_code == 302

    response = post(client, petition, petition_page, email="third@example.org")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many signatures from your connection" in html and 'value="third@example.org"' in html
    assert Signature.objects.count() == 2
    other = make_petition(title="Another petition")
    assert client.post(f"/petitions/{other.pk}/sign/", form_data()).status_code == 302


def test_rate_limit_can_be_turned_off(client, settings, petition_page, petition):
    settings.PETITIONS_RATE_LIMIT = "off"

    statuses = {post(client, petition, petition_page, email=f"p{n}@example.org").status_code for n in range(8)}

    assert statuses == {302}


def test_forwarded_for_is_ignored_without_trusted_proxies(client, settings, petition_page, petition):
    settings.PETITIONS_RATE_LIMIT = "1/300s"
    post(client, petition, petition_page, HTTP_X_FORWARDED_FOR="203.0.113.1")

    response = client.post(
        f"/petitions/{petition.pk}/sign/", form_data(email="b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.2"
    )

    assert response.status_code == 429


def test_trusted_proxy_count_takes_the_client_address_from_forwarded_for(client, settings, petition):
    settings.PETITIONS_RATE_LIMIT = "1/300s"
    settings.PETITIONS_TRUSTED_PROXY_COUNT = 1
    url = f"/petitions/{petition.pk}/sign/"

    first = client.post(url, form_data(), HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1")
    other_client = client.post(url, form_data(email="b@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.2")
    same_client = client.post(url, form_data(email="c@example.org"), HTTP_X_FORWARDED_FOR="203.0.113.1")

    assert (first.status_code, other_client.status_code, same_client.status_code) == (302, 302, 429)


def test_captcha_off_without_keys(client, petition_page):
    html = client.get(petition_page.url).content.decode()

    assert "g-recaptcha" not in html and "recaptcha/api.js" not in html


def test_captcha_on_with_keys(client, captcha, petition_page, petition):
    html = client.get(petition_page.url).content.decode()
    assert 'class="g-recaptcha"' in html and 'data-sitekey="public-test-key"' in html

    response = post(client, petition, petition_page, **{"g-recaptcha-response": "token"})

    assert response.status_code == 302 and captcha.calls == ["token"]
    assert Signature.objects.count() == 1


def test_failed_captcha_is_a_form_error(client, captcha, petition_page, petition):
    captcha.valid = False

    response = post(client, petition, petition_page, **{"g-recaptcha-response": "token"})

    assert response.status_code == 200
    assert "Error verifying reCAPTCHA, please try again." in response.content.decode()
    assert not Signature.objects.exists()


def test_captcha_v3_checks_the_score(client, captcha, settings, petition_page, petition):
    settings.PETITIONS_RECAPTCHA_VERSION = "v3"
    settings.PETITIONS_RECAPTCHA_REQUIRED_SCORE = 0.95  # the patched answer scores 0.9

    response = post(client, petition, petition_page, captcha="token")

    assert response.status_code == 200 and not Signature.objects.exists()


def test_closed_petition_refuses_with_a_message(client, make_campaign_page, make_petition):
    petition = make_petition(is_closed=True)
    page = make_campaign_page(body=[{"type": "petition", "value": {"petition": petition.pk}}])

    response = post(client, petition, page)

    assert response.status_code == 409
    assert "This petition is closed. Thank you to everyone who signed." in response.content.decode()
    assert not Signature.objects.exists()


def test_not_yet_open_petition_refuses(client, make_petition):
    petition = make_petition(opens_at=timezone.now() + timezone.timedelta(hours=1))

    response = client.post(f"/petitions/{petition.pk}/sign/", form_data())

    assert response.status_code == 409 and "This petition opens for signatures on" in response.content.decode()


def test_unknown_or_unpublished_petition_is_404(client, make_petition):
    hidden = make_petition(is_published=False)

    assert client.post(f"/petitions/{hidden.pk}/sign/", form_data()).status_code == 404
    assert client.post("/petitions/999999/sign/", form_data()).status_code == 404
    assert client.get(f"/petitions/{hidden.pk}/sign/").status_code == 404


def test_ip_is_stored_only_as_a_salted_hash(client, petition_page, petition):
    post(client, petition, petition_page, REMOTE_ADDR="192.0.2.44")

    signature = Signature.objects.get()
    assert len(signature.ip_hash) == 64 and "192.0.2.44" not in signature.ip_hash
    assert "192.0.2.44" not in str(Signature.objects.values().get())


def test_errors_for_a_page_without_the_petition_show_the_petition_page(client, make_campaign_page, petition):
    other_page = make_campaign_page(title="Unrelated page")

    response = client.post(f"/petitions/{petition.pk}/sign/", form_data(email="bad", next=other_page.url))

    html = response.content.decode()
    assert "Enter a valid email address." in html and "Unrelated page" not in html


def test_one_visitors_errors_and_input_never_show_in_anothers_form(client, petition_page, petition):
    refused = post(client, petition, petition_page, name="Refused Visitor", email="refused@", comment="Mine alone")
    assert "Enter a valid email address." in refused.text and 'aria-invalid="true"' in refused.text

    for _ in range(2):  # a new page, then the kept panel
        html = Client().get(petition_page.url).text
        assert "Enter a valid email address." not in html and "aria-invalid" not in html
        assert "Refused Visitor" not in html and "refused@" not in html and "Mine alone" not in html
        assert 'name="email"' in html


@pytest.mark.parametrize("method", ["get", "head"])
def test_reloading_or_sharing_the_sign_url_goes_to_the_petition(client, petition, method):
    """Issue 16 item 11: a GET or HEAD of /petitions/<id>/sign/ (a reload, a shared link) answered a bare 405."""
    response = getattr(client, method)(f"/petitions/{petition.pk}/sign/")

    assert response.status_code == 302
    assert response["Location"] == f"/petitions/{petition.pk}/"
    assert not Signature.objects.exists()


def test_the_sign_url_of_an_unknown_petition_is_still_404(client, make_petition):
    hidden = make_petition(is_published=False)
    assert client.get(f"/petitions/{hidden.pk}/sign/").status_code == 404
    assert client.get("/petitions/999999/sign/").status_code == 404


THANK_YOU = "Nearly done: check your e-mail to confirm."


def test_the_thank_you_state_follows_the_signer_not_the_link(client, petition_page, petition):
    """Issue 16 item 7: whoever opened a shared ?signed=<id> link saw "Nearly done" and no form."""
    landing = post(client, petition, petition_page)["Location"]

    signer = client.get(landing).content.decode()
    other = Client().get(landing).content.decode()

    assert THANK_YOU in signer and 'class="petition-form"' not in signer
    assert THANK_YOU not in other and 'class="petition-form"' in other


def test_the_thank_you_state_lasts_a_few_minutes(client, petition_page, petition, monkeypatch):
    """Issue 16 item 7: the signer's own link, opened later on, is the petition again."""
    landing = post(client, petition, petition_page)["Location"]
    later = time.time() + 60 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    assert THANK_YOU not in client.get(landing).content.decode()


def test_the_thank_you_state_is_for_the_petition_signed(client, make_campaign_page, petition, make_petition):
    """Issue 16 item 7: signing one petition shows no thank-you state for another, even with its id in the URL."""
    other = make_petition(title="Another petition")
    page = make_campaign_page(
        body=[
            {"type": "petition", "value": {"petition": petition.pk}},
            {"type": "petition", "value": {"petition": other.pk}},
        ]
    )
    post(client, petition, page)

    html = client.get(page.url, {"signed": other.pk}).content.decode()

    assert THANK_YOU not in html and html.count('class="petition-form"') == 2


def test_typos_do_not_use_up_the_rate_limit(client, settings, petition_page, petition):
    """Issue 16 item 8: on a shared network a few typos locked real signers out; only valid signatures count."""
    settings.PETITIONS_RATE_LIMIT = "5/300s"
    for _typo in range(5):
        assert post(client, petition, petition_page, email="ada@example").status_code == 200

    assert post(client, petition, petition_page).status_code == 302
    assert Signature.objects.count() == 1


def test_many_invalid_attempts_meet_a_looser_limit_that_claims_no_signature(client, settings, petition_page, petition):
    """Issue 16 item 8: PETITIONS_INVALID_RATE_LIMIT; its message does not say the visitor signed."""
    settings.PETITIONS_RATE_LIMIT = "2/300s"
    settings.PETITIONS_INVALID_RATE_LIMIT = "3/300s"
    for _typo in range(3):
        assert post(client, petition, petition_page, email="ada@example").status_code == 200

    response = post(client, petition, petition_page)

    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 330
    html = response.content.decode()
    assert "Too many attempts from your connection" in html and "Too many signatures" not in html
    assert 'value="ada@example.org"' in html
    assert not Signature.objects.exists()
