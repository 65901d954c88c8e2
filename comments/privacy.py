"""Erasing a person's comments for the erase_personal_data command."""

from django.db import transaction
from django.db.models import Q

from .caching import forget
from .models import Comment, normalise_email
from .purging import purge_discussions


def erase(email, delete_content=False):
    """Anonymise every comment written with `email` or by the account with that e-mail; with `delete_content`
    remove their text too.

    The comments keep their place in their threads, so replies to them still make sense. Returns how many
    comments were changed.
    """
    email = normalise_email(email)
    if not email:
        return 0
    # No name: each reader sees "Anonymous" in their own language (Comment.get_author_name_display).
    changes = {"author_name": "", "author_email": "", "ip_hash": "", "user": None, "notify": False}
    if delete_content:
        changes.update(body="", status=Comment.Status.REMOVED)
    comments = Comment.objects.filter(Q(author_email=email) | Q(user__email__iexact=email))
    with transaction.atomic():
        page_ids = list(comments.values_list("page_id", flat=True).distinct())
        changed = comments.update(**changes)
        forget(page_ids)
        purge_discussions(page_ids)
    return changed
