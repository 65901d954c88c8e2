"""Moderating, editing or deleting a comment purges its page (only that translation's: each has its own discussion);
a new comment purges nothing."""

import json

import pytest

from comments.models import Comment
from comments.moderation import moderate
from comments.privacy import erase

PAGE = "http://localhost/campaigns/save-the-unit/"


@pytest.fixture
def page(make_campaign_page, translate, settings):
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_RATE_LIMIT = "off"
    page = make_campaign_page(body=[{"type": "comments", "value": {}}])
    translate(page, "cy")
    return page


@pytest.fixture
def comment(page):
    return Comment.objects.create(
        page=page, author_name="Ada", author_email="ada@example.org", body="A thought.", status=Comment.Status.PENDING
    )


@pytest.mark.parametrize("action", ["approve", "reject", "spam", "remove"])
def test_moderating_a_comment_purges_its_page(comment, action, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([comment.pk], action)
    assert purged == [PAGE]


def test_editing_a_comment_purges_its_page(comment, purged, django_capture_on_commit_callbacks):
    purged.clear()
    comment.body = "A better thought."
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    assert purged == [PAGE]


def test_deleting_a_comment_purges_its_page(comment, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()
    assert purged == [PAGE]


def test_erasing_a_persons_comments_purges_their_pages(comment, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        erase("ada@example.org")
    assert purged == [PAGE]


def test_a_new_comment_purges_nothing(page, client, purged, django_capture_on_commit_callbacks):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v2/comments/",
            json.dumps({"page_id": page.pk, "name": "Ada", "email": "ada@example.org", "body": "A thought."}),
            content_type="application/json",
        )
    assert response.status_code == 201
    assert purged == []


def test_a_comment_moderated_in_the_admin_purges_its_page(
    comment, admin_client, purged, django_capture_on_commit_callbacks
):
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/comments/comment/moderate/", {"row_action": f"remove:{comment.pk}"})
    assert response.status_code == 302
    assert purged == [PAGE]


def test_without_a_frontend_cache_nothing_is_purged_and_nothing_fails(
    comment, purged, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert moderate([comment.pk], "remove") == [comment.pk]
    assert purged == []
