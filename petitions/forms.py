"""The signing form, built for one petition: only the fields it collects, its consent wording, and anti-spam."""

import re
from functools import cache, lru_cache
from typing import Literal, TypedDict

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

from campaign_common.text import printable

from .conf import app_settings
from .models import FieldChoice

POSTCODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]*$")
COMMENT_MAX_LENGTH = 1000
SIGN_BUTTON_LABEL = _("Sign the petition")
CAPTCHA_ACTION = "sign_petition"


def field_ids(petition):
    """The forms' `auto_id`: ids unique to the petition, so that two petitions on one page keep their labels apart."""
    return f"petition-{petition.pk}-%s"


def captcha_field():
    if app_settings.RECAPTCHA_VERSION == "v3":
        widget = ReCaptchaV3(action=CAPTCHA_ACTION, required_score=app_settings.RECAPTCHA_REQUIRED_SCORE)
    else:
        widget = ReCaptchaV2Checkbox()
    return ReCaptchaField(widget=widget, label=_("Please confirm you are not a robot"))


class ClientCaptcha(TypedDict):
    """The captcha a frontend must solve and send as `captcha`: the reCAPTCHA version, its site key and (v3) the
    action to execute it with."""

    type: Literal["none", "recaptcha_v2", "recaptcha_v3"]
    site_key: str | None
    action: str | None


def captcha_for_clients() -> ClientCaptcha:
    """The captcha that captcha_field() verifies, described for other frontends; type "none" when it is off."""
    if not app_settings.captcha_enabled:
        return {"type": "none", "site_key": None, "action": None}
    field = captcha_field()
    if isinstance(field.widget, ReCaptchaV3):
        return {"type": "recaptcha_v3", "site_key": field.public_key, "action": field.widget.action}
    return {"type": "recaptcha_v2", "site_key": field.public_key, "action": None}


@cache
def _country_choices_in(language):
    # Called with the active language, whose blank choice and country names it lists.
    return [("", gettext("Choose a country")), *((code, name) for code, name in countries)]


class CountryChoices(BaseChoiceIterator):
    """The blank choice and every country by name in the active language, built once per language. Being a choice
    iterator, Django takes it as it is instead of sorting and normalising some 250 choices for each form."""

    def __iter__(self):
        return iter(_country_choices_in(get_language()))

    def __copy__(self):
        return self  # nothing in it to copy; every form and widget copies its choices

    def __deepcopy__(self, memo):
        return self


@cache
def _country_codes():
    return frozenset(code for code, _name in countries)


class CountryChoiceField(forms.ChoiceField):
    """A choice of country, checked against the set of codes rather than by walking some 250 choices in order."""

    def valid_value(self, value):
        return str(value) in _country_codes()


@lru_cache(maxsize=256)
def _render_country_select(language, name, attrs, renderer):
    return forms.Select(dict(attrs), choices=_country_choices_in(language)).render(name, "", renderer=renderer)


class CountrySelect(forms.Select):
    """The country list, rendered once per language, name and attributes while nothing is chosen: some 250 options
    through Django's widget templates are the costliest part of the form."""

    def render(self, name, value, attrs=None, renderer=None):
        if value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        merged = tuple(sorted(self.build_attrs(self.attrs, attrs).items()))
        return _render_country_select(get_language(), name, merged, renderer)


class SignatureForm(forms.Form):
    """Fields of the HTML form and of the JSON endpoint: name, email, postcode, country, comment, consent; and the
    captcha when reCAPTCHA is configured. Each form gets its own copy of the fields (Django's), fitted to the petition:
    the fields it does not ask for left out, the others optional or required, and its consent wording."""

    name = forms.CharField(
        max_length=100,
        label=_("Your name"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[printable()],
    )
    email = forms.EmailField(
        max_length=254,
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        validators=[printable()],
    )
    postcode = forms.CharField(
        max_length=16, label=_("Postcode"), widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    country = CountryChoiceField(
        choices=CountryChoices(),
        label=_("Country"),
        widget=CountrySelect(attrs={"autocomplete": "country"}),
    )
    comment = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        label=_("Why are you signing? (shown to the petition's target)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[printable(lines=True)],
    )
    consent = forms.BooleanField(required=False)
    # Honeypot: hidden from people (CSS, tabindex, aria-hidden); bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, petition, *args, **kwargs):
        kwargs.setdefault("auto_id", field_ids(petition))
        super().__init__(*args, **kwargs)
        self.petition = petition
        for name, choice in petition.collected_fields.items():
            if choice == FieldChoice.HIDDEN:
                del self.fields[name]
            else:
                self.fields[name].required = choice == FieldChoice.REQUIRED
        self.fields["consent"].label = petition.consent_text
        self.fields["consent"].required = petition.consent_required
        if app_settings.captcha_enabled:
            self.fields["captcha"] = captcha_field()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(gettext("Please enter your name."), code="required")
        return name

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].split()).upper()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError(gettext("Please enter a valid postcode."), code="invalid")
        return postcode

    def clean_comment(self):
        return self.cleaned_data["comment"].replace("\r\n", "\n").strip()

    @property
    def honeypot_filled(self):
        return bool(self.data.get("website"))


class CaptchaForm(forms.Form):
    """SignatureForm's captcha alone, with the same id: the petition panel renders it for each visitor beside the
    other fields, which are the same for every visitor and come from the template fragment cache (petition_tags)."""

    def __init__(self, petition, **kwargs):
        super().__init__(auto_id=field_ids(petition), **kwargs)
        self.fields["captcha"] = captcha_field()
