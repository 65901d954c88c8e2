"""The signing form, built for one petition: only the fields it collects, its consent wording, and anti-spam."""

import copy
import re
from functools import cache, lru_cache
from typing import Literal, TypedDict

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django_countries import countries
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

from campaign_common.text import printable

from .conf import app_settings
from .models import FieldChoice

POSTCODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]*$")
COMMENT_MAX_LENGTH = 1000
SIGN_BUTTON_LABEL = "Sign the petition"
CAPTCHA_ACTION = "sign_petition"


class SignatureCaptchaField(ReCaptchaField):
    """reCAPTCHA that asks Google only about a token it has not accepted yet in this request (`verified_token`):
    Google accepts a token once, and signing again with a petition that changed meanwhile
    (views.with_current_petition) checks the same request's form a second time."""

    def __init__(self, *args, verified_token=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.verified_token = verified_token

    def validate(self, value):
        if value and value == self.verified_token:
            forms.CharField.validate(self, value)
        else:
            super().validate(value)


def captcha_field(verified_token=None):
    if app_settings.RECAPTCHA_VERSION == "v3":
        widget = ReCaptchaV3(action=CAPTCHA_ACTION, required_score=app_settings.RECAPTCHA_REQUIRED_SCORE)
    else:
        widget = ReCaptchaV2Checkbox()
    return SignatureCaptchaField(
        widget=widget, label="Please confirm you are not a robot", verified_token=verified_token
    )


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
    return [("", "Choose a country"), *((code, name) for code, name in countries)]


class CountryChoices(BaseChoiceIterator):
    """The blank choice and every country by name in the active language, built once per language. Being a choice
    iterator, Django takes it as it is instead of sorting and normalising some 250 choices for each form (which
    took a good part of each signature's time)."""

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
    """The country list, rendered once per language, name and attributes while nothing is chosen (every page view
    of a petition): its ~250 options through Django's widget templates took longer than the rest of the page."""

    def render(self, name, value, attrs=None, renderer=None):
        if value not in (None, ""):
            return super().render(name, value, attrs, renderer)
        merged = tuple(sorted(self.build_attrs(self.attrs, attrs).items()))
        return _render_country_select(get_language(), name, merged, renderer)


def field_settings(petition):
    """What of a petition shapes its signing form's fields, as a key: which fields it shows and requires, and its
    consent wording."""
    return tuple(petition.collected_fields.items()), petition.consent_text, petition.consent_required


class CopiedFields(dict):
    """Form fields copied already, for one form or shared by many: the deep copy that BaseForm.__init__ makes of
    its base fields copies only this mapping."""

    def __deepcopy__(self, memo):
        return dict(self)


class SignatureForm(forms.Form):
    """Fields of the HTML form and of the JSON endpoint: name, email, postcode, country, comment, consent."""

    name = forms.CharField(
        max_length=100,
        label="Your name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[printable()],
    )
    email = forms.EmailField(
        max_length=254,
        label="Your e-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        validators=[printable()],
    )
    postcode = forms.CharField(
        max_length=16, label="Postcode", widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    country = CountryChoiceField(
        choices=CountryChoices(),
        label="Country",
        widget=CountrySelect(attrs={"autocomplete": "country"}),
    )
    comment = forms.CharField(
        max_length=COMMENT_MAX_LENGTH,
        label="Why are you signing? (shown to the petition's target)",
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[printable(lines=True)],
    )
    consent = forms.BooleanField(required=False)
    # Honeypot: hidden from people (CSS, tabindex, aria-hidden); bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, petition, *args, verified_captcha=None, **kwargs):
        """`verified_captcha`: a captcha token that Google accepted earlier in the same request."""
        kwargs.setdefault("auto_id", f"petition-{petition.pk}-%s")
        # BaseForm.__init__ takes its fields from here.
        self.base_fields = self.fields_for(field_settings(petition))
        super().__init__(*args, **kwargs)
        self.petition = petition
        if app_settings.captcha_enabled:
            self.fields["captcha"] = captcha_field(verified_captcha)

    @classmethod
    def fields_for(cls, settings):
        """A copy of the form's fields, shown and required as `settings` (from field_settings) say."""
        fields = copy.deepcopy(cls.base_fields)
        collected, consent_text, consent_required = settings
        for name, choice in collected:
            if choice == FieldChoice.HIDDEN:
                del fields[name]
            else:
                fields[name].required = choice == FieldChoice.REQUIRED
        fields["consent"].label = consent_text
        fields["consent"].required = consent_required
        return CopiedFields(fields)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Please enter your name.", code="required")
        return name

    def clean_postcode(self):
        postcode = " ".join(self.cleaned_data["postcode"].split()).upper()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("Please enter a valid postcode.", code="invalid")
        return postcode

    def clean_comment(self):
        return self.cleaned_data["comment"].replace("\r\n", "\n").strip()

    @property
    def honeypot_filled(self):
        return bool(self.data.get("website"))


class SignatureDataForm(SignatureForm):
    """SignatureForm for submitted data, from the JSON endpoint or the HTML form: the same fields and checks, but
    its fields are built once per petition settings and shared by every instance instead of deep-copied for each,
    which was an eighth of the Python a signing request ran (BENCHMARKS.md). Validating only reads fields, and so
    does showing the form again with its errors: Django renders widgets with attributes built afresh (it changes a
    widget only for fields with `localize`, which these have not). The captcha field, which reads its keys from the
    settings, is still new each time. Empty forms are SignatureForm, rendered once per petition (petition_tags).
    """

    @classmethod
    @lru_cache(maxsize=256)
    def fields_for(cls, settings):
        return super().fields_for(settings)
