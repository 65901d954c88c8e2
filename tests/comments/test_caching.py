"""The threads every visitor sees come from the cache, and every change to the discussion shows at once."""

import re
import time
from unittest import mock

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import caching
from comments.forms import CommentForm
from comments.models import Comment
from comments.moderation import moderate
from comments.privacy import erase

from .helpers import comment_ids


def form_fields(html):
    """The comment form's fields (an anonymous visitor's form has no CSRF token: tests/caching)."""
    return re.search(r'class="comment-form"[^>]*>(.*?)</form>', html, re.S)[1]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_cached_page_of_threads_costs_fewer_queries_than_rendering_it(client, page, add_comment, settings):
    add_comment()
    client.get(page.url)
    cached = queries_for(client, page.url)
    settings.COMMENTS_CACHE_SECONDS = 0
    assert queries_for(client, page.url) > cached


def test_a_new_comment_shows_at_once_to_a_visitor_who_had_the_page_cached(client, page, add_comment, post_comment):
    first = add_comment()
    assert comment_ids(client.get(page.url).text) == [first.pk]

    post_comment(using=Client(), body="A reply from someone else.", parent=first.pk)

    reply = Comment.objects.get(body="A reply from someone else.")
    html = client.get(page.url).text
    assert comment_ids(html) == [first.pk, reply.pk]
    assert "2 thoughts on" in html


def test_moderating_a_comment_shows_at_once(client, page, add_comment):
    kept, spam = add_comment(), add_comment(body="Buy now")
    held = add_comment(status=Comment.Status.PENDING)
    assert comment_ids(client.get(page.url).text) == [kept.pk, spam.pk]

    moderate([spam.pk], "spam")
    moderate([held.pk], "approve")

    assert comment_ids(client.get(page.url).text) == [kept.pk, held.pk]


def test_erasing_an_authors_comments_shows_at_once(client, page, add_comment):
    add_comment(author_name="Grace", author_email="grace@example.org")
    assert "Grace" in client.get(page.url).text

    erase("grace@example.org")

    assert "Grace" not in client.get(page.url).text


def test_an_anonymous_visitor_gets_the_cached_form_without_building_one(client, page):
    first = client.get(page.url).text

    with mock.patch.object(CommentForm, "__init__", autospec=True, side_effect=CommentForm.__init__) as built:
        again = client.get(page.url).text

    assert not built.called
    assert form_fields(again) == form_fields(first) and 'name="email"' in form_fields(again)


def test_while_nothing_changes_a_view_asks_the_cache_nothing(client, page, add_comment):
    """The version comes from the database (issue 16 item 12), and this process keeps the entries of it."""
    add_comment(body="Worth reading twice.")
    client.get(page.url)

    with mock.patch.object(caching.cache, "get_many", wraps=caching.cache.get_many) as asked:
        html = client.get(page.url).text

    assert "Worth reading twice." in html
    assert asked.call_args_list == []


def test_a_change_made_outside_the_app_shows_once_the_cache_time_is_up(client, page, add_comment, settings):
    settings.COMMENTS_CACHE_SECONDS = 300
    comment = add_comment(body="As first written.")
    client.get(page.url)
    Comment.objects.filter(pk=comment.pk).update(body="Changed in the database.")  # no signal, nothing forgotten
    assert "As first written." in client.get(page.url).text

    with mock.patch("time.time", return_value=time.time() + 301):
        html = client.get(page.url).text

    assert "Changed in the database." in html and "As first written." not in html


def test_a_process_keeps_only_text_and_numbers_whose_size_it_can_bound(client, page, add_comment):
    add_comment(body="Read through the API.")
    assert client.get("/api/v2/comments/", {"page_id": page.pk}).status_code == 200
    client.get(page.url)

    kept = [value for _expires, value in caching._kept_entries.values()]
    assert any(isinstance(value, str) and "Read through the API." in value for value in kept)  # the threads
    assert all(isinstance(value, (str, int)) for value in kept)  # not the API's windows of threads
