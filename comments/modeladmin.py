"""The moderation queue in the Wagtail admin: pending comments first, filters by status and page, search, and
approve / reject / spam / remove for one comment or many at once."""

from typing import NamedTuple

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.urls import re_path
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.menus import ModelAdminMenuItem
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, IndexView, InspectView

from .discussion import page_model
from .models import Comment
from .moderation import ACTIONS, moderate

MODERATION_FORM_ID = "comments-moderation"
PENDING_FIRST = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())


class ActionLabels(NamedTuple):
    """What a moderation action is called: on its button, in the audit log, and in the message after it."""

    button: str
    log_label: str
    log_message: str
    done: str  # takes %(count)s, the number of comments changed


ACTION_LABELS = {
    "approve": ActionLabels(
        _("Approve"),
        _("Approve comment"),
        _("Comment approved"),
        ngettext_lazy("%(count)s comment approved.", "%(count)s comments approved.", "count"),
    ),
    "reject": ActionLabels(
        _("Reject"),
        _("Reject comment"),
        _("Comment rejected"),
        ngettext_lazy("%(count)s comment rejected.", "%(count)s comments rejected.", "count"),
    ),
    "spam": ActionLabels(
        pgettext_lazy("moderation action", "Spam"),
        _("Spam comment"),
        _("Comment marked as spam"),
        ngettext_lazy("%(count)s comment marked as spam.", "%(count)s comments marked as spam.", "count"),
    ),
    "remove": ActionLabels(
        _("Remove"),
        _("Remove comment"),
        _("Comment removed"),
        ngettext_lazy("%(count)s comment removed.", "%(count)s comments removed.", "count"),
    ),
}


class CommentPermissionHelper(PermissionHelper):
    """Comments come from visitors: moderators change them but never add them, and remove rather than delete
    them so that their replies keep their place."""

    def user_can_create(self, user):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class CommentHistoryView(HistoryView):
    """A comment's moderation history, for those who may see the queue; modeladmin's own lets in any admin user
    (and shows the author's name)."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)


class CommentedPageFilter(admin.SimpleListFilter):
    """Filter by page, offering only the pages that have comments."""

    title = _("page")
    parameter_name = "page"

    def lookups(self, request, model_admin):
        return (
            page_model()
            .objects.filter(campaign_comments__isnull=False)
            .distinct()
            .order_by("title")
            .values_list("pk", "title")
        )

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(page_id=value) if value.isdigit() else queryset.none()


class PendingCommentsMenuItem(ModelAdminMenuItem):
    """The menu item, with the number of comments waiting for a moderator."""

    def render_component(self, request):
        component = super().render_component(request)
        pending = Comment.objects.pending().count()
        if pending:
            # Translators: a menu item's label and the number of comments waiting for a moderator, as in "Comments (3)".
            label = gettext("%(label)s (%(count)s)")
            component.label = label % {"label": self.label, "count": number_format(pending, force_grouping=True)}
        return component


def moderation_form_context(url_helper):
    """What comments/admin/moderation_form.html needs: the form that moderation buttons submit."""
    return {
        "moderation_form_id": MODERATION_FORM_ID,
        "moderate_url": url_helper.get_action_url("moderate"),
        "moderation_actions": [(action, labels.button) for action, labels in ACTION_LABELS.items()],
    }


class CommentIndexView(IndexView):
    """The queue, with the form that the row buttons and checkboxes submit."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**moderation_form_context(self.url_helper), **kwargs)


class CommentInspectView(InspectView):
    """One comment: capitalised labels, its text as written (escaped, line breaks kept), a link to it on its page
    and, for those who may moderate, the queue's moderation buttons."""

    def get_field_label(self, field_name, field=None):
        return capfirst(super().get_field_label(field_name, field))

    def get_dict_for_field(self, field_name):
        return {**super().get_dict_for_field(field_name), "name": field_name}

    def get_context_data(self, **kwargs):
        comment = self.instance
        page_url = comment.page.url
        if self.permission_helper.user_can_edit_obj(self.request.user, comment):
            kwargs.update(moderation_buttons=self.model_admin.moderation(comment))
        return super().get_context_data(
            comment_url=f"{page_url}#comment-{comment.pk}" if page_url else "",
            **moderation_form_context(self.url_helper),
            **kwargs,
        )


