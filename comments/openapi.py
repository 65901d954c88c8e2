"""The OpenAPI description of the comments endpoints: request and answer shapes for every status of the contract.

api.py decorates its actions with the schemas below; drf-spectacular turns them into the site's OpenAPI document.
These serializers only describe JSON; the endpoint validates with CommentForm and builds its answers in api.py.
The descriptions are for developers and stay in English; the example messages are the endpoint's own, in the
language the document is generated in.
"""

from django.utils.functional import lazy
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from .clients import INVALID_RATE_LIMITED, RATE_LIMITED
from .discussion import NEWEST_FIRST, OLDEST_FIRST
from .models import Comment

TAGS = ["comments"]
PUBLISHED_STATUSES = [Comment.Status.APPROVED.value]
HELD_STATUSES = [Comment.Status.PENDING.value]


class CommentErrorsSerializer(serializers.Serializer):
    """Why the request was refused: messages by field; `__all__` holds those about no one field."""

    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class CommentSerializer(serializers.Serializer):
    """A published comment and its replies, oldest first. A removed comment with replies keeps its place as a
    placeholder: `removed` true, no author, no text. Never an e-mail address or IP."""

    id = serializers.IntegerField()
    parent = serializers.IntegerField(allow_null=True, help_text="The comment this replies to; null at the top.")
    depth = serializers.IntegerField(min_value=1, help_text="1 for a top-level comment.")
    removed = serializers.BooleanField()
    author_name = serializers.CharField(allow_null=True)
    body = serializers.CharField(allow_null=True, help_text="Plain text: escape it, never render it as HTML.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    url = serializers.CharField(help_text="The comment on its page (#comment-<id>).")
    reply_count = serializers.IntegerField(
        allow_null=True, help_text="On a top-level comment: the approved replies in its thread. Null on replies."
    )
    replies_url = serializers.CharField(
        allow_null=True,
        help_text="On a top-level comment whose replies `replies_limit` cut: this endpoint with `thread=<id>`, which "
        "gives the whole thread. Null otherwise.",
    )


# A thread is a comment whose replies are comments of the same shape.
CommentSerializer._declared_fields["replies"] = CommentSerializer(many=True)


class CommentListMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(help_text="Threads (top-level comments) on the page.")
    comment_count = serializers.IntegerField(help_text="Approved comments on the page, replies included.")
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    open = serializers.BooleanField(help_text="Whether the page takes new comments.")
    max_depth = serializers.IntegerField(help_text="How deep replies go; comments at this depth take no replies.")
    order = serializers.ChoiceField(choices=[OLDEST_FIRST, NEWEST_FIRST], help_text="Order of the threads.")
    replies_limit = serializers.IntegerField(
        allow_null=True, help_text="Replies given per thread, first in thread order; null: all (with `thread`)."
    )


class CommentListSerializer(serializers.Serializer):
    meta = CommentListMetaSerializer()
    items = CommentSerializer(many=True)


class CommentRequestSerializer(serializers.Serializer):
    """A new comment, or with `parent` a reply. The page's comments block tells whether a captcha is needed."""

    page_id = serializers.IntegerField(help_text="The live page the comment is on.")
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="The comment replied to.")
    name = serializers.CharField(max_length=100)
    email = serializers.EmailField(help_text="Never shown; used for reply notifications when `notify` is true.")
    body = serializers.CharField(help_text="Plain text, at most COMMENTS_BODY_MAX_LENGTH (5000) characters.")
    notify = serializers.BooleanField(required=False, allow_null=True, help_text="E-mail me replies.")
    website = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="Honeypot: leave it out or empty."
    )
    captcha = serializers.CharField(
        required=False, allow_null=True, help_text="The reCAPTCHA token, when the comments block's captcha is not none."
    )


class CommentPublishedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PUBLISHED_STATUSES)
    comment = CommentSerializer()


class CommentHeldSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=HELD_STATUSES)
    message = serializers.CharField(help_text="A message to show the poster.")


def _message(text, **params):
    """One of the endpoint's error messages, translated when the document is generated: `text` is a msgid that the
    module answering with it (api.py, forms.py, posting.py, discussion.py, or Django's) marks for translation."""
    return lazy(lambda: gettext(text) % params if params else gettext(text), str)()


def errors(description, *examples):
    return OpenApiResponse(
        CommentErrorsSerializer,
        description=description,
        examples=[OpenApiExample(title, value={"errors": value}) for title, value in examples],
    )


