"""Threaded comments on Wagtail pages, and the words that hold a comment for moderation.

Each comment stores a materialised `path`: the zero-padded ids of its thread root, its ancestors and itself.
Ordering a thread by path lists it depth-first with siblings oldest first, and a new reply only ever writes its
own row, so replies never renumber or lock their siblings.
"""

import swapper
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import holds

# Wide enough for any BigAutoField id, so paths sort correctly as text for as long as ids last.
PATH_SEGMENT_WIDTH = 19
MAX_DEPTH = 10


def path_segment(pk):
    return str(pk).zfill(PATH_SEGMENT_WIDTH)


class CommentQuerySet(models.QuerySet):
    """Comments by status and by author."""

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, email):
        return self.filter(author_email=normalise_email(email))


def normalise_email(email):
    return (email or "").strip().lower()


class CommentStatus(models.TextChoices):
    """Where a comment stands: only approved comments are public."""

    PENDING = "pending", _("Awaiting moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    # Translators: the status of a comment a moderator marked as spam.
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


class Comment(models.Model):
    """A visitor's comment on a page, or a reply to another comment."""

    Status = CommentStatus

    page = models.ForeignKey(
        swapper.get_model_name("wagtailcore", "Page"),
        on_delete=models.CASCADE,
        related_name="campaign_comments",
        verbose_name=_("page"),
    )
    # RESTRICT: a comment with replies cannot be deleted on its own (it is removed instead, keeping its replies),
    # while deleting the page still deletes the whole discussion.
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="replies",
        editable=False,
        verbose_name=_("parent"),
    )
    # Null only between the INSERT and the UPDATE that sets it, inside the transaction that creates the row.
    thread = models.ForeignKey(
        "self",
        null=True,
        on_delete=models.RESTRICT,
        related_name="thread_comments",
        editable=False,
        verbose_name=_("thread"),
    )
    path = models.CharField(_("path"), max_length=PATH_SEGMENT_WIDTH * MAX_DEPTH, null=True, editable=False)
    depth = models.PositiveSmallIntegerField(
        _("depth"), default=1, editable=False, help_text=_("1 for a top-level comment.")
    )

    # Blank once the author's personal data is erased (privacy.py): shown as "Anonymous" in the reader's language.
    author_name = models.CharField(_("name"), max_length=100, blank=True)
    author_email = models.EmailField(_("e-mail"), blank=True, help_text=_("Never shown in public."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_comments",
        editable=False,
        verbose_name=_("user"),
    )
    body = models.TextField(_("body"), help_text=_("Plain text; always shown escaped."))
    notify = models.BooleanField(_("notify of replies"), default=False)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # A code of holds.py, worded in the reader's language by get_held_because_display.
    held_because = models.CharField(_("held because"), max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    # Set the first time the comment is approved: the reply notification goes out then, and only then.
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    moderators_notified_at = models.DateTimeField(_("moderators notified at"), null=True, blank=True, editable=False)
    ip_hash = models.CharField(_("IP hash"), max_length=64, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    # Visitors' comments are not content that refers to the page: indexing them would enqueue a Wagtail task for
    # every comment and list every comment under the page's usage.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(fields=["thread", "path"], name="comments_unique_path_in_thread"),
            models.CheckConstraint(
                condition=models.Q(depth__gte=1, depth__lte=MAX_DEPTH), name="comments_depth_in_range"
            ),
            models.CheckConstraint(condition=models.Q(status__in=CommentStatus.values), name="comments_known_status"),
        ]
        indexes = [
            models.Index(fields=["page", "depth", "created_at"], name="comments_page_threads"),
            models.Index(fields=["page", "status"], name="comments_page_status"),
            models.Index(fields=["status", "created_at"], name="comments_moderation_queue"),
            models.Index(fields=["author_email"], name="comments_author_email"),
        ]

    def __str__(self):
        return gettext("Comment %(id)s by %(author)s") % {"id": self.pk, "author": self.get_author_name_display()}

    def save(self, *args, **kwargs):
        self.author_email = normalise_email(self.author_email)
        if not self._state.adding:
            return super().save(*args, **kwargs)
        if self.parent_id:
            self.depth = self.parent.depth + 1
        # The path ends with the row's own id, which exists only after the INSERT: set it in a second statement
        # that touches this row alone, in the same transaction.
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.path = (self.parent.path if self.parent_id else "") + path_segment(self.pk)
            self.thread_id = self.parent.thread_id if self.parent_id else self.pk
            type(self).objects.filter(pk=self.pk).update(path=self.path, thread_id=self.thread_id)

    @property
    def is_published(self):
        return self.status == self.Status.APPROVED

    def get_author_name_display(self):
        """The name the comment is shown under, in the active language where it is not a person's."""
        # Translators: the name a comment is shown under once its author's personal data is erased.
        return self.author_name or gettext("Anonymous")

    def get_held_because_display(self):
        """Why the comment was held, in the active language; "" if it was not."""
        return holds.describe(self.held_because)


class DiscussionVersion(models.Model):
    """The version of a page's discussion: a token that every change to the page's comments replaces, in the
    transaction that makes the change. Cached views of the discussion are keyed by it (comments/caching.py), so no
    server shows a change late because clearing a shared cache failed."""

    page = models.OneToOneField(
        swapper.get_model_name("wagtailcore", "Page"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("page"),
    )
    version = models.CharField(_("version"), max_length=32)

    class Meta:
        verbose_name = _("discussion version")
        verbose_name_plural = _("discussion versions")

    def __str__(self):
        return gettext("Discussion version %(version)s of page %(page)s") % {
            "version": self.version,
            "page": self.page_id,
        }


class BlockedTerm(models.Model):
    """A word or phrase that holds any comment containing it for moderation."""

    term = models.CharField(
        _("term"),
        max_length=100,
        unique=True,
        help_text=_("Matched as a whole word or phrase, in any letter case, in the name, e-mail and text."),
    )

    class Meta:
        verbose_name = _("blocked word")
        verbose_name_plural = _("blocked words")
        ordering = ["term"]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.split()).lower()
        super().save(*args, **kwargs)
