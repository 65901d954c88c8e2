"""JSON endpoints, registered on the host's Wagtail API router as `comments`:

- `GET comments/?page_id=<id>&limit=&offset=&replies_limit=`: approved comments as nested threads, paginated by
  top-level thread, with counts in `meta`; each thread brings its first `replies_limit` replies (default
  COMMENTS_REPLIES_SHOWN), its count of replies and, when some were left out, the URL of the whole thread
  (`&thread=<id>`). No e-mail addresses or IP hashes, ever.
- `POST comments/`: a JSON object with `page_id`, `parent`, `name`, `email`, `body`, `notify`, `captcha`;
  201 published, 202 held for moderation, 400 `{"errors": {field: [messages]}}`, 403 closed, 404 unknown page,
  429 rate limited (with Retry-After).

There is no session authentication here, so the POST needs no CSRF token and always posts as a visitor. Both answer
in the language of Accept-Language or, without that header, in the language of the page (`page_id`) whose discussion
they are about, as soon as that page is known.
"""

from django.urls import path, reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from campaign_common.languages import AnswersInRequestedLanguage, requested_language
from campaign_common.text import UNPRINTABLE_MESSAGE, has_lone_surrogate

from . import conf
from .caching import cached
from .clients import posting_throttle
from .discussion import Discussion, closed_reason, get_discussion, page_language, page_model
from .forms import CommentForm
from .models import Comment
from .openapi import create_schema, list_schema
from .posting import LOGIN_REQUIRED, post_from_form
from .threads import APPROVED_COUNT, ThreadNode, approved_count, build_threads, count_approved, thread_roots

MAX_LIMIT = 100
MAX_REPLIES_LIMIT = 1000
MAX_ID = 2**63 - 1
CACHED_API_PAGES = 20
HELD_MESSAGE = _("Thank you. Your comment is awaiting moderation.")
# JSON field -> form field. The captcha token goes where django-recaptcha's widget reads it.
POSTED_FIELDS = {
    "name": "name",
    "email": "email",
    "body": "body",
    "parent": "parent",
    "notify": "notify",
    "website": "website",
    "captcha": "g-recaptcha-response",
}


class RequestError(Exception):
    """A request the endpoint answers with `{"errors": {field: [message]}}` and `status`, the message in the
    language active now."""

    def __init__(self, field, message, status=400, headers=None):
        super().__init__(message)
        self.response = Response({"errors": {field: [str(message)]}}, status=status, headers=headers)


class RateLimitedError(RequestError):
    """A post over one of the client's rate limits (clients.posting_throttle)."""

    def __init__(self, limit):
        super().__init__("__all__", limit.message, status=429, headers={"Retry-After": str(limit.retry_after)})


def serialise(node, page_url, list_url=None):
    """A thread node as JSON: a placeholder keeps its place and replies but says nothing about its author. A thread's
    top-level comment tells how many replies the thread has and, when some were left out, where the whole thread is
    (`list_url` with `thread=<id>`)."""
    comment = node.comment
    whole_thread = f"{list_url}&{urlencode({'thread': comment.pk})}" if node.replies_cut and list_url else None
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "depth": comment.depth,
        "removed": node.placeholder,
        "author_name": None if node.placeholder else comment.get_author_name_display(),
        "body": None if node.placeholder else comment.body,
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "url": f"{page_url}#comment-{comment.pk}",
        "reply_count": node.reply_count,
        "replies_url": whole_thread,
        "replies": [serialise(reply, page_url) for reply in node.replies],
    }


def _whole_number(params, name, default, minimum, maximum):
    value = params.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise RequestError(name, gettext("Must be a whole number.")) from None
    if not minimum <= number <= maximum:
        numbers = {
            "minimum": number_format(minimum, force_grouping=True),
            "maximum": number_format(maximum, force_grouping=True),
        }
        raise RequestError(name, gettext("Must be between %(minimum)s and %(maximum)s.") % numbers)
    return number


def _page(request, value):
    """The live, public page with id `value`; from here on, the request is answered in the language of the page's
    discussion unless it asks for one (Accept-Language)."""
    if isinstance(value, bool) or value in (None, ""):
        raise RequestError("page_id", gettext("This field is required."))
    try:
        if isinstance(value, float) and not value.is_integer():  # 1.5, or 1e400 (infinity once parsed)
            raise ValueError
        page_id = int(value)
    except (TypeError, ValueError):
        raise RequestError("page_id", gettext("Must be the id of a page.")) from None
    page = page_model().objects.live().public().select_related("locale").filter(pk=page_id).first()
    if page is None:
        raise RequestError("page_id", gettext("There is no such page."), status=404)
    translation.activate(requested_language(request, default=page_language(page)))
    return page.specific


def _json_object(payload):
    if not isinstance(payload, dict):
        raise RequestError("__all__", gettext("Send a JSON object."))
    return payload


def _form_data(payload):
    """The form's data from the JSON object; values must be scalars, as a form post's are."""
    data = {}
    for key, form_key in POSTED_FIELDS.items():
        value = payload.get(key)
        if isinstance(value, (dict, list)):
            raise RequestError(key, gettext("Must be a single value."))
        if has_lone_surrogate(value):
            raise RequestError(key, UNPRINTABLE_MESSAGE)
        if value is not None:
            data[form_key] = value if isinstance(value, bool) else str(value)
    return data


