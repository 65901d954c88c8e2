"""Issue 19 item 2: the petition and comment forms work from a page that a shared cache gave to everyone. Visitor A
fetches the page; visitor B, with no cookie and Django's CSRF check on, posts the forms parsed from A's bytes."""

import pytest
from django.test import Client

from comments.models import Comment
from petitions.models import Signature

from .conftest import form_with_class


def strict_visitor():
    """A browser that has never visited the site, with the CSRF check the test client skips by default."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def cached_html(campaign_page):
    """The page as visitor A's request left it in a shared cache."""
    response = Client().get(campaign_page.url)
    assert "public" in response["Cache-Control"]
    return response.text


def test_a_second_visitor_signs_and_comments_from_the_first_visitors_page(cached_html, campaign_page, petition):
    visitor_b = strict_visitor()

    sign_form = form_with_class(cached_html, "petition-form")
    assert "csrfmiddlewaretoken" not in sign_form["fields"]
    signed = visitor_b.post(
        sign_form["action"], {**sign_form["fields"], "name": "Bea", "email": "bea@example.org", "country": "GB"}
    )
    assert signed.status_code == 302 and f"signed={petition.pk}" in signed["Location"]

    comment_form = form_with_class(cached_html, "comment-form")
    assert "csrfmiddlewaretoken" not in comment_form["fields"]
    posted = visitor_b.post(
        comment_form["action"],
        {**comment_form["fields"], "name": "Bea", "email": "bea@example.org", "body": "From a cached page"},
    )
    assert posted.status_code == 302

    signature = Signature.objects.get()
    comment = Comment.objects.get()
    assert (signature.name, signature.email, signature.petition_id) == ("Bea", "bea@example.org", petition.pk)
    assert (comment.author_name, comment.author_email, comment.page_id) == ("Bea", "bea@example.org", campaign_page.pk)
    # Bea sees her thank-you state and her comment; the page others get is still the public one.
    assert "From a cached page" in visitor_b.get(posted["Location"]).text
    assert "public" in Client().get(campaign_page.url)["Cache-Control"]


def test_the_honeypot_still_catches_bots_posting_the_cached_forms(cached_html):
    bot = strict_visitor()
    for css_class, fields in (
        ("petition-form", {"name": "Bot", "email": "bot@example.org", "country": "GB"}),
        ("comment-form", {"name": "Bot", "email": "bot@example.org", "body": "Buy now"}),
    ):
        form = form_with_class(cached_html, css_class)
        bot.post(form["action"], {**form["fields"], **fields, "website": "https://spam.example"})
    assert not Signature.objects.exists() and not Comment.objects.exists()


def test_with_recaptcha_the_cached_forms_still_need_a_solved_captcha(campaign_page, petition, settings, monkeypatch):
    from django_recaptcha.client import RecaptchaResponse

    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "public-test-key", "private-test-key"
    monkeypatch.setattr(
        "django_recaptcha.fields.client.submit",
        lambda recaptcha_response, private_key, remoteip: RecaptchaResponse(is_valid=recaptcha_response == "solved"),
    )
    html = Client().get(campaign_page.url).text
    sign_form = form_with_class(html, "petition-form")
    signer = {**sign_form["fields"], "name": "Bea", "email": "bea@example.org", "country": "GB"}

    assert strict_visitor().post(sign_form["action"], signer).status_code == 200  # shown again: no captcha
    assert not Signature.objects.exists()
    solved = strict_visitor().post(sign_form["action"], {**signer, "g-recaptcha-response": "solved"})
    assert solved.status_code == 302 and Signature.objects.count() == 1


def test_a_signed_in_user_still_needs_the_token_of_their_own_page(campaign_page, petition, admin_user):
    user = strict_visitor()
    user.force_login(admin_user)
    sign = {"name": "Ada", "email": "ada@example.org", "country": "GB", "next": campaign_page.url}
    comment = {"page_id": campaign_page.pk, "name": "Ada", "body": "Signed in"}

    assert user.post(f"/petitions/{petition.pk}/sign/", sign).status_code == 403
    assert user.post("/comments/post/", comment).status_code == 403
    assert not Signature.objects.exists() and not Comment.objects.exists()

    html = user.get(campaign_page.url).text
    for css_class, fields in (("petition-form", sign), ("comment-form", comment)):
        form = form_with_class(html, css_class)
        assert user.post(form["action"], {**form["fields"], **fields}).status_code == 302
    assert Signature.objects.count() == 1 and Comment.objects.get().user == admin_user
