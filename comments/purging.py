"""Purging a page from the frontend cache when what its discussion shows the public changes: a comment edited,
deleted by its author or in the admin, moderated (approved, rejected, marked as spam, removed) or erased.

Only the comment's own page: each translation of a page has a discussion of its own. A new comment purges
nothing: it appears within the page's max-age, and a busy discussion would otherwise empty the cache of its page
with every comment.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page

from campaign_common.frontend_cache import is_configured, purge_after_commit


def purge_discussions(page_ids):
    """Purge the live pages among `page_ids` once the transaction commits."""
    if is_configured():
        purge_after_commit(pages=Page.objects.filter(pk__in=set(page_ids)).live().specific())


@receiver(post_save, sender="comments.Comment")
def comment_saved(sender, instance, created, **kwargs):
    if not created:
        purge_discussions([instance.page_id])


@receiver(post_delete, sender="comments.Comment")
def comment_deleted(sender, instance, origin=None, **kwargs):
    """Deleting a comment changes its page, unless the page itself is being deleted (Wagtail purges it then)."""
    if isinstance(origin, sender) or getattr(origin, "model", None) is sender:
        purge_discussions([instance.page_id])
