"""The admin (wagtail-modeladmin): petitions with their report and delivery files, and signatures with filters,
export and reject/restore. The host project puts both in its "Campaigns" menu group.

Signers' personal data (names, e-mail addresses, postcodes, comments) is shown only to users with the
view or change signature permission; e-mail addresses in delivery files need `export_signature_emails` too.
"""

import datetime
import math

from django.conf import settings
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import re_path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy
from django_countries import countries
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import ReferenceIndex
from wagtail_modeladmin.helpers import AdminURLHelper, ButtonHelper, PermissionHelper
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import DeleteView, HistoryView, IndexView, InspectView, InstanceSpecificView

from .conf import app_settings
from .embed import embed_code, embed_path
from .export import Column, csv_response, spreadsheet_response
from .models import (
    Petition,
    PetitionStatus,
    PetitionUpdate,
    ShareChannel,
    Signature,
    SignatureSource,
    SignatureStatus,
)
from .signing import reject_signature, restore_signature

# The daily chart's size and margins (SVG user units): the counts' labels on the left, the days' below.
CHART_WIDTH, CHART_HEIGHT = 720, 200
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 8, 12, 28
BAR_WIDTH_MAX = 48
DAY_LABELS_MAX = 8


def action_urls(model_admin, views):
    """URL patterns for extra per-object actions, shaped and named like modeladmin's own (e.g. `.../reject/<pk>/`)."""
    helper = model_admin.url_helper
    return tuple(
        re_path(helper.get_action_url_pattern(action), view, name=helper.get_action_url_name(action))
        for action, view in views.items()
    )


def can_see_signers(user):
    return user.has_perm("petitions.view_signature") or user.has_perm("petitions.change_signature")