class CommentsAPIViewSet(AnswersInRequestedLanguage, ViewSet):
    """Lists a page's approved comments as threads, and takes new comments and replies."""

    model = Comment
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    authentication_classes = []
    permission_classes = []

    def handle_exception(self, exc):
        if isinstance(exc, RequestError):
            return exc.response
        if isinstance(exc, ParseError):
            message = gettext("Malformed JSON: %(detail)s") % {"detail": exc.detail}
            return Response({"errors": {"__all__": [message]}}, status=400)
        if isinstance(exc, RecursionError):  # nested deeper than Python's JSON parser goes
            return Response({"errors": {"__all__": [gettext("Malformed JSON: nested too deeply.")]}}, status=400)
        # What DRF refuses itself (405, 406, 415) in the contract's shape too, with DRF's status and headers.
        response = super().handle_exception(exc)
        if isinstance(response.data, dict) and "detail" in response.data:
            response.data = {"errors": {"__all__": [str(response.data["detail"])]}}
        return response

    @list_schema
    def listing_view(self, request):
        page = _page(request, request.query_params.get("page_id"))
        discussion = get_discussion(page) or Discussion(open=False)
        limit = _whole_number(request.query_params, "limit", discussion.threads_per_page, 1, MAX_LIMIT)
        offset = _whole_number(request.query_params, "offset", 0, 0, 10**9)
        thread_id = _whole_number(request.query_params, "thread", None, 1, MAX_ID)
        # One thread comes whole unless a limit is asked for.
        default_replies = None if thread_id else conf.replies_shown()
        replies_limit = _whole_number(request.query_params, "replies_limit", default_replies, 0, MAX_REPLIES_LIMIT)
        page_url = page.get_full_url(request)
        list_url = f"{endpoint_url(request)}?{urlencode({'page_id': page.pk})}"

        def window():
            roots = thread_roots(page, discussion.order)
            if thread_id is not None:
                roots = roots.filter(pk=thread_id)
            threads = build_threads(roots if thread_id else roots[offset : offset + limit], replies_limit=replies_limit)
            items = [serialise(thread, page_url, list_url) for thread in threads]
            return {"total_count": len(items) if thread_id else roots.count(), "items": items}

        # The pages of threads a frontend walks through come from the cache (see caching.py); other windows
        # and single threads are read for each request, so odd offsets, limits and ids cannot fill the cache. Each
        # language has entries of its own: an erased author's name is shown in the reader's.
        language = translation.get_language()
        name = f"api:{language}:{page_url}:{list_url}:{discussion.order}:{limit}:{offset}:{replies_limit}"
        if thread_id is None and offset % limit == 0 and offset // limit < CACHED_API_PAGES:
            values = cached(page.pk, {name: window, APPROVED_COUNT: lambda: count_approved(page)})
            threads, count = values[name], values[APPROVED_COUNT]
        else:
            threads, count = window(), approved_count(page)
        if thread_id is not None and not threads["items"]:
            raise RequestError("thread", gettext("There is no such thread on this page."), status=404)
        return Response(
            {
                "meta": {
                    "total_count": threads["total_count"],
                    "comment_count": count,
                    "offset": offset,
                    "limit": limit,
                    "open": not closed_reason(page, discussion),
                    "max_depth": discussion.max_depth,
                    "order": discussion.order,
                    "replies_limit": replies_limit,
                },
                "items": threads["items"],
            }
        )

    @create_schema
    def create_view(self, request):
        payload = _json_object(request.data)
        page = _page(request, payload.get("page_id"))
        throttle = posting_throttle(request)
        if (limit := throttle.check()).limited:
            raise RateLimitedError(limit)
        data = _form_data(payload)
        discussion = get_discussion(page)
        reason = closed_reason(page, discussion)
        if reason:
            raise RequestError("__all__", reason, status=403)
        if conf.require_login():
            raise RequestError("__all__", LOGIN_REQUIRED, status=403)
        form = CommentForm(data, page=page, max_depth=discussion.max_depth)
        if (limit := throttle.count(form.is_valid())).limited:
            raise RateLimitedError(limit)
        if not form.is_valid():
            errors = {
                field: [error["message"] for error in errors] for field, errors in form.errors.get_json_data().items()
            }
            return Response({"errors": errors}, status=400)
        if form.is_bot():
            return Response({"status": Comment.Status.PENDING, "message": str(HELD_MESSAGE)}, status=202)
        comment = post_from_form(form, page, request)
        if not comment.is_published:
            return Response({"id": comment.pk, "status": comment.status, "message": str(HELD_MESSAGE)}, status=202)
        node = ThreadNode(comment, visible=True, reply_count=0 if comment.depth == 1 else None)
        body = {"id": comment.pk, "status": comment.status, "comment": serialise(node, page.get_full_url(request))}
        return Response(body, status=201)

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view", "post": "create_view"}), name="listing")]

    @classmethod
    def get_model_listing_urlpath(cls, model, namespace=""):
        return reverse(f"{namespace}:listing")


def endpoint_url(request):
    """The absolute URL of this endpoint on the router serving `request`, or None outside the API."""
    router = getattr(request, "wagtailapi_router", None)
    urlpath = router.get_model_listing_urlpath(Comment) if router else None
    return request.build_absolute_uri(urlpath) if urlpath else None
