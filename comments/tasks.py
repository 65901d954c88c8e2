"""E-mail about comments, sent as django-tasks tasks: replies, held comments, moderation digests, page owners.

Every message is plain text: comment text reaches e-mail only as text, never as HTML. A reply notification speaks
the language of the page the comment is on, links included; the e-mails to moderators and page owners, who are
editors, speak the site's default language (LANGUAGE_CODE), whichever visitor's request or worker sends them. Each
says its language in a Content-Language header.
"""

import functools
import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext

from campaign_common.mail import one_line
from campaign_common.tasks import task

from . import conf
from .discussion import page_language
from .models import Comment
from .tokens import make_unsubscribe_token

MODERATION_QUEUE_URL_NAME = "comments_comment_modeladmin_index"
logger = logging.getLogger(__name__)
# A mail server that is down, refuses the connection or fails mid-message: worth trying again later.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def email_url(url):
    """A link for an e-mail: a path of this site after its root URL (WAGTAILADMIN_BASE_URL), whatever server runs
    the task; the URL of a page on another of the Wagtail sites (`Page.get_url` gives those whole) as it is."""
    return url if urlsplit(url).scheme else f"{conf.site_url()}{url}"


def _comment_url(page, comment):
    return email_url(f"{page.get_url()}#comment-{comment.pk}")


def moderation_queue_url(absolute=True):
    """The admin's list of pending comments (the admin home if CommentAdmin is not registered)."""
    try:
        path = f"{reverse(MODERATION_QUEUE_URL_NAME)}?status__exact={Comment.Status.PENDING}"
    except NoReverseMatch:
        path = reverse("wagtailadmin_home")
    return email_url(path) if absolute else path


def moderator_emails():
    """The configured moderators' addresses, or those of active users allowed to change comments."""
    configured = conf.moderator_emails()
    if configured:
        return configured
    users = get_user_model().objects.with_perm("comments.change_comment", is_active=True, include_superusers=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})


def _send(subject, template, context, to, headers=None):
    """Send the message in the active language, which the caller chose."""
    body = render_to_string(template, context)
    headers = {**(headers or {}), "Content-Language": translation.get_language()}
    EmailMessage(one_line(subject), body, to=to, headers=headers).send()


def retried_on_mail_errors(function):
    """Make a notification task try again, after the next of COMMENTS_EMAIL_RETRY_DELAYS, when the mail server
    fails; the failed attempt still raises, so it stays on record in the task's result. Apply under @task()."""

    @functools.wraps(function)
    def run(*args, attempt=1, **kwargs):
        try:
            return function(*args, **kwargs)
        except MAIL_ERRORS:
            delays = conf.email_retry_delays()
            this_task = import_string(f"{function.__module__}.{function.__name__}")
            if attempt <= len(delays) and this_task.get_backend().supports_defer:
                logger.warning("%s%s failed (attempt %s); will try again.", function.__name__, args, attempt)
                run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
                this_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
            else:
                logger.error("Gave up on %s%s after %s attempt(s).", function.__name__, args, attempt)
            raise

    return run


@task()
@retried_on_mail_errors
def send_reply_notification(reply_id):
    """Tell the author of the comment replied to, if they asked to be told and the reply is not their own."""
    reply = Comment.objects.select_related("parent", "page").filter(pk=reply_id).first()
    if reply is None or not reply.is_published or reply.parent is None:
        return False
    parent = reply.parent
    if not (parent.notify and parent.author_email and parent.is_published):
        return False
    if parent.author_email == reply.author_email:
        return False
    page = reply.page.specific
    # The page's URL carries its language already; reversed under it, so does the unsubscribe link.
    with translation.override(page_language(page)):
        unsubscribe_url = email_url(reverse("comments:unsubscribe", args=[make_unsubscribe_token(parent)]))
        _send(
            gettext("%(author)s replied to your comment on “%(title)s”")
            % {"author": reply.get_author_name_display(), "title": page.title},
            "comments/email/reply_notification.txt",
            {
                "reply": reply,
                "parent": parent,
                "page": page,
                "reply_url": _comment_url(page, reply),
                "unsubscribe_url": unsubscribe_url,
            },
            to=[parent.author_email],
            # RFC 8058 one-click unsubscribe: mail programs POST to the link, which needs no other confirmation.
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return True


@task()
@retried_on_mail_errors
def send_held_comment_notification(comment_id):
    """Tell the moderators that a comment waits for them."""
    comment = Comment.objects.select_related("page").filter(pk=comment_id, status=Comment.Status.PENDING).first()
    recipients = moderator_emails()
    if comment is None or not recipients:
        return False
    page = comment.page.specific
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            gettext("A comment on “%(title)s” awaits moderation") % {"title": page.title},
            "comments/email/held_comment.txt",
            {"comment": comment, "page": page, "queue_url": moderation_queue_url()},
            to=recipients,
        )
    Comment.objects.filter(pk=comment.pk).update(moderators_notified_at=timezone.now())
    return True


@task()
def send_moderation_digest():
    """Send the moderators one e-mail listing the held comments no e-mail has told them of yet."""
    recipients = moderator_emails()
    if not recipients:
        return 0
    with transaction.atomic():
        comments = list(
            Comment.objects.pending()
            .filter(moderators_notified_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("page")
            .order_by("created_at")
        )
        if not comments:
            return 0
        with translation.override(settings.LANGUAGE_CODE):
            _send(
                ngettext("%(count)s comment awaits moderation", "%(count)s comments await moderation", len(comments))
                % {"count": number_format(len(comments), force_grouping=True)},
                "comments/email/moderation_digest.txt",
                {"comments": comments, "queue_url": moderation_queue_url()},
                to=recipients,
            )
        Comment.objects.filter(pk__in=[comment.pk for comment in comments]).update(
            moderators_notified_at=timezone.now()
        )
    return len(comments)


@task()
@retried_on_mail_errors
def send_page_owner_notification(comment_id):
    """Tell the page's owner about a new comment, unless they wrote it."""
    comment = Comment.objects.select_related("page__owner").filter(pk=comment_id).first()
    owner = comment.page.owner if comment else None
    if owner is None or not owner.email or owner.pk == comment.user_id or owner.email.lower() == comment.author_email:
        return False
    page = comment.page.specific
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            gettext("New comment on “%(title)s”") % {"title": page.title},
            "comments/email/page_owner.txt",
            {
                "comment": comment,
                "page": page,
                "comment_url": _comment_url(page, comment) if comment.is_published else "",
                "queue_url": moderation_queue_url(),
            },
            to=[owner.email],
        )
    return True
