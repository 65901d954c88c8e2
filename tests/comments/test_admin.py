"""The moderation queue in the Wagtail admin, as moderators and other editors use it."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import mail
from wagtail.models import ModelLogEntry

from comments.models import Comment

QUEUE = "/admin/comments/comment/"
MODERATE = "/admin/comments/comment/moderate/"


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


def rows(html):
    """The comment ids of the queue's rows, top to bottom."""
    return [int(pk) for pk in re.findall(r'name="ids" value="(\d+)"', html)]


def test_the_queue_lists_pending_comments_first_then_newest(moderating, add_comment):
    old_pending = add_comment(status=Comment.Status.PENDING)
    approved = add_comment()
    new_pending = add_comment(status=Comment.Status.PENDING)
    spam = add_comment(status=Comment.Status.SPAM)
    assert rows(moderating.get(QUEUE).text) == [new_pending.pk, old_pending.pk, spam.pk, approved.pk]


def test_the_queue_filters_by_status_and_page_and_searches(moderating, make_discussion_page, add_comment):
    page = make_discussion_page(title="Other campaign")
    pending = add_comment(status=Comment.Status.PENDING, body="about budgets")
    elsewhere = add_comment(on=page, body="about detectives", author_email="cy@example.org")
    add_comment(status=Comment.Status.SPAM, body="casino")

    assert rows(moderating.get(QUEUE, {"status__exact": "pending"}).text) == [pending.pk]
    assert rows(moderating.get(QUEUE, {"page": page.pk}).text) == [elsewhere.pk]
    assert "Other campaign" in moderating.get(QUEUE).text
    assert rows(moderating.get(QUEUE, {"q": "detectives"}).text) == [elsewhere.pk]
    assert rows(moderating.get(QUEUE, {"q": "cy@example"}).text) == [elsewhere.pk]
    assert rows(moderating.get(QUEUE, {"page": "nonsense"}).text) == []


def test_comment_text_is_escaped_in_the_admin(moderating, add_comment):
    comment = add_comment(body="<script>alert('x')</script>", author_name="<i>Eve</i>")
    for url in (QUEUE, f"{QUEUE}inspect/{comment.pk}/"):
        html = moderating.get(url).text
        assert "<script>alert" not in html and "<i>Eve</i>" not in html
        assert "&lt;script&gt;" in html


def test_the_queue_lays_out_its_buttons_and_wraps_between_words(moderating, add_comment):
    """Issue 16 item 20: moderation buttons were misaligned and words broke mid-word; each row's buttons sit in
    one flex row styled by the app's admin stylesheet."""
    add_comment(status=Comment.Status.PENDING)

    html = moderating.get(QUEUE).text

    assert "comments/css/admin.css" in html
    assert re.search(r'<div class="comments-moderation-buttons">\s*<button', html)
    stylesheet = Path(finders.find("comments/css/admin.css")).read_text()
    assert ".comments-moderation-buttons" in stylesheet and "word-break: normal" in stylesheet


def test_a_row_button_moderates_that_comment(moderating, add_comment):
    comment = add_comment(status=Comment.Status.PENDING)
    other = add_comment(status=Comment.Status.PENDING)
    response = moderating.post(MODERATE, {"row_action": f"approve:{comment.pk}", "ids": [other.pk]})
    assert response.status_code == 302 and response["Location"] == QUEUE
    comment.refresh_from_db()
    other.refresh_from_db()
    assert (comment.status, other.status) == (Comment.Status.APPROVED, Comment.Status.PENDING)
    assert "1 comment approved." in moderating.get(QUEUE).text


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("reject", "rejected"), ("spam", "spam"), ("remove", "removed")],
)
def test_bulk_actions_moderate_every_ticked_comment(moderating, moderator, add_comment, action, status):
    ticked = [add_comment(status=Comment.Status.PENDING) for _ in range(3)]
    untouched = add_comment(status=Comment.Status.PENDING)
    moderating.post(MODERATE, {"action": action, "ids": [comment.pk for comment in ticked]})

    assert set(Comment.objects.filter(status=status).values_list("pk", flat=True)) == {c.pk for c in ticked}
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING
    entries = ModelLogEntry.objects.filter(action=f"comments.{action}")
    assert entries.count() == 3 and {entry.user_id for entry in entries} == {moderator.pk}


