"""What a page's discussion template needs: the current window of threads, the counts, pagination and the form."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from . import conf
from .caching import cached
from .discussion import closed_reason
from .forms import CommentForm, captcha_enabled
from .posting import reply_target
from .threads import APPROVED_COUNT, approved_count, build_threads, count_approved, thread_roots
from .tokens import read_author, read_own_comment_ids

PAGE_PARAMETER = "comments-page"
REPLY_PARAMETER = "replyto"
# Pages of threads kept in the cache; further ones (rarely read) are rendered for each request.
CACHEABLE_PAGE_NUMBERS = {str(number) for number in range(1, 21)}


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


def _threads_and_count(request, page, discussion, closed):
    """The current page of threads with its pagination as HTML, and the approved count, read in a constant number
    of queries.

    The threads are the same for every viewer except those with comments of their own awaiting moderation or still
    editable, so they come from the cache for everyone else (see caching.py), together with the count.
    """
    own_comment_ids = read_own_comment_ids(request)
    requested = request.GET.get(PAGE_PARAMETER) or "1"

    def render():
        paginator = Paginator(thread_roots(page, discussion.order, own_comment_ids), discussion.threads_per_page)
        threads_page = paginator.get_page(requested)
        context = {
            "discussion": discussion,
            "threads": build_threads(threads_page.object_list, own_comment_ids),
            "threads_page": threads_page,
            "page_parameter": PAGE_PARAMETER,
            "closed_reason": closed,
        }
        return render_to_string("comments/threads.html", context)

    if own_comment_ids or requested not in CACHEABLE_PAGE_NUMBERS:
        return render(), approved_count(page)
    threads = (
        f"threads:{requested}:{discussion.order}:{discussion.threads_per_page}:{discussion.max_depth}:{bool(closed)}"
    )
    values = cached(page.pk, {threads: render, APPROVED_COUNT: lambda: count_approved(page)})
    return values[threads], values[APPROVED_COUNT]


def discussion_context(request, page, discussion):
    """The template context for `page`'s discussion, read in a constant number of queries."""
    closed = closed_reason(page, discussion)
    reply_to = _reply_to(request, page, discussion)
    form, error = _form(request, page, discussion, reply_to)
    login_required = conf.require_login() and not request.user.is_authenticated
    threads_html, comment_count = _threads_and_count(request, page, discussion, closed)
    return {
        "discussion": discussion,
        "threads_html": threads_html,
        "comment_count": comment_count,
        "closed_reason": closed,
        "form": form,
        "error": error,
        "reply_to": reply_to,
        "post_url": reverse("comments:post"),
        "login_required": login_required,
        "login_url": f"{conf.login_url()}?{urlencode({'next': page.get_url(request)})}" if login_required else "",
        "captcha_site_key": form.fields["captcha"].public_key if captcha_enabled() else "",
        "body_max_length": conf.body_max_length(),
    }
