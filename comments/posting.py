"""Posting, editing and deleting comments: the rules the HTML form and the JSON endpoint share."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import conf, tasks
from .clients import client_ip, ip_hash
from .models import Comment
from .moderation import hold_reason
from .signals import comment_published

LOGIN_REQUIRED = _("Log in to comment.")


def reply_target(page, parent_id, max_depth):
    """The comment that `parent_id` replies to, if a reply to it may be posted on `page`.

    Raises ValidationError when the comment does not exist, is not approved, is on another page, or is already at
    the discussion's deepest level.
    """
    parent = (
        Comment.objects.filter(pk=parent_id)
        .only("pk", "page_id", "status", "depth", "path", "thread_id", "author_name")
        .first()
    )
    if parent is None or parent.page_id != page.pk:
        raise ValidationError(gettext("The comment you are replying to is not on this page."), code="unknown")
    if parent.status != Comment.Status.APPROVED:
        raise ValidationError(gettext("The comment you are replying to is not open for replies."), code="not_approved")
    if parent.depth >= max_depth:
        raise ValidationError(gettext("This conversation is as deep as it goes: reply further up."), code="too_deep")
    return parent


def post_from_form(form, page, request):
    """Store the comment a valid CommentForm describes, posted by the client that sent `request`."""
    name, email = form.author()
    return post_comment(
        page=page,
        parent=form.cleaned_data["parent"],
        author_name=name,
        author_email=email,
        body=form.cleaned_data["body"],
        notify=form.cleaned_data["notify"],
        user=request.user,
        ip_hash=ip_hash(client_ip(request)),
    )


def post_comment(*, page, parent, author_name, author_email, body, notify, user=None, ip_hash=""):
    """Store a new comment, published or held, and send the e-mails it calls for."""
    comment = Comment(
        page=page,
        parent=parent,
        author_name=author_name,
        author_email=author_email,
        body=body,
        notify=notify,
        user=user if user is not None and user.is_authenticated else None,
        ip_hash=ip_hash,
    )
    comment.held_because = hold_reason(comment, user)
    if comment.held_because:
        comment.status = Comment.Status.PENDING
    else:
        comment.status = Comment.Status.APPROVED
        comment.approved_at = timezone.now()
    with transaction.atomic():
        comment.save()
        if comment.is_published:
            comment_published.send(sender=Comment, comment=comment)
        # Tasks run after the row is committed, so a worker in another process finds it.
        transaction.on_commit(lambda: _send_new_comment_mail(comment))
    return comment


def _send_new_comment_mail(comment):
    if comment.is_published and comment.parent_id:
        tasks.send_reply_notification.enqueue(comment.pk)
    if not comment.is_published and conf.moderator_notification() == "each":
        tasks.send_held_comment_notification.enqueue(comment.pk)
    if conf.notify_page_owner():
        tasks.send_page_owner_notification.enqueue(comment.pk)


def may_change(comment, own_comment_ids):
    """Whether the author, known by the comments this browser posted, may still edit or delete `comment`."""
    return (
        comment.pk in own_comment_ids
        and comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
        and timezone.now() < comment.created_at + conf.edit_window()
    )


def edit_comment(comment, body):
    """Change the text; an edit that a new comment would be held for is held again."""
    comment.body = body
    comment.edited_at = timezone.now()
    reason = hold_reason(comment, comment.user)
    if reason:
        comment.status = Comment.Status.PENDING
        comment.held_because = reason
    comment.save(update_fields=["body", "edited_at", "status", "held_because"])
    if reason and conf.moderator_notification() == "each":
        transaction.on_commit(lambda: tasks.send_held_comment_notification.enqueue(comment.pk))
    return comment


def delete_comment(comment):
    """The author takes a comment back: its text is gone and it leaves a placeholder only if it has replies."""
    comment.body = ""
    comment.status = Comment.Status.REMOVED
    comment.notify = False
    comment.save(update_fields=["body", "status", "notify"])