LANGUAGE = (
    " Messages, errors included, are in the language of `Accept-Language` or, without that header, in the language "
    "of the page (its Wagtail locale) once `page_id` names one; `Content-Language` says which."
)
ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    str,
    OpenApiParameter.HEADER,
    description="The language of the messages (one of the site's LANGUAGES); by default the page's.",
)
NO_SUCH_PAGE = _message("There is no such page.")
NOT_FOUND = errors("No live, public page has this id.", ("Unknown page", {"page_id": [NO_SUCH_PAGE]}))

list_schema = extend_schema(
    operation_id="comments_list",
    tags=TAGS,
    summary="A page's approved comments as threads, paginated by thread",
    description=(
        "The approved comments of a live, public page as nested threads, a window of top-level threads at a time "
        "(`limit`, `offset`), with the counts in `meta`. Each thread brings its first `replies_limit` replies in "
        "thread order (depth first, oldest first), its `reply_count` and, when replies were left out, its "
        "`replies_url`: the whole thread (`thread=<id>`). Never an e-mail address or IP." + LANGUAGE
    ),
    parameters=[
        ACCEPT_LANGUAGE,
        OpenApiParameter("page_id", int, required=True, description="The page whose comments to list."),
        OpenApiParameter("limit", int, description="Threads per page (1-100); by default the block's setting."),
        OpenApiParameter("offset", int, description="Threads to skip."),
        OpenApiParameter(
            "replies_limit",
            int,
            description="Replies per thread (0-1000), first in thread order; by default COMMENTS_REPLIES_SHOWN (20), "
            "and all of them with `thread`.",
        ),
        OpenApiParameter(
            "thread",
            int,
            description="The id of a top-level comment: that thread alone (`limit` and `offset` do not apply).",
        ),
    ],
    responses={
        200: CommentListSerializer,
        400: errors(
            "A missing or bad page_id, limit, offset, replies_limit or thread.",
            (
                "Bad limit",
                {"limit": [_message("Must be between %(minimum)s and %(maximum)s.", minimum=1, maximum=100)]},
            ),
        ),
        404: errors(
            "No live, public page has this id, or the page has no such thread.",
            ("Unknown page", {"page_id": [NO_SUCH_PAGE]}),
            ("Unknown thread", {"thread": [_message("There is no such thread on this page.")]}),
        ),
    },
)

create_schema = extend_schema(
    operation_id="comments_create",
    tags=TAGS,
    summary="Post a comment or a reply",
    description="No session and no CSRF token: call it from any origin allowed by CORS; it always posts as a visitor."
    + LANGUAGE,
    request=CommentRequestSerializer,
    responses={
        201: OpenApiResponse(CommentPublishedSerializer, description="Published."),
        202: OpenApiResponse(CommentHeldSerializer, description="Held for moderation."),
        400: errors(
            "Bad fields, or a body that is not a JSON object.",
            (
                "Field errors",
                {
                    "body": [_message("Write something before you post.")],
                    "email": [_message("Enter a valid email address.")],
                },
            ),
            ("Reply", {"parent": [_message("The comment you are replying to is not on this page.")]}),
            (
                "Malformed JSON",
                {"__all__": [_message("Malformed JSON: %(detail)s", detail="JSON parse error - Expecting value")]},
            ),
        ),
        403: errors(
            "The page takes no comments now, or only signed-in users may comment.",
            ("Closed", {"__all__": [_message("Comments are closed on this page.")]}),
        ),
        404: NOT_FOUND,
        415: errors(
            "The body is not JSON.", ("Not JSON", {"__all__": ['Unsupported media type "text/plain" in request.']})
        ),
        429: errors(
            "Too many comments from this client in the period of COMMENTS_RATE_LIMIT, or too many refused posts in "
            "that of COMMENTS_INVALID_RATE_LIMIT; try again after Retry-After seconds.",
            ("Rate limited", {"__all__": [RATE_LIMITED]}),
            ("Too many refused posts", {"__all__": [INVALID_RATE_LIMITED]}),
        ),
    },
    parameters=[
        ACCEPT_LANGUAGE,
        OpenApiParameter(
            "Retry-After",
            int,
            OpenApiParameter.HEADER,
            response=[429],
            required=True,
            description="Seconds until this client may post again.",
        ),
    ],
)
