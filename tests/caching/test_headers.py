"""Issue 19 item 1: anonymous views of campaign pages, the campaign index and the petition embed set no cookie, do not
vary on Cookie and are `Cache-Control: public` with the configured ages; anything personal is private."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from comments.models import Comment

from .conftest import form_with_class

PUBLIC = {"public", "max-age=60", "s-maxage=60"}


def directives(response):
    return {directive.strip() for directive in response.get("Cache-Control", "").split(",") if directive.strip()}


def varies_on(response):
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


def assert_public(response, expected=PUBLIC):
    assert response.status_code == 200
    assert not response.cookies, f"sets {list(response.cookies)}"
    assert "cookie" not in varies_on(response)
    assert directives(response) == expected


def assert_private(response):
    assert "public" not in directives(response)
    assert directives(response) & {"private", "no-store"}, response.get("Cache-Control")


@pytest.fixture
def anonymous_urls(campaign_page, campaign_index, petition, translate):
    french = translate(campaign_page, "fr")
    return [
        campaign_page.url,
        campaign_index.url,
        f"/petitions/{petition.pk}/embed/",
        f"/petitions/{petition.pk}/",
        french.url,
    ]


def test_anonymous_views_are_public_and_set_no_cookie(anonymous_urls):
    for url in anonymous_urls:
        assert_public(Client().get(url))
        assert_public(Client().head(url))


def test_the_ages_are_settings(anonymous_urls, settings):
    settings.CAMPAIGN_PAGE_MAX_AGE, settings.CAMPAIGN_PAGE_S_MAXAGE = 30, 3600
    for url in anonymous_urls:
        assert_public(Client().get(url), {"public", "max-age=30", "s-maxage=3600"})


def test_the_public_page_holds_no_csrf_token_and_a_reply_link_is_public_too(campaign_page):
    html = Client().get(campaign_page.url).text
    assert "csrfmiddlewaretoken" not in html
    comment = Comment.objects.create(page=campaign_page, author_name="Bo", author_email="bo@example.org", body="Hi")
    assert_public(Client().get(f"{campaign_page.url}?replyto={comment.pk}"))


def test_a_signed_in_user_gets_a_private_page_with_tokens_and_the_userbar(campaign_page, admin_user):
    browser = Client()
    browser.force_login(admin_user)

    response = browser.get(campaign_page.url)

    assert_private(response)
    html = response.text
    for css_class in ("petition-form", "comment-form"):
        assert form_with_class(html, css_class)["fields"]["csrfmiddlewaretoken"]
    assert "wagtail-userbar" in html
    assert "wagtail-userbar" not in Client().get(campaign_page.url).text


def test_a_request_with_a_session_is_never_public(campaign_page):
    browser = Client()
    browser.cookies["sessionid"] = "no-such-session"
    assert_private(browser.get(campaign_page.url))


def test_a_visitors_own_held_comment_and_remembered_name_are_private(campaign_page, settings):
    settings.COMMENTS_MODERATION = "all"
    visitor = Client()
    fields = {"page_id": campaign_page.pk, "name": "Ada", "email": "ada@example.org", "body": "Held for now"}
    visitor.post("/comments/post/", {**fields, "remember": "on"})
    assert Comment.objects.get().status == "pending"

    response = visitor.get(campaign_page.url)
    assert_private(response)
    assert "Held for now" in response.text and 'value="Ada"' in response.text
    # Anyone else gets the public page, without the held comment.
    others = Client().get(campaign_page.url)
    assert_public(others)
    assert "Held for now" not in others.text

    visitor.cookies.pop("comments_own")
    assert_private(visitor.get(campaign_page.url))  # the remembered name alone


def test_forms_shown_again_with_errors_are_private(campaign_page, petition):
    refused_signature = Client().post(
        f"/petitions/{petition.pk}/sign/", {"name": "Ada", "email": "not an address", "next": campaign_page.url}
    )
    refused_comment = Client().post("/comments/post/", {"page_id": campaign_page.pk, "name": "Ada", "body": ""})
    for response in (refused_signature, refused_comment):
        assert 'value="Ada"' in response.text
        assert_private(response)


def test_the_thank_you_address_is_private_for_anyone(campaign_page, petition):
    signer = Client()
    signed = signer.post(
        f"/petitions/{petition.pk}/sign/",
        {"name": "Ada", "email": "ada@example.org", "country": "GB", "next": campaign_page.url},
        follow=True,
    )
    assert "Thank you" in signed.text or "check your e-mail" in signed.text
    assert_private(signed)
    assert_private(Client().get(f"{campaign_page.url}?signed={petition.pk}"))


def test_previews_and_restricted_pages_are_not_public(campaign_page, admin_client):
    revision = campaign_page.latest_revision
    preview = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=[campaign_page.pk, revision.pk]))
    assert preview.status_code == 200
    assert_private(preview)

    PageViewRestriction.objects.create(page=campaign_page, restriction_type="password", password="secret")
    assert_private(Client().get(campaign_page.url))


@pytest.mark.parametrize(
    ("catalogue", "french"), [("petitions:jsi18n", "Veuillez réessayer"), ("comments:jsi18n", "Répondre à")]
)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_script_catalogues_are_public_like_the_pages_that_load_them(db, catalogue, french, language):
    """Every cached page loads its scripts' catalogues; kept private they would reach Django on each page view."""
    with translation.override(language):
        url = reverse(catalogue)

    response = Client().get(url)

    assert_public(response)
    # The catalogue is JSON inside a script: its accented letters are escaped.
    assert (json.dumps(french)[1:-1] in response.text) == (language == "fr")
