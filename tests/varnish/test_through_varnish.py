"""The site behind a real Varnish (deploy/varnish/campaign.vcl), as visitors, editors and moderators meet it: pages
come from the cache, signing works through it, what editors and moderators change shows once it is purged, and no
visitor ever gets another's personal page."""

import http.client
import json
import re
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest

from campaign_cms.demo import CAMPAIGN_SLUG

pytestmark = [pytest.mark.varnish, pytest.mark.slow]

PAGE = f"/{CAMPAIGN_SLUG}/"


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode()

    @property
    def cookies(self):
        """{name: value} of the cookies the answer sets."""
        return dict(cookie.split(";", 1)[0].split("=", 1) for cookie in self.headers.get_all("Set-Cookie") or [])

    @property
    def from_cache(self):
        return self.headers["X-Cache"] == "HIT"


def request(base_url, method, path, body=None, headers=None, cookies=None):
    """One request, redirects not followed, as a browser with only these `cookies` sends it."""
    address = urlsplit(base_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    headers = dict(headers or {})
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        connection.request(method, path, body=body, headers=headers)
        return Answer(connection.getresponse())
    finally:
        connection.close()


def get(site, path, **kwargs):
    return request(site.url, "GET", path, **kwargs)


def petition_form(html):
    """(action, {field: value}) of the first petition form in the page."""
    form = re.search(r'<form[^>]*action="([^"#]*/sign/)[^"]*"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no petition form in the page"
    fields = {
        unescape(name): unescape(value)
        for name, value in re.findall(r'<input[^>]*\bname="([^"]+)"[^>]*\bvalue="([^"]*)"', form.group(2))
    }
    return unescape(form.group(1)), fields


def petition_id(html):
    return int(re.search(r'id="petition-(\d+)"', html).group(1))


def test_a_second_anonymous_visit_is_served_from_the_cache(behind_varnish):
    first = get(behind_varnish, PAGE)
    second = get(behind_varnish, PAGE)
    assert first.status == second.status == 200
    assert "Set-Cookie" not in second.headers
    assert second.from_cache, second.headers
    assert int(second.headers["Age"]) >= 0
    # Whatever the browser's languages, one copy of the page.
    assert get(behind_varnish, PAGE, headers={"Accept-Language": "cy"}).from_cache


def test_the_pages_script_catalogues_come_from_the_cache(behind_varnish):
    for path in ("/petitions/jsi18n/", "/fr/comments/jsi18n/"):
        first = get(behind_varnish, path)
        assert first.status == 200
        assert get(behind_varnish, path).from_cache, path


def test_the_api_keeps_one_copy_per_language(behind_varnish):
    path = f"/api/v2/petitions/{petition_id(get(behind_varnish, PAGE).text)}/"
    french = get(behind_varnish, path, headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    french_again = get(behind_varnish, path, headers={"Accept-Language": "fr"})
    welsh = get(behind_varnish, path, headers={"Accept-Language": "cy-GB"})
    assert french_again.from_cache
    assert json.loads(french_again.text)["title"] == json.loads(french.text)["title"]
    assert json.loads(welsh.text)["title"] != json.loads(french.text)["title"]


def test_signing_through_the_cache_with_json(behind_varnish):
    pk = petition_id(get(behind_varnish, PAGE).text)
    answer = request(
        behind_varnish.url,
        "POST",
        f"/api/v2/petitions/{pk}/signatures/",
        body=json.dumps({"name": "Jo Json", "email": "jo.json@example.org"}),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status in (201, 202), answer.text


def test_signing_through_the_cache_with_the_html_form_of_a_cached_page(behind_varnish):
    get(behind_varnish, PAGE)
    cached = get(behind_varnish, PAGE)
    assert cached.from_cache
    action, fields = petition_form(cached.text)
    fields.update(name="Hattie Html", email="hattie.html@example.org")
    answer = request(
        behind_varnish.url,
        "POST",
        action,
        body=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": behind_varnish.url + PAGE},
    )
    assert answer.status == 302, answer.text[:2000]
    assert "signed=" in answer.headers["Location"]


def test_one_visitor_never_gets_another_visitors_thank_you_state(behind_varnish):
    action, fields = petition_form(get(behind_varnish, PAGE).text)
    fields.update(name="Tess Thanks", email="tess.thanks@example.org")
    signed = request(
        behind_varnish.url,
        "POST",
        action,
        body=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert signed.status == 302, signed.text[:2000]
    thanked_at = urlsplit(signed.headers["Location"])
    thanked_path = f"{thanked_at.path}?{thanked_at.query}"
    own = get(behind_varnish, thanked_path, cookies=signed.cookies)
    assert "petition-thanks" in own.text
    assert not own.from_cache
    for path in (thanked_path, thanked_at.path):
        for _ in range(2):
            other = get(behind_varnish, path)
            assert "petition-thanks" not in other.text


def test_one_visitor_never_gets_a_signed_in_editors_page(behind_varnish):
    login = get(behind_varnish, "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = request(
        behind_varnish.url,
        "POST",
        "/admin/login/",
        body=urlencode({"username": "admin", "password": "admin", "csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Referer": behind_varnish.url + "/admin/login/"},
        cookies=login.cookies,
    )
    assert signed_in.status == 302, signed_in.text[:2000]
    cookies = {**login.cookies, **signed_in.cookies}
    editors = get(behind_varnish, PAGE, cookies=cookies)
    assert "wagtail-userbar" in editors.text
    for _ in range(2):
        assert "wagtail-userbar" not in get(behind_varnish, PAGE).text


def test_a_publish_shows_at_once(behind_varnish):
    get(behind_varnish, PAGE)
    assert get(behind_varnish, PAGE).from_cache
    behind_varnish.act("retitle", CAMPAIGN_SLUG, "A title published a moment ago")
    fresh = get(behind_varnish, PAGE)
    assert "A title published a moment ago" in fresh.text
    assert not fresh.from_cache


def test_a_comment_taken_down_disappears_at_once(behind_varnish):
    comment_id = behind_varnish.act("add-comment", CAMPAIGN_SLUG, "A comment soon taken down")
    behind_varnish.act("moderate", comment_id, "approve")
    get(behind_varnish, PAGE)
    shown = get(behind_varnish, PAGE)
    assert shown.from_cache
    assert "A comment soon taken down" in shown.text
    behind_varnish.act("moderate", comment_id, "remove")
    assert "A comment soon taken down" not in get(behind_varnish, PAGE).text


def test_a_shared_links_address_is_the_pages_one_copy_which_a_publish_purges(behind_varnish):
    """Issue 20 item 4: ?source=<channel> is for the page's script; the cache keeps one copy of the page for all."""
    get(behind_varnish, PAGE)
    assert get(behind_varnish, f"{PAGE}?source=facebook").from_cache
    behind_varnish.act("retitle", CAMPAIGN_SLUG, "A title shared a moment ago")
    assert "A title shared a moment ago" in get(behind_varnish, f"{PAGE}?source=whatsapp").text
