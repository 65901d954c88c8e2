"""The admin of updates to signers (wagtail-modeladmin): a petition's updates, writing one (only while a draft), its
page with progress and actions, a preview in each language, a test to the editor's own address, sending after a
confirmation, pausing and resuming. The host project puts it in its "Campaigns" menu group.

Users who may change petitions write, preview and test updates; sending, pausing and resuming also need the
`petitions.send_petitionupdate` permission (Wagtail's group settings list it under the update's custom permissions).
"""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import CreateView, InspectView, InstanceSpecificView

from . import tasks, updates
from .modeladmin import ADMIN_CSS, action_urls
from .models import Petition, PetitionUpdate, UpdateState


def can_write_updates(user):
    return user.has_perm("petitions.change_petition")


class UpdatePermissionHelper(PermissionHelper):
    """Editors of petitions write updates; a sent or sending update can no longer be edited or deleted."""

    def user_can_list(self, user):
        return can_write_updates(user)

    def user_can_create(self, user):
        return can_write_updates(user)

    def user_can_inspect_obj(self, user, obj):
        return can_write_updates(user)

    def user_can_edit_obj(self, user, obj):
        return can_write_updates(user) and obj.state == UpdateState.DRAFT

    def user_can_delete_obj(self, user, obj):
        return can_write_updates(user) and obj.state == UpdateState.DRAFT

    def user_can_send(self, user):
        return can_write_updates(user) and user.has_perm("petitions.send_petitionupdate")


class UpdateCreateView(CreateView):
    """A new draft, by the signed-in editor, for the petition given as ?petition=<id> (the petition report's link)."""

    def get_instance(self):
        instance = super().get_instance()
        instance.created_by = self.request.user
        petition_id = self.request.GET.get("petition", "")
        if instance.petition_id is None and petition_id.isdigit():
            instance.petition = Petition.objects.filter(pk=petition_id).first()
        return instance


# While an update is sending, its page reloads itself this often, so its figures move without a click.
PROGRESS_REFRESH_SECONDS = 10


class UpdateProgressView(InspectView):
    """The update's page: its state, progress (sent / to send / failed / interrupted / withdrawn) and the actions it
    allows."""

    def get_context_data(self, **kwargs):
        update = self.instance
        user = self.request.user
        helper = self.url_helper
        return super().get_context_data(
            update=update,
            progress=updates.progress(update),
            refresh_seconds=PROGRESS_REFRESH_SECONDS if update.state == UpdateState.SENDING else None,
            can_send=self.permission_helper.user_can_send(user),
            can_edit=self.permission_helper.user_can_edit_obj(user, update),
            languages=[(code, dict(settings.LANGUAGES).get(code, code)) for code in updates.language_codes(update)],
            editor_email=user.email,
            **{f"{action}_url": helper.get_action_url(action, self.pk_quoted) for action in UPDATE_ACTIONS},
            **kwargs,
        )


class UpdatePreviewView(InstanceSpecificView):
    """The e-mail as signers get it, subject and HTML, in each of the petition's languages."""

    template_name = "petitions/admin/update_preview.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get_context_data(self, **kwargs):
        return super().get_context_data(previews=updates.preview(self.instance), **kwargs)


class UpdateActionView(InstanceSpecificView):
    """An action on an update, answered by going back to its page with a message."""

    http_method_names = ["post"]

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_send(user)

    def back(self):
        return redirect(self.url_helper.get_action_url("inspect", self.pk_quoted))


