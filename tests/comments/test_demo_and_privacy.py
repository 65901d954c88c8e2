"""The demo discussion, and erasing a person's comments on request."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Max

from campaign_cms.demo import load_demo
from comments.models import Comment

from .helpers import comment_ids


def test_the_demo_has_a_heated_discussion_with_one_comment_held(client, db):
    page = load_demo()
    comments = Comment.objects.filter(page=page)
    assert comments.count() == 10
    assert comments.aggregate(deepest=Max("depth"))["deepest"] == 4
    assert list(comments.filter(status=Comment.Status.PENDING).values_list("author_name", flat=True)) == ["Ray Dunmore"]
    html = client.get(page.url).text
    assert "9 thoughts on" in html and len(comment_ids(html)) == 9

    everywhere = Comment.objects.count()
    load_demo()
    assert Comment.objects.count() == everywhere


def erase(*arguments):
    call_command("erase_personal_data", *arguments, stdout=StringIO())


def test_erasing_personal_data_anonymises_that_persons_comments(client, page, add_comment, django_user_model):
    user = django_user_model.objects.create_user("ada", "Ada@Example.org", "pw")
    mine = add_comment(author_name="Ada", author_email="ada@example.org", ip_hash="a" * 64, notify=True, user=user)
    reply = add_comment(mine, author_name="Ben", author_email="ben@example.org", body="Reply to Ada")
    erase("--email", "ADA@example.org")

    mine.refresh_from_db()
    # No name is left: readers see "Anonymous" in their language.
    assert (mine.author_name, mine.author_email, mine.ip_hash, mine.user, mine.notify) == (
        "",
        "",
        "",
        None,
        False,
    )
    assert mine.body == "A thought." and mine.status == Comment.Status.APPROVED
    reply.refresh_from_db()
    assert reply.author_name == "Ben"
    html = client.get(page.url).text
    assert "Anonymous" in html and "A thought." in html


def test_delete_content_also_removes_the_text_and_keeps_the_replies(client, page, add_comment):
    mine = add_comment(author_email="ada@example.org", body="Something I regret")
    reply = add_comment(mine, author_email="ben@example.org", body="A reply")
    erase("--email", "ada@example.org", "--delete-content")

    mine.refresh_from_db()
    assert (mine.body, mine.status, mine.get_author_name_display()) == ("", Comment.Status.REMOVED, "Anonymous")
    html = client.get(page.url).text
    assert comment_ids(html) == [mine.pk, reply.pk]
    assert "Something I regret" not in html and "This comment was removed." in html


def test_the_public_page_never_shows_email_addresses(client, page, add_comment):
    add_comment(author_email="hidden@example.org")
    assert "hidden@example.org" not in client.get(page.url).text
