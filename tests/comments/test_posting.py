"""Posting comments and replies through the HTML form: the contract fields, every refusal, and nothing stored
when a post is refused."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django_recaptcha.client import RecaptchaResponse

from comments.models import Comment
from comments.tokens import AUTHOR_COOKIE
from tests.bursts import BURSTS, burst_times, busiest_span

from .helpers import comment_ids


def test_a_posted_comment_appears_at_its_permalink(client, page, post_comment):
    response = post_comment(name="  Ada   Lovelace ", body="Keep the unit.\nIt works.", notify="on")

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"
    assert (comment.author_name, comment.author_email, comment.notify) == ("Ada Lovelace", "ada@example.org", True)
    assert comment.status == Comment.Status.APPROVED and comment.page_id == page.pk
    html = client.get(page.url).text
    assert comment_ids(html) == [comment.pk]
    assert "Keep the unit.<br>It works." in html


def five_threads(make_discussion_page, add_comment, order):
    """A page showing two threads per page, with five threads posted a minute apart."""
    page = make_discussion_page(threads_per_page=2, order=order)
    start = timezone.now() - timedelta(hours=1)
    return page, [add_comment(on=page, created_at=start + timedelta(minutes=n)) for n in range(5)]


@pytest.mark.parametrize(
    ("order", "replied_thread", "expected_page"),
    [
        ("oldest", None, 3),  # a new thread comes last
        ("newest", None, 1),  # a new thread comes first
        ("oldest", 2, 2),  # a reply in the third oldest thread
        ("newest", 0, 3),  # a reply in the oldest thread, last when newest come first
        ("oldest", 0, 1),
    ],
)
@pytest.mark.parametrize("moderation", ["none", "all"])
def test_posting_goes_to_the_page_of_threads_that_holds_the_comment(
    client, make_discussion_page, add_comment, post_comment, settings, order, replied_thread, expected_page, moderation
):
    """Issue 16 item 10: with several pages of threads, the redirect went to page 1, where the comment (or its
    "awaiting moderation" notice) was not."""
    settings.COMMENTS_MODERATION = moderation
    page, threads = five_threads(make_discussion_page, add_comment, order)
    parent = threads[replied_thread].pk if replied_thread is not None else None

    response = post_comment(page, parent=parent, body="Where am I?")

    comment = Comment.objects.get(body="Where am I?")
    query = f"?comments-page={expected_page}" if expected_page > 1 else ""
    assert response["Location"] == f"{page.url}{query}#comment-{comment.pk}"
    shown = client.get(response["Location"]).text
    assert comment.pk in comment_ids(shown)
    if moderation == "all":
        assert "Your comment is awaiting moderation." in shown


def test_a_reply_past_the_replies_shown_goes_to_its_whole_thread(client, page, add_comment, post_comment, settings):
    """Issue 16 item 14: a page shows a long thread's first COMMENTS_REPLIES_SHOWN replies only."""
    settings.COMMENTS_REPLIES_SHOWN = 2
    root = add_comment()
    first = add_comment(root)
    add_comment(root)

    early = post_comment(parent=first.pk, body="second in thread order")
    late = post_comment(parent=root.pk, body="fourth in thread order")

    early_reply, late_reply = (
        Comment.objects.get(body=body) for body in ("second in thread order", "fourth in thread order")
    )
    assert early["Location"] == f"{page.url}#comment-{early_reply.pk}"
    assert late["Location"] == f"{page.url}?thread={root.pk}#comment-{late_reply.pk}"
    assert late_reply.pk in comment_ids(client.get(late["Location"]).text)


def test_the_ip_address_is_stored_only_as_a_salted_hash(post_comment):
    post_comment()
    ip_hash = Comment.objects.get().ip_hash
    assert len(ip_hash) == 64 and "127.0.0.1" not in ip_hash


def test_a_reply_is_posted_under_its_comment(client, page, add_comment, post_comment):
    comment = add_comment()
    post_comment(parent=comment.pk, body="I disagree.")
    reply = Comment.objects.get(body="I disagree.")
    assert (reply.parent_id, reply.depth, reply.thread_id) == (comment.pk, 2, comment.pk)
    assert comment_ids(client.get(page.url).text) == [comment.pk, reply.pk]


