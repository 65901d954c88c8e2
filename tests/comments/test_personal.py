"""Issue 16 item 13: what shows a visitor something of their own is private, and their cookies keep no readable
e-mail address and are Secure where the site is."""

import base64
import zlib

from django.test import Client

from comments.privacy import erase
from comments.tokens import AUTHOR_COOKIE, OWN_COMMENTS_COOKIE


def is_private(response):
    return "private" in response.get("Cache-Control", "")


def readable(cookie_value):
    """The cookie's value and its payload as anyone holding it can decode it (Django's signed values are base64
    JSON, zlib-compressed when that is shorter, marked by a leading dot)."""
    payload = cookie_value.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload.lstrip(".")) % 4))
    return cookie_value + (zlib.decompress(decoded) if payload.startswith(".") else decoded).decode()


def test_the_blank_page_is_not_private(client, page):
    response = client.get(page.url)
    assert response.status_code == 200 and not is_private(response)


def test_a_form_filled_with_the_remembered_name_and_email_is_private(client, page, post_comment):
    post_comment(name="Ada", email="ada@example.org", remember="on")

    response = client.get(page.url)

    assert 'value="ada@example.org"' in response.text
    assert is_private(response)


def test_a_held_comment_shown_to_its_poster_is_private(client, page, post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    post_comment(body="Please approve me", remember="")

    own_view = client.get(page.url)
    assert "Please approve me" in own_view.text and is_private(own_view)
    assert not is_private(Client().get(page.url))


def test_a_refused_post_shown_again_is_private(page, post_comment):
    response = post_comment(body="")
    assert response.status_code == 400 and is_private(response)


def test_a_signed_in_commenters_page_is_private(client, page, django_user_model):
    client.force_login(django_user_model.objects.create_user("grace", "grace@example.org", "pw"))
    assert is_private(client.get(page.url))


def test_the_remember_me_cookie_keeps_no_readable_email(client, page, post_comment):
    response = post_comment(name="Ada", email="ada.lovelace@example.org", remember="on")

    value = response.cookies[AUTHOR_COOKIE].value
    assert "Ada" in readable(value) and "ada.lovelace" not in readable(value)
    # It still fills the form with both.
    html = client.get(page.url).text
    assert 'name="name" value="Ada"' in html and 'value="ada.lovelace@example.org"' in html


def test_the_remembered_email_goes_when_its_owner_is_erased(client, page, post_comment):
    post_comment(name="Ada", email="ada@example.org", remember="on")
    erase("ada@example.org")

    assert 'value="ada@example.org"' not in client.get(page.url).text


def test_our_cookies_are_secure_where_the_sites_cookies_are(client, page, post_comment, settings):
    """Production sets SESSION_COOKIE_SECURE; behind a TLS proxy the app may see plain HTTP, and the cookies must
    be Secure all the same."""
    settings.SESSION_COOKIE_SECURE = True
    response = post_comment(remember="on")
    assert response.cookies[AUTHOR_COOKIE]["secure"] and response.cookies[OWN_COMMENTS_COOKIE]["secure"]

    settings.SESSION_COOKIE_SECURE = False
    response = post_comment(body="Again", remember="on")
    assert not response.cookies[AUTHOR_COOKIE]["secure"]