class ListHistoryView(HistoryView):
    """An object's history (who changed it, and its title: a signer's name), for those who may see the list;
    modeladmin's own lets in any admin user."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_list(user)


ADMIN_CSS = ["petitions/css/admin.css"]


def country_columns():
    """Every export gives a signer's country twice: by name for people, by ISO code for programs. Names as labels, so
    that a CSV export has the database write them (export.csv_cell_text) instead of Python, row by row; built for each
    export, in its language."""
    return {
        gettext_lazy("Country"): Column("country", labels=dict(countries)),
        gettext_lazy("Country code"): Column("country"),
    }


class SignatureCountryFilter(SimpleListFilter):
    """The countries that signers gave, by name (not every country there is)."""

    title = gettext_lazy("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        choices = ((code, countries.name(code)) for code in Signature.objects.countries_given())
        return sorted(choices, key=lambda choice: choice[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class PetitionStatusFilter(SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return PetitionStatus.choices

    def queryset(self, request, queryset):
        if self.value() in PetitionStatus.values:
            return queryset.with_status(self.value())
        return queryset


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, 100, ... that is at least `value`: the top of the chart's scale."""
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def day_chart(counts_by_day):
    """An inline SVG bar chart of confirmations per day, as numbers for the template: bars (days without any are
    gaps), the count axis's ticks, some day labels (never more than DAY_LABELS_MAX), and the totals."""
    if not counts_by_day:
        return None
    counts = dict(counts_by_day)
    first, last = counts_by_day[0][0], counts_by_day[-1][0]
    days = [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]
    top = nice_ceiling(max(counts.values()))
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_TOP + plot_height
    slot = plot_width / len(days)
    bar_width = min(slot * 0.8, BAR_WIDTH_MAX)
    bars = []
    for index, day in enumerate(days):
        if day in counts:
            height = round(plot_height * counts[day] / top, 1)
            x = CHART_LEFT + index * slot + (slot - bar_width) / 2
            bars.append(
                {
                    "day": day,
                    "count": counts[day],
                    "x": round(x, 2),
                    "width": round(max(bar_width, 1), 2),
                    "y": round(baseline - height, 1),
                    "height": height,
                }
            )
    ticks = [0, top // 2, top] if top % 2 == 0 else [0, top]
    every = math.ceil(len(days) / DAY_LABELS_MAX)
    busiest_day = max(counts, key=counts.get)
    return {
        "bars": bars,
        "count_ticks": [{"label": tick, "y": round(baseline - plot_height * tick / top, 1)} for tick in ticks],
        "day_labels": [
            {"day": day, "x": round(CHART_LEFT + (index + 0.5) * slot, 2)}
            for index, day in enumerate(days)
            if index % every == 0
        ],
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "top": CHART_TOP,
        "baseline": baseline,
        "day_label_y": baseline + 16,
        "total": sum(counts.values()),
        "days": len(days),
        "busiest": {"day": busiest_day, "count": counts[busiest_day]},
    }


class PetitionReportView(InspectView):
    """Counts by status, the milestones reached, a chart of confirmations per day, counts by country and by share
    channel, and links to the delivery files."""

    def get_context_data(self, **kwargs):
        petition = self.instance
        by_day = petition.counts_by_day()
        user = self.request.user
        return super().get_context_data(
            petition=petition,
            signature_count=petition.signature_count,
            counts_by_status=petition.counts_by_status(),
            milestones=petition.milestones.all(),
            counts_by_day=by_day,
            chart=day_chart(by_day),
            chart_width=CHART_WIDTH,
            chart_height=CHART_HEIGHT,
            confirmed_total=sum(count for _, count in by_day),
            counts_by_country=[(countries.name(code), count) for code, count in petition.counts_by_country()],
            counts_by_share_channel=[
                (ShareChannel(channel).label if channel else gettext_lazy("No shared link"), count)
                for channel, count in petition.counts_by_share_channel()
            ],
            can_see_signers=can_see_signers(user),
            can_export_emails=user.has_perm("petitions.export_signature_emails"),
            delivery_url=self.url_helper.get_action_url("delivery", self.pk_quoted),
            delivery_csv_url=self.url_helper.get_action_url("delivery_csv", self.pk_quoted),
            signatures_url=AdminURLHelper(Signature).index_url + f"?petition__id__exact={petition.pk}",
            can_write_updates=user.has_perm("petitions.change_petition"),
            updates_url=AdminURLHelper(PetitionUpdate).index_url + f"?petition__id__exact={petition.pk}",
            new_update_url=AdminURLHelper(PetitionUpdate).create_url + f"?petition={petition.pk}",
            update_count=petition.updates.count(),
            embed_code=embed_code(self.request, petition),
            embed_url=embed_path(petition),
            embed_origins=app_settings.EMBED_ALLOWED_ORIGINS,
            **kwargs,
        )


class DeliverySummaryView(InstanceSpecificView):
    """A printable page to hand over with the signatures: title, target, ask, count and dates."""

    template_name = "petitions/admin/delivery.html"

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get_context_data(self, **kwargs):
        petition = self.instance
        return super().get_context_data(
            petition=petition,
            signature_count=petition.signature_count,
            status=petition.status,
            closed_on=petition.closed_on(),
            **kwargs,
        )


def delivery_filename(petition):
    """The delivery file's name without extension: the petition's title and today's date (UTC)."""
    today = timezone.now().date().isoformat()
    return f"{slugify(petition.title) or f'petition-{petition.pk}'}-signatures-{today}"


class DeliveryCSVView(InstanceSpecificView):
    """The confirmed signers for the petition's target, in the order they signed: name, postcode, country, when they
    signed and confirmed, comment (e-mail on request)."""

    def check_action_permitted(self, user):
        return can_see_signers(user)

    def get(self, request, *args, **kwargs):
        columns = {
            gettext_lazy("Name"): Column("name"),
            gettext_lazy("Postcode"): Column("postcode"),
            **country_columns(),
            gettext_lazy("Signed at (UTC)"): Column("created_at"),
            gettext_lazy("Confirmed at (UTC)"): Column("confirmed_at"),
            gettext_lazy("Comment"): Column("comment"),
        }
        if request.GET.get("email") == "1":
            if not request.user.has_perm("petitions.export_signature_emails"):
                raise PermissionDenied
            columns[gettext_lazy("E-mail")] = Column("email")
        signatures = self.instance.signatures.filter(
            status=SignatureStatus.CONFIRMED, anonymised_at__isnull=True
        ).order_by("created_at", "pk")
        return csv_response(delivery_filename(self.instance), columns, signatures)


def pages_using(petition, user):
    """[(page, its edit URL or None)] for every page whose content chooses the petition (Wagtail's reference index)."""
    finder = AdminURLFinder(user)
    return [(page, finder.get_edit_url(page)) for page, _ in ReferenceIndex.get_grouped_references_to(petition)]


class PetitionDeleteView(DeleteView):
    """Deletes a petition that nobody has signed. One with signatures cannot be deleted (its signatures would go
    with it; the database refuses too): the screen says so and points to closing it. Either way it lists the pages
    that show the petition."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            signature_total=self.instance.signatures.count(),
            pages=pages_using(self.instance, self.request.user),
            edit_url=self.url_helper.get_action_url("edit", self.pk_quoted),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.instance.signatures.exists():
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)


class PetitionAdmin(ModelAdmin):
    """Petitions: list with status and progress, create/edit, and a report per petition."""

    model = Petition
    menu_label = gettext_lazy("Petitions")
    menu_icon = "doc-full-inverse"
    list_display = ("title", "target", "status_label", "progress", "closes_at")
    list_filter = (PetitionStatusFilter,)
    search_fields = ("title", "target")
    inspect_view_enabled = True
    inspect_view_class = PetitionReportView
    inspect_template_name = "petitions/admin/report.html"
    index_view_extra_css = inspect_view_extra_css = ADMIN_CSS
    history_view_class = ListHistoryView
    delete_view_class = PetitionDeleteView
    delete_template_name = "petitions/admin/delete.html"
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("title"),
                FieldPanel("target"),
                FieldPanel("ask"),
                FieldPanel("goal"),
                FieldPanel("share_image"),
            ],
            gettext_lazy("Petition"),
        ),
        MultiFieldPanel(
            [FieldPanel("announce_milestones"), FieldPanel("raise_goal_when_reached")], gettext_lazy("Milestones")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("is_published"),
                FieldPanel("is_closed"),
                FieldPanel("requires_confirmation"),
            ],
            gettext_lazy("Publishing"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("postcode_field"), FieldPanel("country_field"), FieldPanel("comment_field")]),
                FieldPanel("consent_text"),
                FieldPanel("consent_required"),
                FieldPanel("privacy_notice"),
                FieldPanel("thank_you_text"),
            ],
            gettext_lazy("Signing form"),
        ),
        InlinePanel(
            "translations",
            heading=gettext_lazy("Translations"),
            label=gettext_lazy("Translation"),
            help_text=gettext_lazy(
                "The petition's texts in another language, for the pages in that language; a text left empty "
                "shows the petition's own. Signatures and the count are shared by every language."
            ),
            panels=[
                FieldPanel("language"),
                FieldPanel("title"),
                FieldPanel("target"),
                FieldPanel("ask"),
                FieldPanel("consent_text"),
                FieldPanel("privacy_notice"),
                FieldPanel("thank_you_text"),
            ],
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_signature_count()

    def status_label(self, petition):
        return PetitionStatus(petition.status).label

    status_label.short_description = gettext_lazy("Status")

    def progress(self, petition):
        count = petition.signature_count
        return format_html(
            '<progress max="{}" value="{}"></progress> {} / {}',
            petition.goal,
            min(count, petition.goal),
            count,
            petition.goal,
        )

    progress.short_description = gettext_lazy("Confirmed signatures")

    def delivery_view(self, request, instance_pk):
        return DeliverySummaryView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def delivery_csv_view(self, request, instance_pk):
        return DeliveryCSVView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        extra = {"delivery": self.delivery_view, "delivery_csv": self.delivery_csv_view}
        return super().get_admin_urls_for_registration() + action_urls(self, extra)


class SignaturePermissionHelper(PermissionHelper):
    """Signatures are listed and inspected with the view or change permission, moderated with change; the admin
    neither creates, edits nor deletes them (rejecting keeps the count right and can be undone)."""

    def user_can_list(self, user):
        return can_see_signers(user)

    def user_can_inspect_obj(self, user, obj):
        return can_see_signers(user)

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_moderate(self, user):
        return user.has_perm("petitions.change_signature")


class SignatureButtonHelper(ButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        buttons = super().get_buttons_for_obj(obj, exclude, classnames_add, classnames_exclude)
        if self.permission_helper.user_can_moderate(self.request.user) and not obj.is_anonymised:
            if obj.status == SignatureStatus.REJECTED:
                action, label, title = "restore", gettext("Restore"), gettext("Restore this signature")
            else:
                action, label, title = "reject", gettext("Reject"), gettext("Reject this signature")
            buttons.append(
                {
                    "url": self.url_helper.get_action_url(action, obj.pk),
                    "label": label,
                    "classname": self.finalise_classname(classnames_add or [], classnames_exclude or []),
                    "title": title,
                }
            )
        return buttons


class SignatureStatusView(InstanceSpecificView):
    """Asks to confirm, then rejects a signature (out of the count) or restores it."""

    template_name = "petitions/admin/signature_status.html"
    action = None
    change_status = None

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_moderate(user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, **kwargs)

    def post(self, request, *args, **kwargs):
        self.change_status(self.instance.pk)
        messages.success(request, self.done_message % {"name": self.instance.name})
        return redirect(self.index_url)


class RejectSignatureView(SignatureStatusView):
    action = "reject"
    change_status = staticmethod(reject_signature)
    done_message = gettext_lazy("Signature by %(name)s rejected.")


class RestoreSignatureView(SignatureStatusView):
    action = "restore"
    change_status = staticmethod(restore_signature)
    done_message = gettext_lazy("Signature by %(name)s restored.")


def signature_export_columns():
    """The signature listing's export: heading -> Column."""
    return {
        gettext_lazy("Petition"): Column("petition__title"),
        gettext_lazy("Name"): Column("name"),
        gettext_lazy("E-mail"): Column("email"),
        gettext_lazy("Postcode"): Column("postcode"),
        **country_columns(),
        gettext_lazy("Comment"): Column("comment"),
        gettext_lazy("Consents to be contacted"): Column("consent"),
        gettext_lazy("Status"): Column("status", labels=dict(SignatureStatus.choices)),
        gettext_lazy("Signed at (UTC)"): Column("created_at"),
        gettext_lazy("Confirmed at (UTC)"): Column("confirmed_at"),
        gettext_lazy("Source"): Column("source", labels=dict(SignatureSource.choices)),
        gettext_lazy("Shared by"): Column("share_channel", labels=dict(ShareChannel.choices)),
        gettext_lazy("Language"): Column("language", labels=dict(settings.LANGUAGES)),
    }


class SignatureIndexView(IndexView):
    """The signature listing; its CSV and XLSX export of the filtered list streams instead of loading it whole."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return spreadsheet_response(spreadsheet_format, "signatures", signature_export_columns(), queryset)


class SignatureAdmin(ModelAdmin):
    """Signatures: filter, search, export, inspect, reject and restore."""

    model = Signature
    menu_label = gettext_lazy("Signatures")
    menu_icon = "form"
    list_display = ("name", "email", "petition", "status", "country", "created_at")
    list_filter = ("petition", "status", "created_at", SignatureCountryFilter)
    list_select_related = ["petition"]
    search_fields = ("name", "email")
    inspect_view_enabled = True
    inspect_view_fields = [
        "petition",
        "name",
        "email",
        "postcode",
        "country",
        "comment",
        "consent",
        "status",
        "created_at",
        "confirmed_at",
        "source",
        "share_channel",
        "language",
        "referrer",
        "confirmation_emails_sent",
        "anonymised_at",
    ]
    index_view_class = SignatureIndexView
    index_view_extra_css = inspect_view_extra_css = ADMIN_CSS
    history_view_class = ListHistoryView
    permission_helper_class = SignaturePermissionHelper
    button_helper_class = SignatureButtonHelper

    def get_list_export(self, request):
        return list(signature_export_columns())

    def reject_view(self, request, instance_pk):
        return RejectSignatureView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def restore_view(self, request, instance_pk):
        return RestoreSignatureView.as_view(model_admin=self, instance_pk=instance_pk)(request)

    def get_admin_urls_for_registration(self):
        extra = {"reject": self.reject_view, "restore": self.restore_view}
        return super().get_admin_urls_for_registration() + action_urls(self, extra)