def test_moderating_without_a_choice_changes_nothing(moderating, add_comment):
    comment = add_comment(status=Comment.Status.PENDING)
    moderating.post(MODERATE, {"action": "approve"})
    moderating.post(MODERATE, {"action": "delete-everything", "ids": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_approving_a_held_reply_tells_the_person_replied_to_once(
    moderating, add_comment, django_capture_on_commit_callbacks
):
    parent = add_comment(author_email="ada@example.org", notify=True)
    reply = add_comment(parent, author_name="Ben", author_email="ben@example.org", status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        moderating.post(MODERATE, {"row_action": f"approve:{reply.pk}"})
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]

    with django_capture_on_commit_callbacks(execute=True):
        moderating.post(MODERATE, {"row_action": f"remove:{reply.pk}"})
        moderating.post(MODERATE, {"row_action": f"approve:{reply.pk}"})
    assert len(mail.outbox) == 1


def test_the_menu_and_dashboard_show_how_many_comments_wait(moderating, add_comment):
    add_comment(status=Comment.Status.PENDING)
    add_comment(status=Comment.Status.PENDING)
    add_comment()
    home = moderating.get("/admin/").text
    assert "Comments (2)" in home
    assert "2 comments awaiting moderation" in home


def test_editors_without_the_permission_can_neither_see_nor_moderate(client, editor, add_comment):
    comment = add_comment(status=Comment.Status.PENDING)
    client.force_login(editor)
    # Wagtail answers a permission error in its admin by sending the user back to the dashboard.
    assert client.get(QUEUE)["Location"] == "/admin/"
    assert client.post(MODERATE, {"row_action": f"approve:{comment.pk}"})["Location"] == "/admin/"
    assert "awaiting moderation" not in client.get("/admin/").text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_visitors_cannot_reach_the_queue(client):
    assert client.post(MODERATE, {"action": "approve", "ids": [1]}).status_code == 302


def test_moderators_can_correct_the_name_and_text_but_not_add_or_delete(moderating, add_comment):
    comment = add_comment()
    response = moderating.post(f"{QUEUE}edit/{comment.pk}/", {"author_name": "Ada L.", "body": "Fixed typo"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.author_name, comment.body) == ("Ada L.", "Fixed typo")
    assert moderating.get(f"{QUEUE}create/").status_code in (302, 403)
    assert moderating.post(f"{QUEUE}delete/{comment.pk}/").status_code in (302, 403)
    assert Comment.objects.filter(pk=comment.pk).exists()


def inspect_url(comment):
    return f"{QUEUE}inspect/{comment.pk}/"


def test_the_inspect_page_reads_well(moderating, add_comment, page):
    """Issue 16 item 22: labels were lowercase, the body lost its line breaks, and nothing led to the comment on
    its page."""
    comment = add_comment(body="First line\nsecond line\n\n<b>new</b> paragraph", author_name="Ada")

    html = moderating.get(inspect_url(comment)).text

    assert ">Name</dt>" in html and ">Notify of replies</dt>" in html and ">name</dt>" not in html
    assert "<p>First line<br>second line</p>" in html and "<p>&lt;b&gt;new&lt;/b&gt; paragraph</p>" in html
    assert f'href="{page.url}#comment-{comment.pk}"' in html


def test_the_inspect_page_moderates_as_the_queue_does(moderating, add_comment):
    """Issue 16 item 22: the inspect page had no moderation buttons."""
    comment = add_comment(status=Comment.Status.PENDING)
    url = inspect_url(comment)

    html = moderating.get(url).text
    response = moderating.post(MODERATE, {"row_action": f"spam:{comment.pk}", "next": url})

    assert all(f'value="{action}:{comment.pk}"' in html for action in ("approve", "reject", "spam", "remove"))
    assert f'action="{MODERATE}"' in html and f'name="next" value="{url}"' in html
    assert response["Location"] == url
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_the_inspect_page_has_no_buttons_for_who_may_only_view(client, django_user_model, add_comment):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("vi", "vi@example.org", "pw")
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_comment", content_type__app_label="comments"),
    )
    client.force_login(viewer)
    comment = add_comment(status=Comment.Status.PENDING)

    html = client.get(inspect_url(comment)).text

    assert "Ada" in html and f'value="approve:{comment.pk}"' not in html


def test_the_queue_says_which_comment_a_reply_answers(moderating, add_comment):
    """Issue 16 item 25: the queue did not show which comment a reply answers, nor link to it."""
    parent = add_comment(author_name="Bo", body="The unit must stay open, whatever it costs us all.")
    reply = add_comment(parent, status=Comment.Status.PENDING, body="I agree.")

    html = moderating.get(QUEUE).text

    assert "Reply to Bo: The unit must stay open" in html
    assert f'href="{inspect_url(parent)}"' in html
    assert rows(html) == [reply.pk, parent.pk]
