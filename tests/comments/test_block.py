"""What readers see of a discussion on the page: heading, comments, replies, pagination and the form."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from blocks.comments import CommentsBlock
from comments.models import Comment

from .helpers import comment_ids


def heading(html):
    return re.search(r'<h2 id="comments-heading">(.*?)</h2>', html).group(1)


def test_the_heading_counts_approved_comments_with_the_right_plural(client, page, add_comment):
    """Issue 16 item 25: an empty discussion read "0 thoughts on …"; it now says there are none yet."""
    empty = client.get(page.url).text
    assert heading(empty) == "Comments on “Sign my petition”"
    assert '<p class="empty comments-empty">No comments yet. <a href="#respond">Start the discussion.</a></p>' in empty

    first = add_comment()
    add_comment(status=Comment.Status.PENDING)
    one = client.get(page.url).text
    assert heading(one) == "One thought on “Sign my petition”" and "No comments yet." not in one

    add_comment(first)
    assert heading(client.get(page.url).text) == "2 thoughts on “Sign my petition”"


def test_a_closed_empty_discussion_does_not_invite_comments(client, make_discussion_page):
    html = client.get(make_discussion_page(open=False).url).text
    assert '<p class="empty comments-empty">No comments yet.</p>' in html


def test_the_default_heading_is_translated_with_the_language_plural_forms(page):
    """The default wording goes through ngettext; an editor's own wording is shown as written."""
    block = CommentsBlock()
    with mock.patch("blocks.comments.ngettext", return_value="%(count)s × %(title)s") as ngettext:
        assert block.heading(block.to_python({}), 3, "T") == "3 × T"
    ngettext.assert_called_once_with("One thought on “%(title)s”", "%(count)s thoughts on “%(title)s”", 3)
    assert block.heading(block.to_python({"heading_many": "{count} replies"}), 3, "T") == "3 replies"


def test_editors_can_reword_the_heading(client, make_discussion_page):
    page = make_discussion_page(title="Budget", heading_many="{count} replies to {title}")
    assert heading(client.get(page.url).text) == "0 replies to Budget"


def test_the_heading_accepts_only_the_count_and_title_placeholders():
    block = CommentsBlock()
    value = block.to_python({"heading_many": "{count} on {page.owner.email}"})
    with pytest.raises(ValidationError):
        block.clean(value)


def test_each_comment_shows_author_date_permalink_and_escaped_text_with_links(client, page, add_comment):
    comment = add_comment(
        author_name="<b>Ben</b>",
        body="First line <script>alert(1)</script>\nsecond line, see https://example.org/report?a=1&b=2.",
    )
    html = client.get(page.url).text

    assert "&lt;b&gt;Ben&lt;/b&gt;" in html
    assert f'<a class="comment-permalink" href="#comment-{comment.pk}"><time datetime=' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in html
    assert '<a href="https://example.org/report?a=1&amp;b=2" rel="nofollow ugc">' in html
    assert "<script>alert" not in html


def test_replies_nest_under_their_comment_oldest_first_and_links_to_reply_stop_at_max_depth(
    client, make_discussion_page, add_comment
):
    page = make_discussion_page(max_depth=2)
    root = add_comment(on=page)
    newer_reply = add_comment(root, on=page, body="older")
    newest_reply = add_comment(root, on=page, body="newer")
    html = client.get(page.url).text

    assert comment_ids(html) == [root.pk, newer_reply.pk, newest_reply.pk]
    assert f"?replyto={root.pk}#respond" in html
    assert f"?replyto={newer_reply.pk}#respond" not in html


def test_threads_can_be_ordered_newest_first(client, make_discussion_page, add_comment):
    page = make_discussion_page(order="newest")
    old = add_comment(on=page, created_at=timezone.now() - timedelta(days=2))
    new = add_comment(on=page)
    old_reply = add_comment(old, on=page)
    assert comment_ids(client.get(page.url).text) == [new.pk, old.pk, old_reply.pk]


def test_threads_are_paginated_with_links_between_pages(client, make_discussion_page, add_comment):
    page = make_discussion_page(threads_per_page=2)
    threads = [add_comment(on=page, body=f"thread {number}") for number in range(5)]
    reply = add_comment(threads[0], on=page)

    first = client.get(page.url).text
    assert comment_ids(first) == [threads[0].pk, reply.pk, threads[1].pk]
    assert "Page 1 of 3" in first
    assert 'href="?comments-page=2#comments"' in first

    last = client.get(page.url, {"comments-page": 3}).text
    assert comment_ids(last) == [threads[4].pk]
    assert 'href="?comments-page=2#comments"' in last
    assert client.get(page.url, {"comments-page": "nonsense"}).status_code == 200


