"""What a page's discussion template needs: the current window of threads, the counts, pagination and the form."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.http import urlencode

from . import conf
from .discussion import closed_reason
from .forms import CommentForm, captcha_enabled
from .posting import reply_target
from .threads import approved_count, build_threads, thread_roots
from .tokens import read_author, read_own_comment_ids

PAGE_PARAMETER = "comments-page"
REPLY_PARAMETER = "replyto"


@dataclass
class PostAttempt:
    """A comment post that failed, kept on the request so that the page shows it again with the reason."""

    page_id: int
    form: CommentForm
    error: str = ""


def _reply_to(request, page, discussion):
    """The comment named by ?replyto=, if it can be replied to (the form works without JavaScript)."""
    try:
        parent_id = int(request.GET.get(REPLY_PARAMETER, ""))
    except ValueError:
        return None
    try:
        return reply_target(page, parent_id, discussion.max_depth)
    except ValidationError:
        return None


def _form(request, page, discussion, reply_to):
    attempt = getattr(request, "comments_post_attempt", None)
    if attempt is not None and attempt.page_id == page.pk:
        return attempt.form, attempt.error
    initial = {"parent": reply_to.pk if reply_to else None, **read_author(request)}
    initial["remember"] = "name" in initial
    form = CommentForm(initial=initial, page=page, max_depth=discussion.max_depth, user=request.user)
    return form, ""


def discussion_context(request, page, discussion):
    """The template context for `page`'s discussion, read in a constant number of queries."""
    own_comment_ids = read_own_comment_ids(request)
    paginator = Paginator(thread_roots(page, discussion.order, own_comment_ids), discussion.threads_per_page)
    threads_page = paginator.get_page(request.GET.get(PAGE_PARAMETER))
    reply_to = _reply_to(request, page, discussion)
    form, error = _form(request, page, discussion, reply_to)
    login_required = conf.require_login() and not request.user.is_authenticated
    return {
        "discussion": discussion,
        "threads": build_threads(threads_page.object_list, own_comment_ids),
        "threads_page": threads_page,
        "page_parameter": PAGE_PARAMETER,
        "comment_count": approved_count(page),
        "closed_reason": closed_reason(page, discussion),
        "form": form,
        "error": error,
        "reply_to": reply_to,
        "post_url": reverse("comments:post"),
        "login_required": login_required,
        "login_url": f"{conf.login_url()}?{urlencode({'next': page.get_url(request)})}" if login_required else "",
        "captcha_site_key": form.fields["captcha"].public_key if captcha_enabled() else "",
        "body_max_length": conf.body_max_length(),
    }
