"""Signals other apps subscribe to (the webhooks app among them).

`comment_published` is sent inside the transaction that publishes a comment, the first time it is published: when it
is posted and needs no moderation, or when a moderator approves it for the first time (approving it again later, after
a rejection, sends nothing). A receiver's own writes commit or roll back with the change; it must not do slow work or
talk to other systems (enqueue a task for that). The argument is `comment`, the published Comment.
"""

from django.dispatch import Signal

comment_published = Signal()
