"""`{% petition_panel petition %}`: a petition's ask, count, progress and form, or its closed or thank-you state."""

import secrets
import uuid
from urllib.parse import urlsplit

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from campaign_common.personal import mark_personal

from ..conf import app_settings
from ..forms import SIGN_BUTTON_LABEL, SignatureForm
from ..models import PetitionStatus
from ..sharing import share_links
from ..tokens import has_just_signed
from ..views import SUBMISSIONS_ATTRIBUTE

register = template.Library()

PANEL_TEMPLATE = "petitions/includes/petition.html"
FIELDS_TEMPLATE = "petitions/includes/form_fields.html"
# Stands in for the visitor's CSRF token in a panel kept for every visitor (see kept_panel); letters and digits, so
# escaping leaves it as it is.
CSRF_TOKEN_STAND_IN = f"csrftoken{secrets.token_hex(16)}"
# Panels as every visitor sees them, by petition version, block settings, page and language, each with the count it
# shows (see kept_panel); bounded, as petitions and pages come and go.
_kept_panels = {}
PANELS_KEPT = 256


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


def panel_context(petition, count, settings, state, form=None, csrf_token=None, **more):
    """The panel template's context; `more` sets the rest (where the form returns to, a message, the address to
    share)."""
    return {
        "petition": petition,
        "count": count,
        "progress_percent": petition.percent_of_goal(count),
        **settings,
        "state": state,
        "form": form,
        "fields_html": render_to_string(FIELDS_TEMPLATE, {"form": form}) if form is not None else "",
        "csrf_token": csrf_token,
        "message": "",
        "page_url": "",
        "share_links": [],
        **more,
    }


def kept_panel(petition, count, settings, state, next_url):
    """The panel every visitor gets while nothing of theirs is in it (an empty form, or the closed or scheduled
    notice), rendered once per petition version, block settings, page, language and count and kept in this process:
    building the form and rendering it and the panel were most of what the petition block added to a page. Each copy
    gets the visitor's CSRF token and, with reCAPTCHA, a widget id of its own."""
    key = (petition.pk, petition.updated_at, state, *settings.values(), next_url, get_language())
    key += (app_settings.captcha_enabled,)
    kept = _kept_panels.get(key)
    if kept is None or kept[0] != count:
        form = SignatureForm(petition) if state == "form" else None
        html = render_to_string(
            PANEL_TEMPLATE,
            panel_context(petition, count, settings, state, form, CSRF_TOKEN_STAND_IN, next_url=next_url),
        )
        captcha = form.fields.get("captcha") if form is not None else None
        if len(_kept_panels) >= PANELS_KEPT:
            _kept_panels.clear()
        kept = _kept_panels[key] = (count, html, captcha.widget.uuid if captcha else None)
    return kept[1:]


@register.simple_tag(takes_context=True)
def petition_panel(context, petition, heading="", intro="", button_label="", show_progress=True, share_url=""):
    """`share_url` is the address the thank-you state shares; by default the page the panel is on."""
    request = context.get("request")
    submission = getattr(request, SUBMISSIONS_ATTRIBUTE, {}).get(petition.pk, {})
    signed = (
        bool(request)
        and not submission
        and request.GET.get("signed") == str(petition.pk)
        and has_just_signed(request, petition)
    )
    path = page_path(context, request) if request else ""
    count = petition.signature_count  # read once: each read may ask the cache
    settings = {
        "heading": heading or petition.title,
        "intro": intro,
        "button_label": button_label or SIGN_BUTTON_LABEL,
        "show_progress": show_progress,
    }
    csrf_token = context.get("csrf_token")
    if signed or submission:
        mark_personal(request)
    if signed:
        page_url = share_url or request.build_absolute_uri(path)
        context = panel_context(
            petition, count, settings, "signed", page_url=page_url, share_links=share_links(page_url, petition.title)
        )
        return render_to_string(PANEL_TEMPLATE, context)
    is_open = petition.status == PetitionStatus.OPEN
    state = "form" if is_open else petition.status
    if submission:
        context = panel_context(
            petition,
            count,
            settings,
            state,
            (submission.get("form") or SignatureForm(petition)) if is_open else None,
            csrf_token,
            message=submission.get("message", ""),
            next_url=submission.get("next_url") or path,
        )
        return render_to_string(PANEL_TEMPLATE, context)
    html, captcha_id = kept_panel(petition, count, settings, state, path)
    if CSRF_TOKEN_STAND_IN in html:
        html = html.replace(CSRF_TOKEN_STAND_IN, str(csrf_token or ""))
    if captcha_id:
        html = html.replace(captcha_id, uuid.uuid4().hex)
    return mark_safe(html)  # noqa: S308 - the template's own output, with a token of letters and digits put in
