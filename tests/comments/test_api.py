"""The JSON endpoints other frontends use: GET and POST /api/v2/comments/."""

import json
from unittest import mock

import pytest
from django.core import mail
from django_recaptcha.client import RecaptchaResponse

from comments.models import BlockedTerm, Comment

LIST = "/api/v2/comments/"


def test_the_list_nests_approved_replies_under_their_threads(client, page, add_comment):
    top = add_comment(author_name="Ada", body="Top")
    reply = add_comment(top, author_name="Ben", body="Reply")
    deeper = add_comment(reply, author_name="Cy", body="Deeper")
    add_comment(top, status=Comment.Status.PENDING, body="Held")
    second = add_comment(body="Second thread")

    data = client.get(LIST, {"page_id": page.pk}).json()
    assert data["meta"] == {
        "total_count": 2,
        "comment_count": 4,
        "offset": 0,
        "limit": 50,
        "open": True,
        "max_depth": 5,
        "order": "oldest",
        "replies_limit": 20,
    }
    first = data["items"][0]
    assert (first["id"], first["author_name"], first["body"], first["depth"]) == (top.pk, "Ada", "Top", 1)
    assert first["url"].endswith(f"/campaigns/sign-my-petition/#comment-{top.pk}")
    assert [child["id"] for child in first["replies"]] == [reply.pk]
    assert first["replies"][0]["replies"][0]["id"] == deeper.pk
    assert data["items"][1]["id"] == second.pk


def test_the_list_never_contains_email_addresses_or_ip_hashes(client, page, add_comment):
    add_comment(author_email="secret@example.org", ip_hash="f" * 64)
    text = client.get(LIST, {"page_id": page.pk}).text
    assert "secret@example.org" not in text and "f" * 64 not in text
    assert "email" not in text and "ip" not in json.loads(text)["items"][0]


def test_the_list_is_paginated_by_top_level_thread(client, page, add_comment):
    threads = [add_comment(body=f"thread {number}") for number in range(5)]
    for thread in threads:
        add_comment(thread)
    data = client.get(LIST, {"page_id": page.pk, "limit": 2, "offset": 2}).json()
    assert [item["id"] for item in data["items"]] == [threads[2].pk, threads[3].pk]
    assert data["meta"]["total_count"] == 5 and data["meta"]["comment_count"] == 10
    assert all(len(item["replies"]) == 1 for item in data["items"])


def test_removed_comments_with_replies_are_placeholders_without_author_or_text(client, page, add_comment):
    removed = add_comment(author_name="Gone", body="Awful", status=Comment.Status.REMOVED)
    reply = add_comment(body="Kept")
    Comment.objects.filter(pk=reply.pk).update(parent=removed, thread=removed, depth=2, path=removed.path + reply.path)
    [item] = client.get(LIST, {"page_id": page.pk}).json()["items"]
    assert (item["removed"], item["author_name"], item["body"]) == (True, None, None)
    assert item["replies"][0]["body"] == "Kept"


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({}, 400, "page_id"),
        ({"page_id": "abc"}, 400, "page_id"),
        ({"page_id": 999_999}, 404, "page_id"),
        ({"limit": "0"}, 400, "limit"),
        ({"limit": "101"}, 400, "limit"),
        ({"offset": "-1"}, 400, "offset"),
        ({"offset": "x"}, 400, "offset"),
        ({"replies_limit": "-1"}, 400, "replies_limit"),
        ({"replies_limit": "1001"}, 400, "replies_limit"),
        ({"thread": "x"}, 400, "thread"),
        ({"thread": 999_999}, 404, "thread"),
    ],
)
def test_bad_list_requests_get_a_clear_error(client, page, params, status, field):
    if field != "page_id":
        params = {"page_id": page.pk, **params}
    response = client.get(LIST, params)
    assert response.status_code == status
    assert list(response.json()["errors"]) == [field]


def test_unpublished_pages_are_not_listed(client, page):
    page.unpublish()
    assert client.get(LIST, {"page_id": page.pk}).status_code == 404


def test_a_published_comment_is_created(api_post, page, add_comment):
    parent = add_comment(author_email="ada@example.org", notify=True)
    response = api_post(
        {"parent": parent.pk, "name": "Ben", "email": "ben@example.org", "body": "Agreed", "notify": True}
    )
    assert response.status_code == 201
    data = response.json()
    comment = Comment.objects.get(pk=data["id"])
    assert (comment.parent_id, comment.author_name, comment.notify) == (parent.pk, "Ben", True)
    assert data["status"] == "approved"
    assert data["comment"]["body"] == "Agreed" and "email" not in json.dumps(data)
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


