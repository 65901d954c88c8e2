"""Admin registrations: the blocked-words snippet, the moderation log actions and the pending-comments summary.

CommentAdmin (comments.modeladmin) is registered by the host project, in its "Campaigns" menu group.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .modeladmin import ACTION_LABELS
from .models import BlockedTerm, Comment
from .moderation import can_moderate
from .tasks import moderation_queue_url


class BlockedTermViewSet(SnippetViewSet):
    """Editors keep the blocked words under Snippets."""

    model = BlockedTerm
    icon = "warning"
    menu_label = _("Blocked words")
    list_display = ["term"]
    search_fields = ["term"]
    search_backend_name = None


register_snippet(BlockedTermViewSet)


@hooks.register("register_log_actions")
def register_moderation_actions(actions):
    for action, labels in ACTION_LABELS.items():
        actions.register_action(f"comments.{action}", labels.log_label, labels.log_message)


class PendingCommentsSummaryItem(SummaryItem):
    """The dashboard's count of comments waiting for a moderator."""

    order = 300
    template_name = "comments/admin/summary_item.html"

    def get_context_data(self, parent_context):
        return {"pending": Comment.objects.pending().count(), "queue_url": moderation_queue_url(absolute=False)}

    def is_shown(self):
        return can_moderate(self.request.user)


@hooks.register("construct_homepage_summary_items")
def add_pending_comments_summary(request, items):
    items.append(PendingCommentsSummaryItem(request))
