"""Hardening: security headers and a Content-Security-Policy that the site's own pages satisfy, the admin outside
it, CSRF on every HTML form a signed-in user or a personal page posts (the public sign and comment forms need none from
anonymous visitors, whose pages shared caches keep: campaign_common.public_forms), signed single-purpose expiring
tokens, and a database outage answered 503.

`manage.py check --deploy` under production settings is tests/test_settings.py's.
"""

import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from comments.models import Comment
from comments.tokens import OWN_COMMENTS_SALT, make_unsubscribe_token
from petitions.models import Signature, SignatureStatus
from petitions.tokens import make_confirmation_token

ALLOWED_SCRIPT_HOSTS = ("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


@pytest.fixture
def signature(campaign):
    return Signature.objects.create(
        petition=campaign.petition, name="Ada", email="ada@example.org", normalised_email="ada@example.org"
    )


@pytest.fixture
def comment(campaign):
    return Comment.objects.create(
        page=campaign.page, author_name="Bo", author_email="bo@example.org", body="Hi", status="approved", notify=True
    )


@pytest.fixture
def public_urls(campaign, signature, comment):
    return [
        "/",
        campaign.page.url,
        f"{campaign.page.url}?replyto={comment.pk}",
        f"/petitions/{campaign.petition.pk}/",
        f"/petitions/confirm/{make_confirmation_token(signature.pk)}/",
        f"/comments/unsubscribe/{make_unsubscribe_token(comment)}/",
        "/no-such-page/",
    ]


def policy(response):
    return dict(
        (directive.split()[0], directive.split()[1:])
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )


def test_public_pages_and_the_api_send_the_security_headers(client, public_urls, campaign):
    for url in [*public_urls, f"/api/v2/petitions/{campaign.petition.pk}/", "/healthz/"]:
        response = client.get(url)
        csp = policy(response)
        assert csp["script-src"][0] == "'self'" and "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert csp["style-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] in ("same-origin", "no-referrer")


@pytest.mark.parametrize("recaptcha_version", ["v2", "v3"])
def test_public_pages_satisfy_their_own_policy_with_and_without_recaptcha(
    client, public_urls, settings, recaptcha_version
):
    """No inline script, style or event handler, and scripts only from the site or reCAPTCHA."""
    settings.PETITIONS_RECAPTCHA_VERSION = recaptcha_version
    for keys in ("", "test-key"):
        settings.RECAPTCHA_PUBLIC_KEY = settings.RECAPTCHA_PRIVATE_KEY = keys
        for url in public_urls:
            html = client.get(url).content.decode()
            for attributes, code in SCRIPT.findall(html):
                source = re.search(r'src="([^"]+)"', attributes)
                assert source and not code.strip(), f"inline script in {url}"
                src = source.group(1)
                # The site's own paths (static files, the apps' JavaScript catalogues) or reCAPTCHA's hosts.
                assert (src.startswith("/") and not src.startswith("//")) or src.startswith(ALLOWED_SCRIPT_HOSTS), src
            assert "<style" not in html and not re.search(r"\sstyle=", html), f"inline style in {url}"
            assert not re.search(r"\son[a-z]+=", html), f"inline event handler in {url}"


def test_the_admin_is_outside_the_policy_and_still_loads(client, admin_client, campaign):
    login = client.get("/admin/login/")
    assert login.status_code == 200 and "Content-Security-Policy" not in login
    for url in ("/admin/", f"/admin/pages/{campaign.page.pk}/edit/", "/admin/petitions/petition/"):
        response = admin_client.get(url)
        assert response.status_code == 200 and "Content-Security-Policy" not in response
        assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")


POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", re.S)
PUBLIC_FORM_CLASSES = ('class="petition-form"', 'class="comment-form"')


def test_every_html_form_of_a_signed_in_user_carries_a_csrf_token(client, admin_user, public_urls):
    """Except the unsubscribe button's: see test_unsubscribing_needs_no_csrf_token_but_a_valid_signed_one."""
    client.force_login(admin_user)
    forms = 0
    for url in (url for url in public_urls if not url.startswith("/comments/unsubscribe/")):
        for form in POST_FORM.findall(client.get(url).content.decode()):
            forms += 1
            assert 'name="csrfmiddlewaretoken"' in form, f"a form on {url} has no CSRF token"
    assert forms >= 3  # sign, comment, confirm


def test_anonymous_visitors_get_a_token_in_every_form_but_the_public_ones(client, public_urls):
    """The sign and comment forms are the same for every anonymous visitor (no token: shared caches keep their pages);
    every other form, on a page of its own (the confirmation button), keeps its token."""
    forms = {"public": 0, "other": 0}
    for url in (url for url in public_urls if not url.startswith("/comments/unsubscribe/")):
        for form in POST_FORM.findall(client.get(url).content.decode()):
            public = form.startswith(PUBLIC_FORM_CLASSES, len("<form "))
            forms["public" if public else "other"] += 1
            assert ('name="csrfmiddlewaretoken"' in form) != public, f"a form on {url}"
    assert forms["public"] >= 2 and forms["other"] >= 1


