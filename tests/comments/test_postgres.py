"""Concurrent replies on PostgreSQL: every reply writes only its own row, so nothing waits on a sibling and the
tree stays valid."""

import threading

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment, path_segment

from .helpers import comment_ids

WRITERS = 8
REPLIES_EACH = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replies_in_one_thread_keep_the_tree_valid(page, add_comment):
    root = add_comment(body="Root")
    first_replies = [add_comment(root, body=f"Reply {number}") for number in range(3)]
    targets = [root, *first_replies]
    start = threading.Barrier(WRITERS)
    failures = []

    def write(number):
        try:
            client = Client(REMOTE_ADDR=f"198.51.100.{number}")
            start.wait()
            for reply in range(REPLIES_EACH):
                parent = targets[(number + reply) % len(targets)]
                response = client.post(
                    "/comments/post/",
                    {
                        "page_id": page.pk,
                        "parent": parent.pk,
                        "name": f"Writer {number}",
                        "email": f"w{number}@example.org",
                        "body": f"{number}-{reply}",
                    },
                )
                if response.status_code != 302:
                    failures.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    writers = [threading.Thread(target=write, args=(number,)) for number in range(WRITERS)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert failures == []
    comments = {comment.pk: comment for comment in Comment.objects.filter(thread=root)}
    assert len(comments) == 1 + len(first_replies) + WRITERS * REPLIES_EACH
    for comment in comments.values():
        parent = comments.get(comment.parent_id)
        expected_path = (parent.path if parent else "") + path_segment(comment.pk)
        assert comment.path == expected_path
        assert comment.depth == (parent.depth + 1 if parent else 1)
        assert comment.status == Comment.Status.APPROVED
    in_tree_order = sorted(comments.values(), key=lambda comment: comment.path)
    in_tree_order = [comment.pk for comment in in_tree_order]
    assert comment_ids(Client().get(page.url, {"thread": root.pk}).text) == in_tree_order
    # A page of threads shows the first COMMENTS_REPLIES_SHOWN (20) replies of the thread.
    assert comment_ids(Client().get(page.url).text) == in_tree_order[:21]
