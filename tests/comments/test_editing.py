"""Authors edit or delete their own comment for a while, from the browser that posted it."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from comments.models import Comment

from .helpers import comment_ids


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_the_author_edits_their_comment_and_it_shows_edited(client, page, post_comment):
    post_comment(body="Teh unit matters")
    comment = Comment.objects.get()
    html = client.get(page.url).text
    assert f'href="/comments/{comment.pk}/edit/"' in html

    form = client.get(f"/comments/{comment.pk}/edit/")
    assert form.status_code == 200 and "Teh unit matters</textarea>" in form.text
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "The unit matters"})
    assert response["Location"] == f"{page.url}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "The unit matters" and comment.edited_at is not None
    assert '<span class="comment-edited">edited</span>' in client.get(page.url).text


def test_an_edit_cannot_empty_the_comment(client, post_comment):
    post_comment(body="Keep me")
    comment = Comment.objects.get()
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "  "})
    assert response.status_code == 400
    assert Comment.objects.get().body == "Keep me"


def test_other_browsers_cannot_edit_or_delete(page, post_comment):
    post_comment(body="Mine")
    comment = Comment.objects.get()
    stranger = Client()
    assert f"/comments/{comment.pk}/edit/" not in stranger.get(page.url).text
    assert stranger.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked"}).status_code == 403
    assert stranger.post(f"/comments/{comment.pk}/delete/").status_code == 403
    forged = Client()
    forged.cookies["comments_own"] = f"[{comment.pk}]"
    assert forged.post(f"/comments/{comment.pk}/edit/", {"body": "Hijacked"}).status_code == 403
    assert Comment.objects.get().body == "Mine"


def test_the_edit_window_closes(client, page, post_comment, settings):
    post_comment(body="Mine")
    comment = Comment.objects.get()
    age(comment, 16)
    assert f"/comments/{comment.pk}/edit/" not in client.get(page.url).text
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late"})
    assert response.status_code == 403 and "can no longer be changed" in response.text
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403

    settings.COMMENTS_EDIT_WINDOW = timedelta(minutes=30)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "In time"}).status_code == 302


def test_deleting_a_comment_without_replies_takes_it_off_the_page(client, page, post_comment):
    post_comment(body="Regret this")
    comment = Comment.objects.get()
    assert client.get(f"/comments/{comment.pk}/delete/").status_code == 405
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response["Location"] == f"{page.url}#comments"
    html = client.get(page.url).text
    assert comment_ids(html) == [] and "Regret this" not in html


def test_deleting_a_comment_with_replies_leaves_a_placeholder(client, page, post_comment, add_comment):
    post_comment(body="Regret this")
    comment = Comment.objects.get()
    reply = add_comment(comment, body="Good point")
    client.post(f"/comments/{comment.pk}/delete/")
    html = client.get(page.url).text
    assert comment_ids(html) == [comment.pk, reply.pk]
    assert "This comment was removed." in html and "Regret this" not in html
    assert Comment.objects.get(pk=comment.pk).body == ""


def test_an_edit_that_would_be_held_goes_back_to_moderation(client, page, post_comment):
    post_comment(body="Innocent")
    comment = Comment.objects.get()
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Buy https://a.example https://b.example"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.get_held_because_display() == "Contains 2 links."
    assert "Your comment is awaiting moderation." in client.get(page.url).text
    assert "https://a.example" not in Client().get(page.url).text


def test_unknown_comments_are_not_found(client, db):
    assert client.get("/comments/999999/edit/").status_code == 404