def test_a_held_comment_is_accepted_for_moderation(api_post, settings):
    settings.COMMENTS_MODERATION = "first_time"
    response = api_post()
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_the_post_needs_no_csrf_token(page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        LIST,
        json.dumps({"page_id": page.pk, "name": "Ada", "email": "ada@example.org", "body": "Hi"}),
        content_type="application/json",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"email": "nope"}, "email"),
        ({"name": None}, "name"),
        ({"body": ["a", "list"]}, "body"),
        ({"parent": 999_999}, "parent"),
        ({"parent": "x"}, "parent"),
        ({"page_id": None}, "page_id"),
        ({"page_id": "abc"}, "page_id"),
    ],
)
def test_bad_posts_get_field_errors_and_store_nothing(api_post, payload, field):
    response = api_post(payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field] and all(isinstance(message, str) for message in errors[field])
    assert not Comment.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "[1, 2]", '"text"', "null"])
def test_malformed_json_is_a_400_with_errors(api_post, raw):
    response = api_post(raw=raw)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["__all__"]
    assert not Comment.objects.exists()


def test_replies_follow_the_same_rules_as_the_form(api_post, make_discussion_page, add_comment):
    page = make_discussion_page(title="Shallow", max_depth=1)
    top = add_comment(on=page)
    response = api_post({"page_id": page.pk, "parent": top.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["parent"] == ["This conversation is as deep as it goes: reply further up."]


def test_posting_to_an_unknown_page_is_404(api_post):
    assert api_post({"page_id": 999_999}).status_code == 404


def test_posting_to_a_closed_discussion_is_403(api_post, make_discussion_page):
    page = make_discussion_page(open=False)
    response = api_post({"page_id": page.pk})
    assert response.status_code == 403
    assert response.json() == {"errors": {"__all__": ["Comments are closed on this page."]}}
    assert not Comment.objects.exists()


def test_posting_when_login_is_required_is_403(api_post, settings):
    settings.COMMENTS_REQUIRE_LOGIN = True
    assert api_post().status_code == 403


def test_posting_is_rate_limited_with_retry_after(api_post, settings):
    settings.COMMENTS_RATE_LIMIT = "1/60s"
    assert api_post().status_code == 201
    response = api_post({"body": "again"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60 + 6  # the period, and at most a tenth more (ratelimit.py)
    assert Comment.objects.count() == 1


def test_the_honeypot_answers_like_a_held_comment_and_stores_nothing(api_post):
    response = api_post({"website": "http://spam.example"})
    assert response.status_code == 202
    assert not Comment.objects.exists()


def test_the_captcha_token_is_checked_when_keys_are_set(api_post, settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key"
    assert api_post().json()["errors"] == {"captcha": ["This field is required."]}
    with mock.patch("django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=False)):
        assert api_post({"captcha": "bad"}).status_code == 400
    with mock.patch("django_recaptcha.fields.client.submit", return_value=RecaptchaResponse(is_valid=True)) as submit:
        assert api_post({"captcha": "good"}).status_code == 201
    assert submit.call_args.kwargs["recaptcha_response"] == "good"


def test_the_api_applies_the_blocklist(api_post):
    BlockedTerm.objects.create(term="casino")
    assert api_post({"body": "Casino night!"}).status_code == 202


def test_long_threads_are_cut_at_replies_limit_with_the_count_and_the_url_of_the_rest(
    client, page, add_comment, settings
):
    """Issue 16 item 14: a thread's replies were unbounded (two 400-reply threads made ~500 KB)."""
    settings.COMMENTS_REPLIES_SHOWN = 3
    long = add_comment(body="Long")
    replies = [add_comment(long, body=f"reply {number}") for number in range(5)]
    nested = add_comment(replies[0], body="nested")
    short = add_comment(body="Short")
    short_reply = add_comment(short)

    data = client.get(LIST, {"page_id": page.pk}).json()

    assert data["meta"]["replies_limit"] == 3
    first, second = data["items"]
    # The first replies in thread order (depth first, oldest first): reply 0, its reply, reply 1.
    assert [reply["id"] for reply in first["replies"]] == [replies[0].pk, replies[1].pk]
    assert [reply["id"] for reply in first["replies"][0]["replies"]] == [nested.pk]
    assert first["reply_count"] == 6
    assert first["replies_url"] == f"http://testserver{LIST}?page_id={page.pk}&thread={long.pk}"
    assert first["replies"][0]["reply_count"] is None and first["replies"][0]["replies_url"] is None
    assert (second["reply_count"], second["replies_url"]) == (1, None)
    assert [reply["id"] for reply in second["replies"]] == [short_reply.pk]

    whole = client.get(first["replies_url"]).json()
    assert [item["id"] for item in whole["items"]] == [long.pk] and whole["meta"]["total_count"] == 1
    assert [reply["id"] for reply in whole["items"][0]["replies"]] == [reply.pk for reply in replies]
    assert whole["items"][0]["replies_url"] is None

    fewer = client.get(LIST, {"page_id": page.pk, "replies_limit": 0}).json()
    assert fewer["items"][0]["replies"] == [] and fewer["items"][0]["reply_count"] == 6
    assert fewer["items"][1]["replies_url"] == f"http://testserver{LIST}?page_id={page.pk}&thread={short.pk}"
