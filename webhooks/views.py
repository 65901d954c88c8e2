"""The admin screens for endpoints (a Wagtail ModelViewSet under Settings) and their delivery log.

Who may add, change or delete endpoints is Wagtail's model permissions on WebhookEndpoint; the delivery log and
"send again" need the change permission. An endpoint's secret is shown once, on the page that follows adding it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from . import delivery, tasks
from .conf import app_settings
from .forms import WebhookEndpointForm
from .models import WebhookDelivery, WebhookEndpoint, generate_secret

VIEWSET_NAME = "webhook_endpoints"


def log_url(endpoint=None):
    if endpoint is None:
        return reverse(f"{VIEWSET_NAME}:deliveries")
    return reverse(f"{VIEWSET_NAME}:endpoint_deliveries", args=[endpoint.pk])


class EndpointIndexView(generic.IndexView):
    @property
    def header_buttons(self):
        return [*super().header_buttons, HeaderButton(gettext("Delivery log"), url=log_url(), icon_name="list-ul")]


class EndpointCreateView(generic.CreateView):
    """After adding an endpoint, a page with its secret: the only time anyone sees it."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code != 302:
            return response
        return secret_page(self.request, self.object, gettext("Webhook endpoint added"), response.url)


def secret_page(request, endpoint, title, continue_url):
    return TemplateResponse(
        request,
        "webhooks/admin/secret.html",
        {"endpoint": endpoint, "continue_url": continue_url, "page_title": title},
    )


class EndpointEditView(generic.EditView):
    @property
    def header_more_buttons(self):
        rotate = reverse(f"{VIEWSET_NAME}:rotate_secret", args=[self.object.pk])
        return [
            *super().header_more_buttons,
            Button(gettext("Delivery log"), url=log_url(self.object), icon_name="list-ul", priority=20),
            Button(gettext("Rotate secret"), url=rotate, icon_name="key", priority=30),
        ]


class RotateSecretView(View):
    """GET asks to confirm; POST gives the endpoint a new secret and shows it, once. The old one stops working at
    once: deliveries from then on are signed with the new one."""

    permission_policy = None

    def dispatch(self, request, endpoint_id):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
        return super().dispatch(request, endpoint_id)

    def get(self, request, endpoint_id):
        return TemplateResponse(
            request,
            "webhooks/admin/rotate_secret.html",
            {"endpoint": self.endpoint, "page_title": gettext("Rotate the secret of %(url)s") % {"url": self.endpoint}},
        )

    def post(self, request, endpoint_id):
        self.endpoint.secret = generate_secret()
        self.endpoint.save(update_fields=["secret"])
        edit_url = reverse(f"{VIEWSET_NAME}:edit", args=[self.endpoint.pk])
        return secret_page(request, self.endpoint, gettext("New secret"), edit_url)


class DeliveryLogView(View):
    """Deliveries, newest first: of one endpoint, or of all."""

    http_method_names = ["get"]
    permission_policy = None

    def get(self, request, endpoint_id=None):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        deliveries = WebhookDelivery.objects.select_related("event", "endpoint").order_by("-event__created_at", "-pk")
        endpoint = None
        if endpoint_id is not None:
            endpoint = get_object_or_404(WebhookEndpoint, pk=endpoint_id)
            deliveries = deliveries.filter(endpoint=endpoint)
        paginator = Paginator(deliveries, app_settings.LOG_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("p"))
        title = gettext("Deliveries to %(url)s") % {"url": endpoint.url} if endpoint else gettext("Delivery log")
        return TemplateResponse(
            request,
            "webhooks/admin/deliveries.html",
            {
                "page_title": title,
                "endpoint": endpoint,
                "items": page,
                "elided_page_range": paginator.get_elided_page_range(page.number),
                "endpoints_url": reverse(f"{VIEWSET_NAME}:index"),
            },
        )


class SendAgainView(View):
    """Queue a delivery again (POST), with the same webhook-id."""

    http_method_names = ["post"]
    permission_policy = None

    def post(self, request, delivery_id):
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        queued = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=delivery_id)
        delivery.send_again(queued)
        tasks.deliver_webhook.enqueue(delivery_id=queued.pk)
        if queued.endpoint.is_active:
            messages.success(request, gettext("The event is queued to be sent again."))
        else:
            messages.warning(
                request, gettext("The event is queued, but its endpoint is switched off: switch it on to send it.")
            )
        return redirect(log_url(queued.endpoint))


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    menu_label = _("Webhooks")
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView
    list_display = [
        TitleColumn("url", label=_("URL"), url_name=f"{VIEWSET_NAME}:edit"),
        Column("events", label=_("Events"), accessor="get_events_display"),
        Column("is_active", label=_("Active"), accessor=lambda endpoint: _("Yes") if endpoint.is_active else _("No")),
        Column("disabled_reason", label=_("Why it was switched off")),
        TitleColumn("deliveries", label=_("Deliveries"), accessor=lambda endpoint: _("Delivery log"), get_url=log_url),
    ]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        log = DeliveryLogView.as_view(permission_policy=self.permission_policy)
        return [
            *super().get_urlpatterns(),
            path("deliveries/", log, name="deliveries"),
            path("<int:endpoint_id>/deliveries/", log, name="endpoint_deliveries"),
            path(
                "<int:endpoint_id>/rotate-secret/",
                RotateSecretView.as_view(permission_policy=self.permission_policy),
                name="rotate_secret",
            ),
            path(
                "deliveries/<int:delivery_id>/send-again/",
                SendAgainView.as_view(permission_policy=self.permission_policy),
                name="send_again",
            ),
        ]


webhook_endpoint_viewset = WebhookEndpointViewSet(VIEWSET_NAME, url_prefix="webhooks")
