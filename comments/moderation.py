"""The moderation rules: which comments are held, and what approving, rejecting or removing one does."""

import re
from functools import partial

from django.db import transaction
from django.utils import timezone

from . import caching, conf, holds, purging, tasks
from .models import BlockedTerm, Comment
from .signals import comment_published
from .text import count_links

MODERATE_PERMISSION = "comments.change_comment"

# What each moderation action sets a comment's status to.
ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "reject": Comment.Status.REJECTED,
    "spam": Comment.Status.SPAM,
    "remove": Comment.Status.REMOVED,
}


def can_moderate(user):
    return user is not None and user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


def blocked_term_in(*texts):
    """The first blocked word or phrase found in `texts` (whole words, any case), or None."""
    terms = list(BlockedTerm.objects.values_list("term", flat=True))
    if not terms:
        return None
    words = "|".join(r"\s+".join(re.escape(word) for word in term.split()) for term in terms)
    match = re.search(rf"(?<!\w)(?:{words})(?!\w)", "\n".join(texts), re.IGNORECASE)
    return match.group().lower() if match else None


def has_approved_comment(email, user):
    """Whether this e-mail address (or signed-in user) already has an approved comment anywhere."""
    if user is not None and user.is_authenticated and Comment.objects.approved().filter(user=user).exists():
        return True
    return bool(email) and Comment.objects.approved().by_email(email).exists()


def hold_reason(comment, user=None):
    """Why `comment` must wait for a moderator, as a code of comments.holds, or "" when it can be published at once.

    `user` is the signed-in poster, if any: moderators' own comments are never held.
    """
    if can_moderate(user):
        return ""
    if conf.moderation() == "all":
        return holds.EVERY_COMMENT
    links = count_links(comment.body)
    if conf.max_links() and links >= conf.max_links():
        return holds.too_many_links(links)
    term = blocked_term_in(comment.author_name, comment.author_email, comment.body)
    if term:
        return holds.blocked_term(term)
    if conf.moderation() == "first_time" and not has_approved_comment(comment.author_email, user):
        return holds.FIRST_COMMENT
    return ""


def moderate(comment_ids, action):
    """Apply a moderation action to comments by id; tell people of replies that are published for the first time.

    Returns the ids of the comments that changed.
    """
    status = ACTIONS[action]
    with transaction.atomic():
        comments = Comment.objects.select_for_update().filter(pk__in=comment_ids).exclude(status=status)
        changed = list(comments.values_list("pk", "approved_at", "parent_id", "page_id"))
        changed_ids = [pk for pk, _, _, _ in changed]
        Comment.objects.filter(pk__in=changed_ids).update(status=status)
        caching.forget(page_id for _, _, _, page_id in changed)
        purging.purge_discussions(page_id for _, _, _, page_id in changed)
        if status == Comment.Status.APPROVED:
            first_approvals = [(pk, parent_id) for pk, approved_at, parent_id, _ in changed if approved_at is None]
            first_approved = Comment.objects.filter(pk__in=[pk for pk, _ in first_approvals])
            first_approved.update(approved_at=timezone.now())
            for pk, parent_id in first_approvals:
                if parent_id:
                    transaction.on_commit(partial(tasks.send_reply_notification.enqueue, pk))
            for comment in first_approved.select_related("page").order_by("pk"):
                comment_published.send(sender=Comment, comment=comment)
    return changed_ids
