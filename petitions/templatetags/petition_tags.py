"""`{% petition_panel petition %}`: a petition's ask, count, progress and form, or its closed or thank-you state."""

from functools import partial
from urllib.parse import urlsplit

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from campaign_common.personal import mark_personal
from campaign_common.public_forms import is_signed_in

from ..conf import app_settings
from ..forms import SIGN_BUTTON_LABEL, CaptchaForm, SignatureForm
from ..models import PetitionStatus
from ..sharing import share_box
from ..tokens import has_just_signed
from ..views import SUBMISSIONS_ATTRIBUTE

register = template.Library()

PANEL_TEMPLATE = "petitions/includes/petition.html"
# Seconds the form fields of an empty form stay in the template fragment cache (see petition_panel). The key holds the
# petition's version, so an edit shows at once; the timeout only lets go of versions no longer shown.
FORM_FIELDS_SECONDS = 60 * 60


def page_path(context, request):
    """The path of the page showing the panel. A Wagtail page in the context knows its own: the page may be rendered
    in answer to another URL (a failed comment post shows it again under /comments/post/). When Wagtail serves the
    page at the requested URL, that URL is the page's, and asking the page would cost a look-up of the site's root
    paths on every view."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name == "wagtail_serve":
        return request.path
    page = context.get("page")
    url = page.get_url(request) if hasattr(page, "get_url") else None
    return urlsplit(url).path if url else request.path


@register.simple_tag(takes_context=True)
def petition_panel(context, petition, heading="", intro="", button_label="", show_progress=True, share_url=""):
    """`share_url` is the address the thank-you state shares; by default the page the panel is on. The petition is
    shown in the active language (Petition.in_language); its count is the same in every language.

    The fields of an empty form are the same for every visitor of a petition version in a language: the panel
    template keeps them with Django's `{% cache %}` tag, and builds the form (`new_form`) only when they are not in
    the cache. The captcha is rendered outside that fragment, and so is the CSRF token, which only signed-in users'
    forms carry: an anonymous visitor's panel is the same for everyone, so that shared caches can keep the page
    (campaign_common.public_forms). The thank-you address (?signed=<id>) is never shared, whoever opens it."""
    petition = petition.in_language()
    request = context.get("request")
    submission = getattr(request, SUBMISSIONS_ATTRIBUTE, {}).get(petition.pk, {})
    thank_you_address = bool(request) and request.GET.get("signed") == str(petition.pk)
    signed = thank_you_address and not submission and has_just_signed(request, petition)
    path = page_path(context, request) if request else ""
    count = petition.signature_count  # read once: each read may ask the cache
    is_open = petition.status == PetitionStatus.OPEN
    panel = {
        "petition": petition,
        "count": count,
        "progress_percent": petition.percent_of_goal(count),
        "heading": heading or petition.title,
        "intro": intro,
        "button_label": button_label or SIGN_BUTTON_LABEL,
        "show_progress": show_progress,
        "state": "form" if is_open else petition.status,
        "message": "",
        "csrf_token": context.get("csrf_token") if request is not None and is_signed_in(request) else None,
        "next_url": path,
        # petitions/js/count.js refreshes an open petition's count from here (the page itself may be cached longer).
        "count_url": reverse(f"{app_settings.API_URL_NAMESPACE}:detail", args=[petition.pk]) if is_open else "",
    }
    if thank_you_address or submission:
        mark_personal(request)
    if signed:
        page_url = share_url or request.build_absolute_uri(path)
        panel.update(state="signed", **share_box(page_url, petition.title))
    elif submission:
        form = (submission.get("form") or SignatureForm(petition)) if is_open else None
        panel.update(
            form=form,
            captcha=form["captcha"] if form is not None and "captcha" in form.fields else None,
            message=submission.get("message", ""),
            next_url=submission.get("next_url") or path,
        )
    elif is_open:
        captcha_form = CaptchaForm(petition) if app_settings.captcha_enabled else None
        panel.update(
            new_form=partial(SignatureForm, petition),
            form_fields_seconds=FORM_FIELDS_SECONDS,
            captcha=captcha_form["captcha"] if captcha_form is not None else None,
        )
    return render_to_string(PANEL_TEMPLATE, panel)
