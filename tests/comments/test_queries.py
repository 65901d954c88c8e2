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


def add_replies(root, count):
    """`count` approved replies to `root`, stored with bulk inserts."""
    replies = Comment.objects.bulk_create(
        Comment(
            page_id=root.page_id,
            parent=root,
            thread_id=root.pk,
            depth=2,
            author_name="Replier",
            author_email="replier@example.org",
            body="Me too",
            status=Comment.Status.APPROVED,
        )
        for _ in range(count)
    )
    for reply in replies:
        reply.path = root.path + path_segment(reply.pk)
    Comment.objects.bulk_update(replies, ["path"])


@pytest.mark.parametrize("cache_seconds", [300, 0], ids=["cached threads", "uncached"])
def test_two_400_reply_threads_cost_what_two_short_ones_do(client, make_discussion_page, settings, cache_seconds):
    """Issue 16 item 14: a page shows the first COMMENTS_REPLIES_SHOWN (20) replies of each thread, in as many
    queries whatever the threads' size, on the page and in the API."""
    settings.COMMENTS_CACHE_SECONDS = cache_seconds
    small, large = make_discussion_page(title="Small"), make_discussion_page(title="Large")
    for page, replies in ((small, 2), (large, 400)):
        for _ in range(2):
            root = Comment.objects.create(page=page, author_name="A", body="Root", status=Comment.Status.APPROVED)
            add_replies(root, replies)
    urls = [page.url for page in (small, large)] + [f"/api/v2/comments/?page_id={page.pk}" for page in (small, large)]
    for url in urls:
        client.get(url)  # warm the caches

    (
        (small_page, small_queries),
        (large_page, large_queries),
        (small_api, small_api_queries),
        (large_api, large_api_queries),
    ) = (queries_for(client, url) for url in urls)

    assert large_page.text.count('class="comment"') == 2 * 21 and len(large_page.content) < 60_000
    assert small_queries == large_queries
    assert [len(thread["replies"]) for thread in large_api.json()["items"]] == [20, 20]
    assert [thread["reply_count"] for thread in large_api.json()["items"]] == [400, 400]
    assert small_api_queries == large_api_queries
