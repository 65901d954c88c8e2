"""The thread structure: paths from the rows' own ids, one row written per reply, replies kept on removal."""

import pytest
from django.db import connection
from django.db.models import RestrictedError
from django.test.utils import CaptureQueriesContext

from comments.models import PATH_SEGMENT_WIDTH, Comment


def segment(comment):
    return str(comment.pk).zfill(PATH_SEGMENT_WIDTH)


def test_a_comment_and_its_replies_build_their_paths_from_their_own_ids(add_comment):
    root = add_comment()
    reply = add_comment(root)
    reply_to_reply = add_comment(reply)

    for comment in (root, reply, reply_to_reply):
        comment.refresh_from_db()
    assert (root.depth, reply.depth, reply_to_reply.depth) == (1, 2, 3)
    assert root.path == segment(root)
    assert reply.path == segment(root) + segment(reply)
    assert reply_to_reply.path == segment(root) + segment(reply) + segment(reply_to_reply)
    assert {root.thread_id, reply.thread_id, reply_to_reply.thread_id} == {root.pk}


def test_a_reply_writes_only_its_own_row(add_comment):
    root = add_comment()
    for _ in range(3):
        add_comment(root)
    before = {comment.pk: (comment.path, comment.depth) for comment in Comment.objects.all()}

    with CaptureQueriesContext(connection) as queries:
        reply = add_comment(root)

    writes = [query["sql"] for query in queries if query["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # Besides the page's discussion version (issue 16 item 12: cached threads are keyed by it).
    writes = [sql for sql in writes if "comments_discussionversion" not in sql]
    assert len(writes) == 2
    assert writes[0].startswith("INSERT")
    assert writes[1].startswith("UPDATE") and f"= {reply.pk}" in writes[1]
    after = {comment.pk: (comment.path, comment.depth) for comment in Comment.objects.exclude(pk=reply.pk)}
    assert after == before


def test_path_order_lists_a_thread_depth_first_with_replies_oldest_first(add_comment):
    root = add_comment(body="root")
    first = add_comment(root, body="first")
    second = add_comment(root, body="second")
    under_first = add_comment(first, body="under first")

    thread = Comment.objects.filter(thread=root).order_by("path").values_list("body", flat=True)
    assert list(thread) == ["root", "first", "under first", "second"]
    assert under_first.pk > second.pk  # written later, listed earlier: order is by tree, not by time


def test_a_comment_with_replies_cannot_be_deleted_alone(add_comment):
    root = add_comment()
    add_comment(root)
    with pytest.raises(RestrictedError):
        root.delete()


def test_deleting_the_page_deletes_its_discussion(page, add_comment):
    root = add_comment()
    add_comment(add_comment(root))
    page.delete()
    assert not Comment.objects.exists()


def test_email_addresses_are_stored_in_lower_case(add_comment):
    assert add_comment(author_email=" Ada@Example.ORG ").author_email == "ada@example.org"
