"""The admin's endpoint form: the URL and events checked by the rules `manage.py webhooks` applies too."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .endpoints import check_url
from .events import EVENT_TYPES
from .models import WebhookEndpoint


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(name, f"{name}: {label}") for name, label in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The events sent to this URL."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "description", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        check_url(url)
        return url

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if endpoint.is_active and "is_active" in self.changed_data:
            # Switched back on: a fresh start, and its pending deliveries are due again.
            endpoint.disabled_at, endpoint.disabled_reason, endpoint.failure_streak = None, "", 0
        if commit:
            endpoint.save()
        return endpoint
