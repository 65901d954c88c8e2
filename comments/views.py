"""HTML views: post a comment (from the form under a page), edit or delete one's own comment, unsubscribe.

A post that fails renders the page again with the form, its values and the reason, under a 4xx status; a post
that succeeds redirects to the new comment (POST-redirect-GET).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from campaign_common.public_forms import csrf_protect_signed_in

from . import conf
from .clients import posting_throttle
from .context import PAGE_PARAMETER, THREAD_PARAMETER, PostAttempt
from .discussion import closed_reason, get_discussion, page_model
from .forms import CommentForm, EditCommentForm
from .models import Comment
from .posting import LOGIN_REQUIRED, delete_comment, edit_comment, may_change, post_from_form
from .threads import reply_position, thread_page_number
from .tokens import (
    forget_author,
    read_own_comment_ids,
    read_unsubscribe_token,
    remember_author,
    remember_own_comment,
)


def _visible_page(request, page_id):
    """The live page with this id, if this visitor may see it; else None."""
    try:
        page = page_model().objects.live().filter(pk=int(page_id)).first()
    except ValueError:
        return None
    if page is None or any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return None
    return page.specific


def _page_for_post(request):
    """The live page the form was posted from, if this visitor may see it."""
    page = _visible_page(request, request.POST.get("page_id", ""))
    if page is None:
        raise Http404(gettext("No such page."))
    return page


def _form_url(request):
    """Where a GET of the post URL (a reload of a refused post, a shared link) goes: the form on the page that
    ?page_id names, or the site's root."""
    page = _visible_page(request, request.GET.get("page_id", ""))
    return f"{page.get_url(request)}#respond" if page is not None else "/"


def _show_attempt(request, page, form, error="", status=400, headers=None):
    """The page again, with the form as the visitor filled it in and why the post failed."""
    request.comments_post_attempt = PostAttempt(page.pk, form, error)
    response = page.serve(request)
    response.status_code = status
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _show_rate_limited(request, page, form, limit):
    return _show_attempt(request, page, form, limit.message, 429, {"Retry-After": str(limit.retry_after)})


# The form is on pages that shared caches keep: an anonymous post needs no CSRF token, a signed-in user's does.
@csrf_protect_signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def post(request):
    if request.method != "POST":
        return redirect(_form_url(request))
    page = _page_for_post(request)
    discussion = get_discussion(page)
    if discussion is None:
        raise Http404(gettext("This page does not take comments."))
    form_options = {"page": page, "max_depth": discussion.max_depth, "user": request.user}
    # Refused before validation: show what was typed without validating it (which would call reCAPTCHA).
    refilled = CommentForm(initial=request.POST.dict(), **form_options)
    throttle = posting_throttle(request)
    if (limit := throttle.check()).limited:
        return _show_rate_limited(request, page, refilled, limit)
    reason = closed_reason(page, discussion)
    if reason:
        return _show_attempt(request, page, refilled, reason, 403)
    if conf.require_login() and not request.user.is_authenticated:
        return _show_attempt(request, page, refilled, LOGIN_REQUIRED, 403)
    form = CommentForm(request.POST, **form_options)
    if (limit := throttle.count(form.is_valid())).limited:
        return _show_rate_limited(request, page, refilled, limit)
    if not form.is_valid():
        return _show_attempt(request, page, form)

    page_url = page.get_url(request)
    if form.is_bot():
        return redirect(f"{page_url}#respond")
    comment = post_from_form(form, page, request)
    response = redirect(comment_url(page_url, page, discussion, comment, read_own_comment_ids(request) | {comment.pk}))
    remember_own_comment(request, response, comment)
    if form.user is None:
        if form.cleaned_data["remember"]:
            remember_author(request, response, comment)
        else:
            forget_author(response)
    return response


def comment_url(page_url, page, discussion, comment, own_comment_ids):
    """The comment on the page of threads that shows it to its author, or in its whole thread when it comes after
    the replies a page of threads shows."""
    if comment.depth > 1 and reply_position(comment) > conf.replies_shown():
        return f"{page_url}?{urlencode({THREAD_PARAMETER: comment.thread_id})}#comment-{comment.pk}"
    number = thread_page_number(page, discussion, comment, own_comment_ids)
    query = f"?{urlencode({PAGE_PARAMETER: number})}" if number > 1 else ""
    return f"{page_url}{query}#comment-{comment.pk}"


def _own_comment(request, comment_id):
    """The comment, if this browser posted it and its edit window is open."""
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    return comment, may_change(comment, read_own_comment_ids(request))


def edit(request, comment_id):
    comment, allowed = _own_comment(request, comment_id)
    page_url = comment.page.get_url(request)
    if not allowed:
        return render(request, "comments/edit.html", {"comment": comment, "page_url": page_url}, status=403)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    if form.is_valid():
        edit_comment(comment, form.cleaned_data["body"])
        return redirect(f"{page_url}#comment-{comment.pk}")
    status = 400 if form.is_bound else 200
    context = {"comment": comment, "form": form, "page_url": page_url, "allowed": True}
    return render(request, "comments/edit.html", context, status=status)


@require_POST
def delete(request, comment_id):
    comment, allowed = _own_comment(request, comment_id)
    page_url = comment.page.get_url(request)
    if not allowed:
        return render(request, "comments/edit.html", {"comment": comment, "page_url": page_url}, status=403)
    delete_comment(comment)
    return redirect(f"{page_url}#comments")


# Mail programs unsubscribe with a bare POST (RFC 8058); the signed token is the only credential needed.
@csrf_exempt
def unsubscribe(request, token):
    comment_id = read_unsubscribe_token(token)
    comment = Comment.objects.select_related("page").filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        # Stop replies to every comment this address wrote on the page, not only the one in the e-mail.
        Comment.objects.filter(page=comment.page, author_email=comment.author_email).update(notify=False)
    context = {"comment": comment, "page": comment.page, "done": done, "page_url": comment.page.get_url(request)}
    return render(request, "comments/unsubscribe.html", context)