def test_a_signed_in_users_form_needs_its_csrf_token_and_an_anonymous_one_none(page, admin_user):
    """The anonymous form is on pages shared caches keep (campaign_common.public_forms)."""
    data = {"page_id": page.pk, "name": "Ada", "email": "a@b.org", "body": "Hi"}
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(admin_user)
    assert signed_in.post("/comments/post/", data).status_code == 403
    assert not Comment.objects.exists()
    assert Client(enforce_csrf_checks=True).post("/comments/post/", data).status_code == 302
    assert Comment.objects.get().user is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"body": "   "}, "body", "Write something before you post."),
        ({"body": "x" * 5001}, "body", "Keep your comment to 5000 characters; it has 5001."),
        ({"name": ""}, "name", "Tell us your name."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_fields_show_the_form_again_with_the_reason(page, post_comment, fields, field, message):
    response = post_comment(**fields)
    assert response.status_code == 400
    assert message in response.text
    assert 'class="field has-error"' in response.text
    assert not Comment.objects.exists()


def test_the_body_limit_is_a_setting(post_comment, settings):
    settings.COMMENTS_BODY_MAX_LENGTH = 10
    assert post_comment(body="x" * 11).status_code == 400
    assert post_comment(body="x" * 10).status_code == 302


def test_what_was_typed_is_kept_when_the_form_comes_back(post_comment):
    response = post_comment(name="", body="My long and careful argument")
    assert "My long and careful argument</textarea>" in response.text


def test_replies_must_target_an_approved_comment_on_the_same_page_below_max_depth(
    make_discussion_page, add_comment, post_comment
):
    page = make_discussion_page(title="Shallow", max_depth=2)
    other_page = make_discussion_page(title="Elsewhere")
    top = add_comment(on=page)
    deepest = add_comment(top, on=page)
    pending = add_comment(on=page, status=Comment.Status.PENDING)
    elsewhere = add_comment(on=other_page)
    before = Comment.objects.count()

    refusals = {
        999_999: "The comment you are replying to is not on this page.",
        elsewhere.pk: "The comment you are replying to is not on this page.",
        pending.pk: "The comment you are replying to is not open for replies.",
        deepest.pk: "This conversation is as deep as it goes: reply further up.",
        "abc": "Enter a whole number.",
        2**70: "Ensure this value is less than or equal to",
    }
    for parent, message in refusals.items():
        response = post_comment(page, parent=parent)
        assert response.status_code == 400, parent
        assert message in response.text
    assert Comment.objects.count() == before
    assert post_comment(page, parent=top.pk).status_code == 302


def test_the_honeypot_stores_nothing_and_tells_the_bot_nothing(page, post_comment):
    response = post_comment(website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == f"{page.url}#respond"
    assert not Comment.objects.exists()


def error_summary(html):
    """The error summary's opening tag and its items: (attributes, [(link or None, text)])."""
    match = re.search(r'<div class="error-summary"([^>]*)>(.*?)</div>', html, re.S)
    assert match, "no error summary"
    items = re.findall(r'<li>(?:<a href="([^"]+)">)?(.*?)(?:</a>)?</li>', match.group(2), re.S)
    return match.group(1), [(link or None, " ".join(text.split())) for link, text in items]


def test_a_refused_reply_lands_at_the_form_with_an_error_summary_and_keeps_replying(page, add_comment, post_comment):
    """Issue 16 item 9: the re-render opened at the top, its error ~2,500 px below, and said "Leave a comment"
    while the form still replied."""
    chloe = add_comment(author_name="Chloe")
    response = post_comment(parent=chloe.pk, body="   ", email="not-an-address")

    assert response.status_code == 400
    attributes, items = error_summary(response.text)
    assert 'role="alert"' in attributes and 'tabindex="-1"' in attributes and "autofocus" in attributes
    assert items == [
        ("#id_email", "E-mail: Enter a valid email address."),
        ("#id_body", "Comment: Write something before you post."),
    ]
    assert re.search(r'<form class="comment-form" method="post" action="/comments/post/#respond">', response.text)
    assert '<span data-reply-title data-default="Leave a comment">Reply to Chloe</span>' in response.text
    assert f'<a class="comment-cancel-reply" href="{page.url}#respond" data-cancel-reply>Cancel reply</a>' in (
        response.text
    )
    assert f'name="parent" value="{chloe.pk}"' in response.text
    assert "campaign_common/error_summary.html" in [template.name for template in response.templates]


def test_a_rate_limited_post_shows_the_reason_in_the_error_summary(page, post_comment, settings):
    settings.COMMENTS_RATE_LIMIT = "1/300s"
    assert post_comment(body="First").status_code == 302
    response = post_comment(body="Too soon")

    assert response.status_code == 429
    assert error_summary(response.text)[1] == [
        (None, "You have posted several comments in a short time. Please wait a few minutes and try again.")
    ]


def test_posting_is_rate_limited_per_ip_with_retry_after(page, post_comment, settings):
    settings.COMMENTS_RATE_LIMIT = "2/300s"
    assert post_comment(body="one").status_code == 302
    assert post_comment(body="two").status_code == 302
    response = post_comment(body="three")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 300 + 30  # the period, and at most a tenth more (ratelimit.py)
    assert "Please wait a few minutes" in response.text
    assert "\nthree</textarea>" in response.text
    assert Comment.objects.count() == 2

    other_ip = Client(REMOTE_ADDR="203.0.113.9")
    assert post_comment(using=other_ip, body="from elsewhere").status_code == 302


def test_behind_a_trusted_proxy_the_limit_follows_the_forwarded_client(page, post_comment, settings):
    settings.COMMENTS_RATE_LIMIT = "1/300s"
    settings.COMMENTS_TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it saw; whatever the client put in front of it is ignored.
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    second = Client(HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.5")
    third = Client(HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert post_comment(using=first).status_code == 302
    assert post_comment(using=second).status_code == 429
    assert post_comment(using=third).status_code == 302


def test_a_closed_discussion_refuses_posts(make_discussion_page, post_comment):
    page = make_discussion_page(open=False)
    response = post_comment(page)
    assert response.status_code == 403
    assert "Comments are closed on this page." in response.text
    assert not Comment.objects.exists()


def test_posts_are_refused_after_the_closing_delay(page, post_comment, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 7
    page.first_published_at = timezone.now() - timedelta(days=8)
    page.save(update_fields=["first_published_at"])
    assert post_comment().status_code == 403
    assert not Comment.objects.exists()


def test_unknown_pages_unpublished_pages_and_pages_without_discussion_are_not_found(
    page, make_campaign_page, post_comment
):
    assert post_comment(page_id=999_999).status_code == 404
    assert post_comment(page_id="x").status_code == 404
    assert post_comment(make_campaign_page(title="No discussion")).status_code == 404
    page.unpublish()
    assert post_comment().status_code == 404
    assert not Comment.objects.exists()


def test_only_post_changes_anything(client):
    assert client.put("/comments/post/").status_code == 405


def test_signed_in_users_post_under_their_account(client, page, post_comment, django_user_model):
    user = django_user_model.objects.create_user("grace", "Grace@Example.org", "pw", first_name="Grace", last_name="H")
    client.force_login(user)
    form = client.get(page.url).text
    assert "Commenting as Grace H." in form and 'name="email"' not in form

    post_comment(name="Someone else", email="else@example.org")
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.user) == ("Grace H", "grace@example.org", user)


def test_a_signed_in_user_without_a_full_name_is_asked_for_a_name_not_shown_by_login(
    client, page, post_comment, django_user_model
):
    """Issue 16 item 21: an account without a full name published its login name."""
    client.force_login(django_user_model.objects.create_user("gh_1987", "grace@example.org", "pw"))
    form = client.get(page.url).text
    assert 'name="name"' in form and 'name="email"' not in form and "gh_1987" not in form

    refused = post_comment(name="")
    assert refused.status_code == 400 and "Tell us your name." in refused.text
    post_comment(name="Grace")
    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email) == ("Grace", "grace@example.org")
    assert "gh_1987" not in client.get(page.url).text


def test_a_setting_can_require_login(client, page, post_comment, settings, django_user_model):
    settings.COMMENTS_REQUIRE_LOGIN = True
    settings.COMMENTS_LOGIN_URL = "/admin/login/"
    html = client.get(page.url).text
    assert f'href="/admin/login/?next={page.url.replace("/", "%2F")}"' in html
    assert 'class="comment-form"' not in html
    assert post_comment().status_code == 403
    assert not Comment.objects.exists()

    client.force_login(django_user_model.objects.create_user("grace", "grace@example.org", "pw"))
    assert post_comment().status_code == 302


def test_name_and_email_are_remembered_only_with_consent(client, page, post_comment):
    response = post_comment(name="Ada", email="ada@example.org")
    assert not response.cookies.get(AUTHOR_COOKIE, None) or not response.cookies[AUTHOR_COOKIE].value
    assert 'value="ada@example.org"' not in client.get(page.url).text

    response = post_comment(name="Ada", email="ada@example.org", remember="on")
    assert response.cookies[AUTHOR_COOKIE]["httponly"]
    html = client.get(page.url).text
    assert 'name="name" value="Ada"' in html and 'value="ada@example.org"' in html

    # Posting again without the box ticked forgets them.
    post_comment(name="Ada", email="ada@example.org")
    assert 'value="ada@example.org"' not in client.get(page.url).text


def captcha_says(is_valid):
    return mock.patch(
        "django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=is_valid, extra_data={})
    )


def test_recaptcha_is_required_when_keys_are_configured(client, page, post_comment, settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key"
    assert 'data-sitekey="public-key"' in client.get(page.url).text

    with captcha_says(False):
        response = post_comment(**{"g-recaptcha-response": "bad"})
    assert response.status_code == 400 and "Error verifying reCAPTCHA" in response.text
    assert not Comment.objects.exists()

    with captcha_says(True):
        assert post_comment(**{"g-recaptcha-response": "good"}).status_code == 302
    assert Comment.objects.count() == 1


def test_without_keys_there_is_no_captcha(client, page):
    assert "g-recaptcha" not in client.get(page.url).text


@pytest.mark.parametrize("method", ["get", "head"])
def test_reloading_or_sharing_the_post_url_goes_to_the_page(client, page, method):
    """Issue 16 item 11: a GET or HEAD of /comments/post/ (a reload, a shared link) answered a bare 405."""
    response = getattr(client, method)("/comments/post/", {"page_id": page.pk})

    assert response.status_code == 302
    assert response["Location"] == f"{page.url}#respond"
    assert not Comment.objects.exists()


@pytest.mark.parametrize("query", [{}, {"page_id": "x"}, {"page_id": "999999"}])
def test_the_post_url_without_a_known_page_goes_to_the_site_root(client, db, query):
    """Issue 16 item 11: nothing names a live page, so the visitor lands on the home page rather than a 405."""
    response = client.get("/comments/post/", query)

    assert response.status_code == 302 and response["Location"] == "/"


def test_typos_do_not_use_up_the_rate_limit(page, post_comment, settings):
    """Issue 16 item 8: refused posts counted against COMMENTS_RATE_LIMIT."""
    settings.COMMENTS_RATE_LIMIT = "2/300s"
    for _typo in range(4):
        assert post_comment(email="ada@example").status_code == 400

    assert post_comment(body="one").status_code == 302
    assert post_comment(body="two").status_code == 302
    assert post_comment(body="three").status_code == 429
    assert Comment.objects.count() == 2


def test_many_invalid_posts_meet_a_looser_limit_that_claims_no_post(page, post_comment, api_post, settings):
    """Issue 16 item 8: someone who never posted was told "You have posted several comments"."""
    settings.COMMENTS_RATE_LIMIT = "2/300s"
    settings.COMMENTS_INVALID_RATE_LIMIT = "3/300s"
    for _typo in range(3):
        assert post_comment(email="ada@example").status_code == 400

    html = post_comment(body="Finally right")
    api = api_post({"body": "Finally right"})

    assert html.status_code == api.status_code == 429 and int(api["Retry-After"]) > 0
    assert "You have posted" not in html.text and "Too many attempts from your connection" in html.text
    assert api.json()["errors"]["__all__"][0].startswith("Too many attempts from your connection")
    assert not Comment.objects.exists()


def test_no_span_of_the_period_takes_more_posts_than_the_limit(page, api_post, settings, monkeypatch):
    """Issue 16 item 8: django-ratelimit's clock-aligned windows let twice the limit through at a window's edge."""
    settings.COMMENTS_RATE_LIMIT = "5/300s"
    clock = {"now": 0.0}
    monkeypatch.setattr("time.time", lambda: clock["now"])
    accepted = []
    for number, clock["now"] in enumerate(burst_times()):
        response = api_post({"body": f"Comment {number}"})
        assert response.status_code in (201, 429)
        if response.status_code == 201:
            accepted.append(clock["now"])

    assert busiest_span(accepted) <= 5
    assert len(accepted) == 5 * BURSTS  # each burst after a quiet period gets the full limit