class CommentAdmin(ModelAdmin):
    """Comments, pending first, with moderation actions per row and in bulk."""

    model = Comment
    menu_label = _("Comments")
    menu_icon = "comment"
    index_view_class = CommentIndexView
    index_template_name = "comments/admin/index.html"
    inspect_view_class = CommentInspectView
    inspect_template_name = "comments/admin/inspect.html"
    history_view_class = CommentHistoryView
    index_view_extra_css = inspect_view_extra_css = ["comments/css/admin.css"]
    permission_helper_class = CommentPermissionHelper
    list_display = ("select", "excerpt", "author", "page", "status", "created_at", "moderation")
    list_display_add_buttons = "excerpt"
    list_filter = ("status", CommentedPageFilter)
    list_select_related = ("page", "parent")
    list_per_page = 50
    search_fields = ("body", "author_name", "author_email")
    inspect_view_enabled = True
    inspect_view_fields = [
        "page",
        "author_name",
        "author_email",
        "body",
        "status",
        "held_because",
        "depth",
        "parent",
        "notify",
        "created_at",
        "edited_at",
        "approved_at",
    ]
    panels = [FieldPanel("author_name"), FieldPanel("body")]

    def get_queryset(self, request):
        return Comment.objects.alias(pending_first=PENDING_FIRST).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ("pending_first", "-created_at")

    def register_indexing(self):
        # Wagtail's reference index would add two queries and a row per reference to every comment posted, to
        # answer "where is this page used", which comments never need to answer.
        pass

    def get_menu_item(self, order=None):
        return PendingCommentsMenuItem(self, order or self.get_menu_order())

    @admin.display(description=_("Select"))
    def select(self, comment):
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="{}" aria-label="{}">',
            comment.pk,
            MODERATION_FORM_ID,
            gettext("Select comment %(id)s") % {"id": comment.pk},
        )

    @admin.display(description=_("Comment"))
    def excerpt(self, comment):
        text = Truncator(comment.body).chars(120) or gettext("(no text)")
        parent = comment.parent
        if parent is None:
            return text
        answered = gettext("Reply to %(author)s: %(excerpt)s") % {
            "author": parent.get_author_name_display(),
            "excerpt": Truncator(parent.body).chars(60),
        }
        return format_html(
            '<div class="comments-reply-to"><a href="{}">{}</a></div>{}',
            self.url_helper.get_action_url("inspect", parent.pk),
            answered,
            text,
        )

    @admin.display(description=_("name"), ordering="author_name")
    def author(self, comment):
        return comment.get_author_name_display()

    @admin.display(description=_("Moderate"))
    def moderation(self, comment):
        buttons = format_html_join(
            " ",
            '<button type="submit" form="{}" name="row_action" value="{}:{}" class="button button-small '
            'button-secondary">{}</button>',
            (
                (MODERATION_FORM_ID, action, comment.pk, labels.button)
                for action, labels in ACTION_LABELS.items()
                if ACTIONS[action] != comment.status
            ),
        )
        return format_html('<div class="comments-moderation-buttons">{}</div>', buttons)

    def get_admin_urls_for_registration(self):
        return (
            *super().get_admin_urls_for_registration(),
            re_path(
                rf"^{self.url_helper.base_url_path}/moderate/$",
                self.moderate_view,
                name=self.url_helper.get_action_url_name("moderate"),
            ),
        )

    def moderate_view(self, request):
        return ModerateView.as_view(model_admin=self)(request)


class ModerateView(View):
    """Applies one action to the comment of the row button pressed, or to every ticked comment."""

    http_method_names = ["post"]
    model_admin = None

    def post(self, request):
        if not self.model_admin.permission_helper.user_can_edit_obj(request.user, None):
            raise PermissionDenied
        action, _, row_id = request.POST.get("row_action", "").partition(":")
        if not action:
            action = request.POST.get("action", "")
        ids = [int(pk) for pk in ([row_id] if row_id else request.POST.getlist("ids")) if pk.isdigit()]
        if action not in ACTIONS or not ids:
            messages.error(request, gettext("Tick the comments to moderate and choose what to do with them."))
        else:
            changed = moderate(ids, action)
            for comment in Comment.objects.filter(pk__in=changed):
                log(instance=comment, action=f"comments.{action}", user=request.user)
            # At most a page of the queue at once: no number here needs grouping.
            messages.success(request, ACTION_LABELS[action].done % {"count": len(changed)})
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = self.model_admin.url_helper.index_url
        return redirect(next_url)