def test_a_removed_comment_keeps_its_replies_behind_a_placeholder(client, page, add_comment):
    removed = add_comment(body="something awful", status=Comment.Status.REMOVED)
    reply = add_comment(body="a reply worth keeping")
    Comment.objects.filter(pk=reply.pk).update(parent=removed, thread=removed, depth=2, path=removed.path + reply.path)
    lonely = add_comment(body="removed and alone", status=Comment.Status.REMOVED)
    spam = add_comment(body="buy pills", status=Comment.Status.SPAM)

    html = client.get(page.url).text
    assert comment_ids(html) == [removed.pk, reply.pk]
    assert "This comment was removed." in html
    assert "a reply worth keeping" in html
    for hidden in ("something awful", "removed and alone", "buy pills"):
        assert hidden not in html
    assert lonely.pk not in comment_ids(html) and spam.pk not in comment_ids(html)


def test_the_reply_form_works_without_javascript(client, page, add_comment):
    comment = add_comment(author_name="Chloe")
    html = client.get(page.url, {"replyto": comment.pk}).text
    assert "Reply to Chloe" in html
    assert f'<input type="hidden" name="parent" value="{comment.pk}" id="id_parent">' in html

    ignored = client.get(page.url, {"replyto": "999999"}).text
    assert "Leave a comment" in ignored and 'name="parent" id="id_parent"' in ignored


def test_a_closed_discussion_shows_its_comments_but_no_form(client, make_discussion_page, add_comment):
    page = make_discussion_page(open=False)
    comment = add_comment(on=page)
    html = client.get(page.url).text
    assert comment_ids(html) == [comment.pk]
    assert "Comments are closed on this page." in html
    assert 'class="comment-form"' not in html
    assert "replyto=" not in html


def test_comments_close_a_set_number_of_days_after_publication(client, page, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    assert 'class="comment-form"' in client.get(page.url).text
    page.first_published_at = timezone.now() - timedelta(days=31)
    page.save(update_fields=["first_published_at"])
    assert "Comments are closed on this page." in client.get(page.url).text


def test_the_page_api_describes_the_discussion(client, make_discussion_page, add_comment):
    page = make_discussion_page(max_depth=3, order="newest", threads_per_page=20)
    add_comment(on=page)
    add_comment(on=page, status=Comment.Status.PENDING)

    body = client.get(f"/api/v2/pages/{page.pk}/").json()["body"]
    value = next(block["value"] for block in body if block["type"] == "comments")
    assert value == {
        "heading": "One thought on “Sign my petition”",
        "count": 1,
        "open": True,
        "settings": {"max_depth": 3, "order": "newest", "threads_per_page": 20},
        "list_url": f"http://testserver/api/v2/comments/?page_id={page.pk}",
        "post_url": "http://testserver/api/v2/comments/",
        "captcha": {"type": "none", "site_key": None, "action": None},
    }
    assert client.get(value["list_url"]).json()["meta"]["comment_count"] == 1


def test_outside_a_saved_page_the_block_renders_a_placeholder(rf):
    block = CommentsBlock()
    html = block.render(block.to_python({}), context={"request": rf.get("/")})
    assert "Comments on “this page”" in html
    assert "appear here once the page is published" in html
    assert "<form" not in html


def test_a_long_thread_shows_its_first_replies_with_a_link_to_the_rest(
    client, make_discussion_page, add_comment, settings
):
    """Issue 16 item 14: a thread's replies were unbounded (two 400-reply threads made the page ~500 KB)."""
    settings.COMMENTS_REPLIES_SHOWN = 3
    page = make_discussion_page()
    long = add_comment(on=page)
    replies = [add_comment(long, on=page, body=f"reply {number}") for number in range(5)]
    short = add_comment(on=page)
    short_reply = add_comment(short, on=page)

    html = client.get(page.url).text

    assert comment_ids(html) == [long.pk, *(reply.pk for reply in replies[:3]), short.pk, short_reply.pk]
    assert f'<a class="comment-thread-link" href="?thread={long.pk}#comment-{long.pk}">Show all 5 replies</a>' in html
    assert f"?thread={short.pk}" not in html

    whole = client.get(page.url, {"thread": long.pk}).text
    assert comment_ids(whole) == [long.pk, *(reply.pk for reply in replies)]
    assert '<a class="comment-thread-link" href="?#comments">All comments</a>' in whole
    assert f"?thread={long.pk}&amp;replyto={replies[4].pk}#respond" in whole
    assert "Show all" not in whole

    assert comment_ids(client.get(page.url, {"thread": 999_999}).text) == comment_ids(html)
    assert comment_ids(client.get(page.url, {"thread": short_reply.pk}).text) == comment_ids(html)
