"""The embeddable petition: just the petition, framed only by allowed origins, signing in place, and the embed code
in the admin."""

import html
import json

import pytest
from django.utils import timezone

from petitions.models import Signature

pytestmark = pytest.mark.django_db

PARTNER = "https://partner.example"


@pytest.fixture(autouse=True)
def partner_may_embed(settings):
    settings.PETITIONS_EMBED_ALLOWED_ORIGINS = [PARTNER]
    return settings


def embed_url(petition):
    return f"/petitions/{petition.pk}/embed/"


def sign(client, petition, **fields):
    data = {"name": "Ada Lovelace", "email": "ada@example.org", "country": "GB", "next": embed_url(petition)}
    return client.post(f"/petitions/{petition.pk}/sign/", {**data, **fields})


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";") if part.split()[:1] == ["frame-ancestors"])


def test_the_embed_shows_just_the_petition_with_its_count_progress_and_form(client, petition):
    response = client.get(embed_url(petition))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="petition-{petition.pk}"' in page and 'class="petition-progress"' in page
    assert f'action="/petitions/{petition.pk}/sign/#petition-{petition.pk}"' in page
    assert f'name="next" value="{embed_url(petition)}"' in page
    assert 'class="site-header"' not in page and "site-footer" not in page
    assert f'data-sign-url="/api/v2/petitions/{petition.pk}/signatures/"' in page
    assert "petitions/js/embed.js" in page


def test_only_the_allowed_origins_may_frame_it(client, petition, make_campaign_page):
    embed = client.get(embed_url(petition))
    page = client.get(make_campaign_page().url)
    petition_page = client.get(f"/petitions/{petition.pk}/")

    assert "X-Frame-Options" not in embed
    assert frame_ancestors(embed) == ["'self'", PARTNER]
    assert "script-src" in embed["Content-Security-Policy"]  # the rest of the site's policy still applies
    for other in (page, petition_page):
        assert other["X-Frame-Options"] == "DENY"
        assert frame_ancestors(other) == ["'none'"]


def test_any_site_may_frame_it_with_a_star_and_without_django_csp_the_header_is_its_own(client, settings, petition):
    settings.PETITIONS_EMBED_ALLOWED_ORIGINS = ["*"]
    settings.CONTENT_SECURITY_POLICY = None

    response = client.get(embed_url(petition))

    assert response["Content-Security-Policy"] == "frame-ancestors *"


def test_signing_in_the_embed_comes_back_to_its_thank_you_state(client, petition, outbox):
    response = sign(client, petition)

    assert response.status_code == 302
    assert response["Location"] == f"{embed_url(petition)}?signed={petition.pk}#petition-{petition.pk}"
    thanks = client.get(response["Location"])
    page = thanks.content.decode()
    assert "Nearly done: check your e-mail to confirm." in page
    assert f"http://testserver/petitions/{petition.pk}/" in page  # shares the petition, not the embed
    assert frame_ancestors(thanks) == ["'self'", PARTNER]
    assert Signature.objects.get().referrer == embed_url(petition) and len(outbox) == 1


def test_errors_are_shown_in_the_embed_and_it_may_still_be_framed(client, petition):
    response = sign(client, petition, email="not an address")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in page and 'value="Ada Lovelace"' in page
    assert 'class="site-header"' not in page
    assert "X-Frame-Options" not in response and frame_ancestors(response) == ["'self'", PARTNER]


def test_a_closed_petition_refuses_in_the_embed(client, make_petition):
    closed = make_petition(closes_at=timezone.now() - timezone.timedelta(days=1))

    shown = client.get(embed_url(closed)).content.decode()
    refused = sign(client, closed)

    assert "This petition is closed" in shown and "<form" not in shown
    assert refused.status_code == 409 and frame_ancestors(refused) == ["'self'", PARTNER]


def test_unknown_and_unpublished_petitions_have_no_embed(client, make_petition):
    draft = make_petition(is_published=False)

    assert client.get(embed_url(draft)).status_code == 404
    assert client.get("/petitions/999999/embed/").status_code == 404
    assert client.post(embed_url(draft)).status_code == 405


def test_the_embed_signs_through_the_json_endpoint_which_needs_no_cookie(petition):
    from django.test import Client

    browser_in_a_third_party_iframe = Client(enforce_csrf_checks=True)  # sends no cookies
    page = browser_in_a_third_party_iframe.get(embed_url(petition)).content.decode()
    sign_url = page.split('data-sign-url="', 1)[1].split('"', 1)[0]

    response = browser_in_a_third_party_iframe.post(
        sign_url, json.dumps({"name": "Ada", "email": "ada@example.org"}), content_type="application/json"
    )

    assert response.status_code == 202 and Signature.objects.count() == 1


def test_the_admin_report_shows_the_embed_code(admin_client, petition):
    page = admin_client.get(f"/admin/petitions/petition/inspect/{petition.pk}/").content.decode()

    code = html.unescape(page.split('id="petition-embed-code"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0])
    assert code.startswith(f'<iframe src="http://testserver/petitions/{petition.pk}/embed/"')
    assert f'title="Petition: {petition.title}"' in code
    assert PARTNER in page


def test_head_answers_like_get_without_a_body(client, petition):
    """Issue 16 item 15: HEAD /petitions/<id>/embed/ answered 405."""
    get = client.get(embed_url(petition))
    head = client.head(embed_url(petition))

    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"] and head.content == b""
