"""Reply e-mails go only to the person replied to, if they asked; one click stops them. Page owners can be told."""

import re

from django.core import mail
from django.test import Client

from comments.models import Comment


def test_only_the_person_replied_to_is_told_and_only_if_they_asked(add_comment, post_comment):
    top = add_comment(author_name="Ada", author_email="ada@example.org", notify=True)
    middle = add_comment(top, author_name="Ben", author_email="ben@example.org", notify=True)
    add_comment(middle, author_name="Cy", author_email="cy@example.org", notify=True)
    silent = add_comment(top, author_name="Di", author_email="di@example.org", notify=False)

    post_comment(parent=middle.pk, name="Eve", email="eve@example.org", body="Ben, you are <wrong>.")
    [message] = mail.outbox
    assert message.to == ["ben@example.org"]
    assert message.subject == "Eve replied to your comment on “Sign my petition”"
    assert "Ben, you are <wrong>." in message.body
    reply = Comment.objects.get(author_name="Eve")
    assert f"/campaigns/sign-my-petition/#comment-{reply.pk}" in message.body

    post_comment(parent=silent.pk, body="Nobody hears this")
    assert len(mail.outbox) == 1


def test_replying_to_oneself_sends_nothing(add_comment, post_comment):
    mine = add_comment(author_email="ada@example.org", notify=True)
    post_comment(parent=mine.pk, email="ADA@example.org", body="Adding to my own point")
    assert mail.outbox == []


def test_a_held_reply_is_told_of_only_when_approved(add_comment, post_comment, settings):
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_NOTIFICATION = "off"
    parent = add_comment(author_email="ada@example.org", notify=True)
    post_comment(parent=parent.pk, email="ben@example.org")
    assert mail.outbox == []


def test_one_click_unsubscribe_stops_reply_mail(client, page, add_comment, post_comment):
    ada_first = add_comment(author_email="ada@example.org", notify=True)
    ada_second = add_comment(author_email="ada@example.org", notify=True)
    post_comment(parent=ada_first.pk, email="ben@example.org")
    [message] = mail.outbox
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in message.body
    path = unsubscribe_url.removeprefix("http://testserver")  # WAGTAILADMIN_BASE_URL of the test settings

    # Opening the link (as mail scanners do) changes nothing; the button does.
    page_view = client.get(path)
    assert page_view.status_code == 200 and "Stop reply e-mails" in page_view.text
    assert Comment.objects.get(pk=ada_first.pk).notify

    # Mail programs POST without a CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Done" in response.text
    assert not Comment.objects.filter(pk__in=[ada_first.pk, ada_second.pk], notify=True).exists()

    post_comment(parent=ada_second.pk, email="cy@example.org")
    assert len(mail.outbox) == 1


def test_a_tampered_unsubscribe_link_is_refused(client, add_comment):
    comment = add_comment(notify=True)
    assert client.post(f"/comments/unsubscribe/{comment.pk}:forged/").status_code == 404
    assert Comment.objects.get(pk=comment.pk).notify


def test_the_page_owner_can_be_told_of_new_comments(page, post_comment, settings, django_user_model):
    owner = django_user_model.objects.create_user("owner", "owner@example.org", "pw")
    page.owner = owner
    page.save(update_fields=["owner"])

    post_comment(body="Not told: the setting is off")
    assert mail.outbox == []

    settings.COMMENTS_NOTIFY_PAGE_OWNER = True
    post_comment(name="Ben", body="Told now")
    [message] = mail.outbox
    assert message.to == ["owner@example.org"]
    assert message.subject == "New comment on “Sign my petition”"
    assert "Ben commented on your page" in message.body and "Told now" in message.body

    post_comment(email="owner@example.org", body="My own comment")
    assert len(mail.outbox) == 1


def test_every_link_in_comment_mail_starts_with_the_configured_root_url(
    page, add_comment, post_comment, settings, django_user_model
):
    """Issue 16 item 1: reply, unsubscribe (body and List-Unsubscribe header), moderation queue and page-owner links
    use WAGTAILADMIN_BASE_URL, not the host the comment was posted through (testserver) nor the Site (localhost)."""
    settings.WAGTAILADMIN_BASE_URL = "https://campaigns.example.org"
    settings.COMMENTS_NOTIFY_PAGE_OWNER = True
    page.owner = django_user_model.objects.create_user("owner", "owner@example.org", "pw")
    page.save(update_fields=["owner"])
    parent = add_comment(author_email="ada@example.org", notify=True)
    post_comment(parent=parent.pk, name="Ben", email="ben@example.org")
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_MODERATOR_EMAILS = ["mod@example.org"]
    post_comment(name="Cy", email="cy@example.org")

    assert {tuple(message.to) for message in mail.outbox} == {
        ("ada@example.org",),  # the reply
        ("owner@example.org",),  # the reply, then the held comment
        ("mod@example.org",),  # the held comment
    }
    links = [link for message in mail.outbox for link in re.findall(r"https?://\S+", message.body)]
    links.append(mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>"))
    assert len(links) >= 5
    assert [link for link in links if not link.startswith("https://campaigns.example.org/")] == []
