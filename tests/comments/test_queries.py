"""A page of threads costs the same number of queries for 10 comments as for 1,000, five levels deep."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, path_segment

DEPTH = 5


def build_discussion(page, count):
    """`count` approved comments in threads that are chains of DEPTH replies, stored with bulk inserts."""
    parents = [None] * (count // DEPTH)
    for depth in range(1, DEPTH + 1):
        level = Comment.objects.bulk_create(
            Comment(
                page=page,
                parent=parent,
                thread_id=parent.thread_id if parent else None,
                depth=depth,
                author_name=f"Reader {depth}",
                author_email="reader@example.org",
                body="A point https://example.org\nwith two lines",
                status=Comment.Status.APPROVED,
            )
            for parent in parents
        )
        for comment, parent in zip(level, parents, strict=True):
            comment.path = (parent.path if parent else "") + path_segment(comment.pk)
            comment.thread_id = parent.thread_id if parent else comment.pk
        Comment.objects.bulk_update(level, ["path", "thread"])
        parents = level
    assert Comment.objects.filter(page=page).count() == count


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("cache_seconds", [300, 0], ids=["cached threads", "uncached"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in user"])
def test_rendering_the_page_takes_the_same_queries_for_10_and_1000_comments(
    client, make_discussion_page, signed_in, django_user_model, settings, cache_seconds
):
    settings.COMMENTS_CACHE_SECONDS = cache_seconds
    if signed_in:
        client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw"))
    small, large = make_discussion_page(title="Small"), make_discussion_page(title="Large")
    build_discussion(small, 10)
    build_discussion(large, 1000)
    for page in (small, large):
        client.get(page.url)  # warm the caches (site root paths, content types, the threads when cached)

    small_response, small_queries = queries_for(client, small.url)
    large_response, large_queries = queries_for(client, large.url)

    assert "10 thoughts on" in small_response.text and "1,000 thoughts on" in large_response.text
    assert large_response.text.count('class="comment"') == 50 * DEPTH
    assert small_queries == large_queries


def test_the_list_endpoint_takes_the_same_queries_for_10_and_1000_comments(client, make_discussion_page):
    small, large = make_discussion_page(title="Small"), make_discussion_page(title="Large")
    build_discussion(small, 10)
    build_discussion(large, 1000)
    for page in (small, large):
        client.get(f"/api/v2/comments/?page_id={page.pk}")  # warm the caches (content types, cached counts)

    small_response, small_queries = queries_for(client, f"/api/v2/comments/?page_id={small.pk}&limit=100")
    large_response, large_queries = queries_for(client, f"/api/v2/comments/?page_id={large.pk}&limit=100")

    assert large_response.json()["meta"]["comment_count"] == 1000
    deepest = large_response.json()["items"][0]
    for _ in range(DEPTH - 1):
        deepest = deepest["replies"][0]
    assert deepest["depth"] == DEPTH
    assert small_queries == large_queries
