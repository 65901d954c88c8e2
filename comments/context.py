"""What a page's discussion template needs: the current window of threads, the counts, pagination and the form."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from campaign_common.personal import mark_personal
from campaign_common.public_forms import is_signed_in

from . import conf
from .caching import cached
from .discussion import closed_reason
from .forms import CommentForm, captcha_enabled
from .posting import reply_target
from .threads import APPROVED_COUNT, build_threads, count_approved, thread_roots
from .tokens import read_author, read_own_comment_ids

PAGE_PARAMETER = "comments-page"
REPLY_PARAMETER = "replyto"
# ?thread=<id of a top-level comment> shows that thread whole, where a page of threads shows its first replies.
THREAD_PARAMETER = "thread"
# Pages of threads kept in the cache; further ones (rarely read) are rendered for each request.
CACHEABLE_PAGE_NUMBERS = {str(number) for number in range(1, 21)}
INDENTATION = re.compile(r"\s*\n\s*")


# Request attribute set when the discussion shows the visitor something of their own (see is_personal).
@dataclass
class PostAttempt:
    """A comment post that failed, kept on the request so that the page shows it again with the reason."""

    page_id: int
    form: CommentForm
    error: str = ""


def _post_attempt(request, page):
    """The refused post on this page that the request shows again, if any (see views.py)."""
    attempt = getattr(request, "comments_post_attempt", None)
    return attempt if attempt is not None and attempt.page_id == page.pk else None


def _reply_to(request, page, discussion, attempt):
    """The comment a refused post replied to, or else the one named by ?replyto= (the form works without
    JavaScript), if it can be replied to."""
    value = attempt.form["parent"].value() if attempt is not None else request.GET.get(REPLY_PARAMETER)
    try:
        parent_id = int(value or "")
    except (TypeError, ValueError):
        return None
    try:
        return reply_target(page, parent_id, discussion.max_depth)
    except ValidationError:
        return None


def _visitors_form(request, page, discussion, reply_to, attempt):
    """The form with something of this visitor's in it (a refused post, the comment they reply to, the name they
    asked us to remember, their account) and its error, or None when they get the blank form every anonymous visitor
    gets: that one is only built when its fields are rendered for the cache."""
    if attempt is not None:
        mark_personal(request)
        return attempt.form, attempt.error
    author = read_author(request)
    if author or is_signed_in(request):
        mark_personal(request)
    elif reply_to is None:
        return None, ""
    initial = {"parent": reply_to.pk if reply_to else None, **author, "remember": "name" in author}
    user = request.user if is_signed_in(request) else None
    return CommentForm(initial=initial, page=page, max_depth=discussion.max_depth, user=user), ""


def _requested_thread(request):
    """The id in ?thread=, if it is a number."""
    try:
        return int(request.GET.get(THREAD_PARAMETER, ""))
    except ValueError:
        return None


def _render_threads(page, discussion, closed, own_comment_ids, requested, thread_id=None):
    """The requested page of threads with its pagination, each with its first COMMENTS_REPLIES_SHOWN replies, or the
    thread `thread_id` whole when it is one of the page's; as HTML, read in a constant number of queries."""
    roots = thread_roots(page, discussion.order, own_comment_ids)
    context = {"discussion": discussion, "page_parameter": PAGE_PARAMETER, "closed_reason": closed}
    threads = build_threads(roots.filter(pk=thread_id), own_comment_ids) if thread_id is not None else None
    if threads:
        context.update(threads=threads, thread_view=thread_id)
    else:
        threads_page = Paginator(roots, discussion.threads_per_page).get_page(requested)
        threads = build_threads(threads_page.object_list, own_comment_ids, conf.replies_shown())
        context.update(threads=threads, threads_page=threads_page)
    # Stored once and sent with every view of the page: without the templates' indentation it is a third smaller.
    # A newline still separates whatever whitespace separated, so the page reads the same.
    return mark_safe(INDENTATION.sub("\n", render_to_string("comments/threads.html", context)))  # noqa: S308


def discussion_context(request, page, discussion):
    """The template context for `page`'s discussion, read in a constant number of queries.

    What is the same for every viewer comes from the cache (see caching.py), in one round trip: the approved count,
    the threads (except for viewers with comments of their own awaiting moderation or still editable) and the
    form's fields (when blank). The rest is this viewer's.
    """
    closed = closed_reason(page, discussion)
    attempt = _post_attempt(request, page)
    reply_to = _reply_to(request, page, discussion, attempt)
    form, error = _visitors_form(request, page, discussion, reply_to, attempt)
    blank = form is None
    if blank:
        form = SimpleLazyObject(lambda: CommentForm(page=page, max_depth=discussion.max_depth))
    captcha_site_key = settings.RECAPTCHA_PUBLIC_KEY if captcha_enabled() else ""
    own_comment_ids = read_own_comment_ids(request)
    if own_comment_ids:
        mark_personal(request)
    requested = request.GET.get(PAGE_PARAMETER) or "1"
    thread_id = _requested_thread(request)
    # The threads' and the form's HTML hold words in the active language: each language has entries of its own.
    threads = (
        f"threads:{get_language()}:{requested}:{discussion.order}:{discussion.threads_per_page}:{discussion.max_depth}"
        f":{bool(closed)}:{conf.replies_shown()}"
    )
    form_fields = f"form-fields:{get_language()}:{conf.body_max_length()}:{captcha_site_key}"
    computations = {
        APPROVED_COUNT: lambda: count_approved(page),
        threads: lambda: _render_threads(page, discussion, closed, own_comment_ids, requested, thread_id),
        form_fields: lambda: render_to_string(
            "comments/form_fields.html", {"form": form, "page": page, "captcha_site_key": captcha_site_key}
        ),
    }
    viewers_own = set()
    # A whole thread is rendered for each request: any id may be asked for, and few readers ask.
    if own_comment_ids or requested not in CACHEABLE_PAGE_NUMBERS or thread_id is not None:
        viewers_own.add(threads)
    if not blank:
        viewers_own.add(form_fields)
    values = cached(page.pk, {name: compute for name, compute in computations.items() if name not in viewers_own})
    values.update((name, computations[name]()) for name in viewers_own)
    signed_in = is_signed_in(request)
    login_required = conf.require_login() and not signed_in
    page_url = page.get_url(request)
    return {
        "discussion": discussion,
        "threads_html": values[threads],
        "comment_count": values[APPROVED_COUNT],
        "closed_reason": closed,
        "form": form,
        "form_fields_html": values[form_fields],
        "error": error,
        "refused": attempt is not None,
        "page_url": page_url,
        "reply_to": reply_to,
        "post_url": reverse("comments:post"),
        "login_required": login_required,
        "login_url": f"{conf.login_url()}?{urlencode({'next': page_url})}" if login_required else "",
        "captcha_site_key": captcha_site_key,
        "body_max_length": conf.body_max_length(),
        # Only signed-in users' forms carry a CSRF token: anonymous posts need none (campaign_common.public_forms).
        "csrf_required": signed_in,
    }
