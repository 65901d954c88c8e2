"""Fixtures for the comments tests: a page with a discussion, and helpers that post the way visitors do."""

import json

import pytest
from django.urls import reverse

from comments.models import Comment


@pytest.fixture(autouse=True)
def comment_settings(settings):
    """Publish at once and never rate limit unless a test says otherwise."""
    settings.COMMENTS_MODERATION = "none"
    settings.COMMENTS_RATE_LIMIT = "off"
    settings.RECAPTCHA_PUBLIC_KEY = ""
    settings.RECAPTCHA_PRIVATE_KEY = ""
    return settings


@pytest.fixture
def make_discussion_page(make_campaign_page):
    """A published campaign page with a paragraph and a comments block with these settings."""

    def make(title="Sign my petition", **block_values):
        body = [
            {"type": "paragraph", "value": "<p>Keep the unit open.</p>"},
            {"type": "comments", "value": block_values},
        ]
        return make_campaign_page(title=title, body=body)

    return make


@pytest.fixture
def page(make_discussion_page):
    return make_discussion_page()


@pytest.fixture
def add_comment(page):
    """Store a comment directly, approved unless told otherwise."""

    def add(parent=None, *, on=None, status=Comment.Status.APPROVED, **fields):
        fields.setdefault("author_name", "Ada")
        fields.setdefault("author_email", "ada@example.org")
        fields.setdefault("body", "A thought.")
        return Comment.objects.create(page=on or page, parent=parent, status=status, **fields)

    return add


@pytest.fixture
def post_comment(client, page, django_capture_on_commit_callbacks):
    """Post the HTML comment form as a browser would, running the e-mail tasks the post commits."""

    def post(to=None, *, using=None, **fields):
        data = {"page_id": (to or page).pk, "name": "Ada", "email": "ada@example.org", "body": "A thought."}
        data.update(fields)
        data = {key: value for key, value in data.items() if value is not None}
        with django_capture_on_commit_callbacks(execute=True):
            return (using or client).post(reverse("comments:post"), data)

    return post


@pytest.fixture
def api_post(client, page, django_capture_on_commit_callbacks):
    """POST /api/v2/comments/ with a JSON body (a dict, or raw text), running the tasks it commits."""

    def post(payload=None, raw=None, **headers):
        if payload is None and raw is None:
            payload = {}
        if raw is None:
            payload = {"page_id": page.pk, "name": "Ada", "email": "ada@example.org", "body": "A thought.", **payload}
            raw = json.dumps(payload)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v2/comments/", raw, content_type="application/json", **headers)

    return post


@pytest.fixture
def moderator(django_user_model):
    """An admin user who may moderate comments (and only that), with an e-mail address."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="change_comment", content_type__app_label="comments"),
    )
    user = django_user_model.objects.create_user("mo", "mo@example.org", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(django_user_model):
    """An admin user without any comment permission."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="Editors only")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    user = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    user.groups.add(group)
    return user