def test_every_html_post_without_a_csrf_token_is_refused_but_anonymous_signing_and_commenting(
    campaign, signature, comment, admin_user
):
    public_posts = [
        (f"/petitions/{campaign.petition.pk}/sign/", {"name": "Eve", "email": "eve@example.org"}),
        ("/comments/post/", {"page_id": campaign.page.pk, "name": "Eve", "email": "eve@example.org", "body": "x"}),
    ]
    other_posts = [
        (f"/comments/{comment.pk}/edit/", {"body": "changed"}),
        (f"/comments/{comment.pk}/delete/", {}),
        (f"/petitions/confirm/{make_confirmation_token(signature.pk)}/", {}),
    ]
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(admin_user)
    for url, data in [*public_posts, *other_posts]:
        assert signed_in.post(url, data).status_code == 403, url
    for url, data in other_posts:
        assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403, url
    signature.refresh_from_db()
    assert signature.status == SignatureStatus.PENDING and Comment.objects.count() == 1

    for url, data in public_posts:
        assert Client(enforce_csrf_checks=True).post(url, data).status_code == 302, url
    assert Signature.objects.filter(email="eve@example.org").exists()
    assert Comment.objects.filter(author_email="eve@example.org").exists()


def test_unsubscribing_needs_no_csrf_token_but_a_valid_signed_one(campaign, comment):
    """One-click unsubscribe (RFC 8058) is a bare POST from a mail program: the signed token is the credential."""
    strict = Client(enforce_csrf_checks=True)
    token = make_unsubscribe_token(comment)
    assert strict.post(f"/comments/unsubscribe/{token[:-2]}xx/").status_code == 404
    comment.refresh_from_db()
    assert comment.notify
    assert strict.post(f"/comments/unsubscribe/{token}/").status_code == 200
    comment.refresh_from_db()
    assert not comment.notify


def test_tokens_are_single_purpose(client, signature, comment):
    confirmation = make_confirmation_token(signature.pk)
    unsubscribe = make_unsubscribe_token(comment)
    own_comments = signing.dumps([comment.pk], salt=OWN_COMMENTS_SALT)
    same_id_unsubscribe = signing.dumps(signature.pk, salt="comments.unsubscribe")

    assert client.post(f"/comments/unsubscribe/{confirmation}/").status_code == 404
    assert client.post(f"/comments/unsubscribe/{own_comments}/").status_code == 404
    assert client.post(f"/petitions/confirm/{unsubscribe}/").status_code == 400
    assert client.post(f"/petitions/confirm/{same_id_unsubscribe}/").status_code == 400
    signature.refresh_from_db()
    comment.refresh_from_db()
    assert signature.status == SignatureStatus.PENDING and comment.notify


def test_tokens_are_signed_and_expire(client, signature, comment, monkeypatch):
    confirmation = make_confirmation_token(signature.pk)
    unsubscribe = make_unsubscribe_token(comment)
    tampered = signing.dumps(signature.pk + 1, salt="petitions.confirmation", key="not-our-secret")
    assert client.post(f"/petitions/confirm/{tampered}/").status_code == 400

    a_year_and_a_month = 400 * 24 * 60 * 60
    real_time = time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + a_year_and_a_month)
    expired = client.post(f"/petitions/confirm/{confirmation}/")
    assert expired.status_code == 400 and "expired" in expired.content.decode().lower()
    assert client.post(f"/comments/unsubscribe/{unsubscribe}/").status_code == 404
    signature.refresh_from_db()
    comment.refresh_from_db()
    assert signature.status == SignatureStatus.PENDING and comment.notify
    assert mail.outbox == []


def test_a_database_outage_is_answered_503_in_json_and_html(campaign, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("petitions.models.PetitionQuerySet.published", unreachable)
    cache.clear()  # the page's blocks read the petition through the cache; these requests must reach the database
    visitor = Client(raise_request_exception=False)

    api = visitor.get(f"/api/v2/petitions/{campaign.petition.pk}/")
    page = visitor.get(f"/petitions/{campaign.petition.pk}/")

    assert api.status_code == 503 and api["Retry-After"] and list(api.json()["errors"]) == ["__all__"]
    assert page.status_code == 503 and "Briefly unavailable" in page.content.decode()


def test_other_errors_are_still_a_plain_500(campaign, monkeypatch):
    monkeypatch.setattr("petitions.models.PetitionQuerySet.published", lambda *args: 1 / 0)
    cache.clear()  # as above
    response = Client(raise_request_exception=False).get(f"/petitions/{campaign.petition.pk}/")
    assert response.status_code == 500 and "Retry-After" not in response
