"""The threads every visitor sees come from the cache, and every change to the discussion shows at once."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.moderation import moderate
from comments.privacy import erase

from .helpers import comment_ids


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
