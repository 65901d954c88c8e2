"""The comment form (contract fields: name, email, body, parent, notify, honeypot website, captcha) and the edit
form. The HTML view and the JSON endpoint validate with the same form."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_recaptcha.fields import ReCaptchaField

from campaign_common.text import printable

from . import conf
from .posting import reply_target


def captcha_enabled():
    return bool(settings.RECAPTCHA_PUBLIC_KEY and settings.RECAPTCHA_PRIVATE_KEY)


def captcha_for_clients():
    """The captcha CommentForm verifies, for other frontends: reCAPTCHA v2 (checkbox) with the site key, or none.
    They send its token as `captcha`."""
    if not captcha_enabled():
        return {"type": "none", "site_key": None, "action": None}
    return {"type": "recaptcha_v2", "site_key": settings.RECAPTCHA_PUBLIC_KEY, "action": None}


class CommentBodyField(forms.CharField):
    """Plain text of at most COMMENTS_BODY_MAX_LENGTH characters, with something in it besides spaces."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": _("Write something before you post.")})
        super().__init__(widget=forms.Textarea(attrs={"rows": 6}), validators=[printable(lines=True)], **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(conf.body_max_length())}

    def validate(self, value):
        super().validate(value)
        limit = conf.body_max_length()
        if len(value) > limit:
            message = ngettext(
                "Keep your comment to %(limit)s character; it has %(length)s.",
                "Keep your comment to %(limit)s characters; it has %(length)s.",
                limit,
            )
            # The language's decimal conventions, grouped only where the site groups digits (USE_THOUSAND_SEPARATOR).
            numbers = {"limit": number_format(limit), "length": number_format(len(value))}
            raise ValidationError(message % numbers, code="max_length")


class CommentForm(forms.Form):
    """A new comment or reply on `page`; a signed-in `user` posts under their account's full name and e-mail, and
    is asked for a name when the account has no full name (a login name is never published)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        error_messages={"required": _("Tell us your name.")},
        validators=[printable()],
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Never shown. We use it only to tell you of replies if you ask us to."),
        max_length=254,  # Comment.author_email's column
        validators=[printable()],
    )
    body = CommentBodyField(label=_("Comment"))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    notify = forms.BooleanField(required=False, label=_("E-mail me when someone replies to my comment"))
    remember = forms.BooleanField(required=False, label=_("Remember my name and e-mail in this browser"))
    # The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, page, max_depth, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.max_depth = max_depth
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            del self.fields["email"], self.fields["remember"]
            if self.user.get_full_name():
                del self.fields["name"]
        if captcha_enabled():
            self.fields["captcha"] = ReCaptchaField(label=_("Captcha"))

    def clean_name(self):
        # Names end up in e-mail subjects: no line breaks or runs of spaces.
        return " ".join(self.cleaned_data["name"].split())

    def clean_parent(self):
        parent_id = self.cleaned_data["parent"]
        return reply_target(self.page, parent_id, self.max_depth) if parent_id else None

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def author(self):
        """The (name, e-mail) the comment is posted under."""
        if self.user is not None:
            return self.user.get_full_name() or self.cleaned_data["name"], self.user.email
        return self.cleaned_data["name"], self.cleaned_data["email"]


class EditCommentForm(forms.Form):
    """The new text of a comment its author is editing."""

    body = CommentBodyField(label=_("Comment"))
