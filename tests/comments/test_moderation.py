"""Which comments are held, what the poster sees of a held comment, and how moderators hear of them."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from comments.models import BlockedTerm, Comment

from .helpers import comment_ids


@pytest.fixture(autouse=True)
def moderators_exist(moderator):
    """Every test here has a moderator to e-mail."""
    return moderator


def status_of_last_post():
    return Comment.objects.latest("pk").status


def test_with_moderation_none_comments_are_published_at_once(post_comment, settings):
    settings.COMMENTS_MODERATION = "none"
    post_comment()
    assert status_of_last_post() == Comment.Status.APPROVED
    assert mail.outbox == []


def test_with_moderation_all_every_comment_is_held(post_comment, add_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    add_comment(author_email="ada@example.org")
    post_comment(email="ada@example.org")
    comment = Comment.objects.latest("pk")
    assert comment.status == Comment.Status.PENDING
    assert comment.get_held_because_display() == "Every comment is held for moderation."


def test_first_time_holds_a_new_address_until_it_has_an_approved_comment(post_comment, settings):
    settings.COMMENTS_MODERATION = "first_time"
    post_comment(email="new@example.org")
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    assert first.get_held_because_display() == "First comment from this address."

    post_comment(email="new@example.org", body="Again")
    assert status_of_last_post() == Comment.Status.PENDING

    Comment.objects.filter(pk=first.pk).update(status=Comment.Status.APPROVED)
    post_comment(email="New@Example.org", body="Trusted now")
    assert status_of_last_post() == Comment.Status.APPROVED
    post_comment(email="stranger@example.org", body="Who am I")
    assert status_of_last_post() == Comment.Status.PENDING


def test_the_poster_sees_their_own_held_comment_and_nobody_else_does(client, page, post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    response = post_comment(body="Please approve me")
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")

    own_view = client.get(page.url).text
    assert comment_ids(own_view) == [comment.pk]
    assert "Your comment is awaiting moderation." in own_view
    assert "Please approve me" in own_view
    assert f"?replyto={comment.pk}" not in own_view
    assert "Comments on “Sign my petition”" in own_view and "No comments yet." not in own_view

    someone_else = Client().get(page.url).text
    assert comment_ids(someone_else) == []
    assert "Please approve me" not in someone_else


@pytest.mark.parametrize(
    ("body", "held"),
    [
        ("See https://one.example and www.two.example", True),
        ("See https://one.example only", False),
    ],
)
def test_comments_with_too_many_links_are_held(post_comment, body, held):
    post_comment(body=body)
    comment = Comment.objects.get()
    assert (comment.status == Comment.Status.PENDING) is held
    if held:
        assert comment.get_held_because_display() == "Contains 2 links."


def test_the_link_limit_is_a_setting(post_comment, settings):
    settings.COMMENTS_MAX_LINKS = 0
    post_comment(body="https://a.example https://b.example https://c.example")
    assert status_of_last_post() == Comment.Status.APPROVED


def test_comments_with_a_blocked_word_are_held(post_comment):
    BlockedTerm.objects.create(term="Cheap  Pills")
    BlockedTerm.objects.create(term="casino")

    post_comment(body="Occasionally I visit a Casino.")
    assert Comment.objects.latest("pk").get_held_because_display() == "Contains the blocked word “casino”."
    post_comment(body="Selling cheap pills here")
    assert status_of_last_post() == Comment.Status.PENDING
    post_comment(name="Casino King", body="Hello")
    assert status_of_last_post() == Comment.Status.PENDING
    post_comment(body="Occasionally, casinos are mentioned in passing.")
    assert status_of_last_post() == Comment.Status.APPROVED


def test_moderators_own_comments_are_never_held(client, moderator, post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    client.force_login(moderator)
    post_comment(body="Official reply: https://a.example https://b.example")
    assert status_of_last_post() == Comment.Status.APPROVED


def test_each_held_comment_is_mailed_to_the_moderators(post_comment, settings, page, django_user_model):
    settings.COMMENTS_MODERATION = "all"
    django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    django_user_model.objects.create_user("visitor", "visitor@example.org", "pw")
    post_comment(name="Ben", email="ben@example.org", body="Held <b>text</b>")

    [message] = mail.outbox
    assert sorted(message.to) == ["mo@example.org", "root@example.org"]
    assert message.subject == "A comment on “Sign my petition” awaits moderation"
    assert "Held <b>text</b>" in message.body
    assert "Held because: Every comment is held for moderation." in message.body
    assert "http://testserver/admin/comments/comment/?status__exact=pending" in message.body
    assert not getattr(message, "alternatives", None)


def test_published_comments_do_not_mail_the_moderators(post_comment):
    post_comment()
    assert mail.outbox == []


def test_moderator_addresses_can_be_configured(post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.org"]
    post_comment()
    assert mail.outbox[0].to == ["desk@example.org"]


def test_in_digest_mode_moderators_get_one_summary_of_new_held_comments(post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_NOTIFICATION = "digest"
    post_comment(name="Ben", body="First held")
    post_comment(name="Cy", body="Second held")
    assert mail.outbox == []

    call_command("send_comment_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [digest] = mail.outbox
    assert digest.subject == "2 comments await moderation"
    assert "Ben on “Sign my petition”" in digest.body and "Second held" in digest.body

    call_command("send_comment_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_moderator_mail_can_be_turned_off(post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_NOTIFICATION = "off"
    post_comment()
    assert mail.outbox == []
