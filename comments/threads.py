"""Reading a page of threads in a constant number of queries, however many comments and however deep.

One query counts the page's threads, one fetches the top-level comments of the current window, and one fetches
the replies in those threads by thread id, ordered by path (the first COMMENTS_REPLIES_SHOWN of each thread where a
limit applies, each with its thread's count of approved replies); the tree is then built in Python.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, OuterRef, Q, Sum, Value, When, Window
from django.db.models.functions import RowNumber

from .caching import cached
from .discussion import NEWEST_FIRST
from .models import Comment
from .posting import may_change

# What public pages and the API may read: never the e-mail address or the IP hash.
PUBLIC_FIELDS = (
    "id",
    "page_id",
    "parent_id",
    "thread_id",
    "path",
    "depth",
    "author_name",
    "body",
    "status",
    "created_at",
    "edited_at",
)


@dataclass
class ThreadNode:
    """A comment in a thread with its replies; a hidden comment with visible replies is shown as a placeholder."""

    comment: Comment
    visible: bool
    held: bool = False
    can_edit: bool = False
    replies: list = field(default_factory=list)
    # On a thread's top-level comment only: its approved replies, and whether a replies limit left some out.
    reply_count: int | None = None
    replies_cut: bool = False

    @property
    def placeholder(self):
        return not self.visible


def _visible(own_comment_ids):
    """Approved comments, and the viewer's own comments that wait for moderation."""
    return Q(status=Comment.Status.APPROVED) | Q(status=Comment.Status.PENDING, pk__in=own_comment_ids)


APPROVED_COUNT = "approved-count"


def count_approved(page):
    return Comment.objects.filter(page=page).approved().count()


def approved_count(page):
    return cached(page.pk, {APPROVED_COUNT: lambda: count_approved(page)})[APPROVED_COUNT]


def thread_roots(page, order, own_comment_ids=frozenset()):
    """The top-level comments to show, in thread order; hidden ones are kept when they have approved replies."""
    has_approved_reply = Exists(
        Comment.objects.filter(thread_id=OuterRef("pk"), depth__gt=1, status=Comment.Status.APPROVED)
    )
    ordering = ("-created_at", "-id") if order == NEWEST_FIRST else ("created_at", "id")
    return (
        Comment.objects.filter(page=page, depth=1)
        .filter(_visible(own_comment_ids) | Q(has_approved_reply))
        .only(*PUBLIC_FIELDS)
        .order_by(*ordering)
    )


def thread_page_number(page, discussion, comment, own_comment_ids=frozenset()):
    """The page of threads (from 1) that shows `comment`'s thread to a viewer whose own comments are these, in the
    discussion's order and threads per page: one query counting the threads before it (and one for a reply's root)."""
    root = comment if comment.depth == 1 else Comment.objects.only(*PUBLIC_FIELDS).get(pk=comment.thread_id)
    # Before the root in thread order: created earlier (later when newest come first), ties broken by id.
    direction = "gt" if discussion.order == NEWEST_FIRST else "lt"
    before = Q(**{f"created_at__{direction}": root.created_at}) | Q(
        created_at=root.created_at, **{f"pk__{direction}": root.pk}
    )
    position = thread_roots(page, discussion.order, own_comment_ids).filter(before).count()
    return position // discussion.threads_per_page + 1


def reply_position(reply):
    """Where `reply` comes among its thread's replies in thread order (depth first, oldest first), from 1."""
    return Comment.objects.filter(thread_id=reply.thread_id, depth__gt=1, path__lte=reply.path).count()


def build_threads(roots, own_comment_ids=frozenset(), replies_limit=None):
    """The threads under `roots` as trees of ThreadNode, replies oldest first, with one query for all replies: of
    each thread, the first `replies_limit` replies in thread order (depth first), or all of them when it is None."""
    roots = list(roots)
    if not roots:
        return []
    nodes = {}

    def node_for(comment):
        visible = comment.status == Comment.Status.APPROVED or (
            comment.status == Comment.Status.PENDING and comment.pk in own_comment_ids
        )
        node = ThreadNode(
            comment,
            visible=visible,
            held=visible and comment.status == Comment.Status.PENDING,
            can_edit=visible and may_change(comment, own_comment_ids),
        )
        nodes[comment.pk] = node
        return node

    threads = [node_for(root) for root in roots]
    for thread in threads:
        thread.reply_count = 0
    in_thread = {"partition_by": [F("thread_id")]}
    replies = Comment.objects.filter(thread_id__in=[root.pk for root in roots], depth__gt=1).annotate(
        thread_approved=Window(
            Sum(Case(When(status=Comment.Status.APPROVED, then=Value(1)), default=Value(0))), **in_thread
        ),
        position=Window(RowNumber(), order_by=F("path").asc(), **in_thread),
    )
    if replies_limit is not None:
        # The first reply of each thread comes even with a limit of 0: it brings the thread's count.
        replies = replies.filter(position__lte=max(replies_limit, 1))
    # Path order puts every parent before its replies.
    approved_shown = dict.fromkeys(nodes, 0)
    for reply in replies.only(*PUBLIC_FIELDS).order_by("path"):
        root = nodes[reply.thread_id]
        root.reply_count = reply.thread_approved
        parent = nodes.get(reply.parent_id)
        if parent is None or (replies_limit is not None and reply.position > replies_limit):
            continue
        parent.replies.append(node_for(reply))
        approved_shown[root.comment.pk] += reply.status == Comment.Status.APPROVED
    for thread in threads:
        thread.replies_cut = approved_shown[thread.comment.pk] < thread.reply_count
    return [thread for thread in threads if _prune(thread)]


def _prune(node):
    """Drop hidden replies that have nothing visible below them; return whether `node` stays."""
    node.replies = [reply for reply in node.replies if _prune(reply)]
    return node.visible or bool(node.replies)