class UpdateTestView(UpdateActionView):
    """Send the update in one language to the editor's own address."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def post(self, request, *args, **kwargs):
        email = request.user.email
        if not email:
            messages.error(request, gettext("Your account has no e-mail address: add one in your account settings."))
            return self.back()
        language = request.POST.get("language", "")
        if language not in updates.language_codes(self.instance):
            language = settings.LANGUAGE_CODE
        try:
            updates.send_test(self.instance, email, language)
        except updates.MAIL_ERRORS:
            messages.error(request, gettext("The mail server did not take the test e-mail. Please try again later."))
            return self.back()
        messages.success(request, gettext("Test e-mail sent to %(email)s.") % {"email": email})
        return self.back()


class UpdateSendView(UpdateActionView):
    """GET asks to confirm, saying how many signers will get the update; POST starts sending it."""

    http_method_names = ["get", "post"]
    template_name = "petitions/admin/update_send.html"

    def get(self, request, *args, **kwargs):
        if self.instance.state != UpdateState.DRAFT:
            messages.error(request, gettext("This update has been sent already."))
            return self.back()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        count = updates.recipients(self.instance.petition).count()
        return super().get_context_data(update=self.instance, recipient_count=count, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            count = tasks.start_update(self.instance)
        except updates.UpdateStateError:
            messages.error(request, gettext("This update has been sent already."))
            return self.back()
        sending = ngettext("Sending the update to %(count)s signer.", "Sending the update to %(count)s signers.", count)
        messages.success(request, sending % {"count": count})
        return self.back()


class UpdatePauseView(UpdateActionView):
    def post(self, request, *args, **kwargs):
        if updates.pause(self.instance):
            messages.success(request, gettext("Paused: sending stops after the current batch."))
        else:
            messages.error(request, gettext("Only an update that is sending can be paused."))
        return self.back()


class UpdateResumeView(UpdateActionView):
    def post(self, request, *args, **kwargs):
        if tasks.resume_update(self.instance):
            messages.success(request, gettext("Sending resumed."))
        else:
            messages.error(request, gettext("Only a paused update can be resumed."))
        return self.back()


UPDATE_ACTIONS = {
    "preview": UpdatePreviewView,
    "test": UpdateTestView,
    "send": UpdateSendView,
    "pause": UpdatePauseView,
    "resume": UpdateResumeView,
}


class PetitionUpdateAdmin(ModelAdmin):
    """Updates to signers: list, write, preview, test, send, pause and resume, with their progress."""

    model = PetitionUpdate
    menu_label = gettext_lazy("Updates to signers")
    menu_icon = "mail"
    list_display = ("subject", "petition", "state_label", "progress_label", "created_at")
    list_filter = ("petition", "state")
    search_fields = ("subject",)
    inspect_view_enabled = True
    inspect_view_class = UpdateProgressView
    inspect_template_name = "petitions/admin/update.html"
    create_view_class = UpdateCreateView
    permission_helper_class = UpdatePermissionHelper
    index_view_extra_css = inspect_view_extra_css = ADMIN_CSS
    panels = [
        FieldPanel("petition"),
        FieldPanel("subject"),
        FieldPanel("body"),
        InlinePanel(
            "translations",
            heading=gettext_lazy("Translations"),
            label=gettext_lazy("Translation"),
            help_text=gettext_lazy(
                "The update in another language of the petition; each signer gets it in the language they signed "
                "in. A text left empty sends the update's own."
            ),
            panels=[FieldPanel("language"), FieldPanel("subject"), FieldPanel("body")],
        ),
    ]

    def state_label(self, update):
        return UpdateState(update.state).label

    state_label.short_description = gettext_lazy("State")

    def progress_label(self, update):
        # Counted for the updates under way only; a sent one's page has its final figures.
        if update.state not in (UpdateState.SENDING, UpdateState.PAUSED):
            return ""
        figures = updates.progress(update)
        return gettext("%(sent)s sent of %(total)s (%(percent)s%%)") % {
            "sent": figures.sent,
            "total": figures.recipients,
            "percent": figures.percent,
        }

    progress_label.short_description = gettext_lazy("Progress")

    def get_admin_urls_for_registration(self):
        def view_for(view_class):
            return lambda request, instance_pk: view_class.as_view(model_admin=self, instance_pk=instance_pk)(request)

        extra = {action: view_for(view_class) for action, view_class in UPDATE_ACTIONS.items()}
        return super().get_admin_urls_for_registration() + action_urls(self, extra)
