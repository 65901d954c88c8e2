"""`{% petition_panel petition %}`: a petition's ask, count, progress and form, or its closed or thank-you state."""

from urllib.parse import quote, urlencode, urlsplit

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from ..conf import app_settings
from ..forms import SIGN_BUTTON_LABEL, SignatureForm
from ..models import PetitionStatus
from ..views import SUBMISSIONS_ATTRIBUTE

register = template.Library()

FIELDS_TEMPLATE = "petitions/includes/form_fields.html"
# Rendered fields of empty forms, by petition and language (see fields_html); bounded, as petitions come and go.
_empty_form_fields = {}
EMPTY_FORM_FIELDS_KEPT = 256


def share_links(url, text):
    """Plain links (no third-party scripts) that share `url`."""
    email = urlencode({"subject": text, "body": f"{text}\n{url}"}, quote_via=quote)
    return [
        {"label": "E-mail", "url": f"mailto:?{email}"},
        {"label": "X", "url": f"https://x.com/intent/post?{urlencode({'text': text, 'url': url})}"},
        {"label": "Facebook", "url": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"},
        {"label": "WhatsApp", "url": f"https://wa.me/?{urlencode({'text': f'{text} {url}'})}"},
    ]


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


def fields_html(form):
    """The form's fields as HTML. An empty form looks the same to every visitor of a petition, and rendering its
    widgets through Django's templates was a good part of a page's time, so its HTML is kept in this process for
    each petition, field settings and language (and not with reCAPTCHA, whose widget carries an id of its own)."""
    if form.is_bound or form.initial or app_settings.captcha_enabled:
        return render_to_string(FIELDS_TEMPLATE, {"form": form})
    petition = form.petition
    key = (petition.pk, *petition.collected_fields.values(), petition.consent_text, petition.consent_required)
    key += (get_language(),)
    html = _empty_form_fields.get(key)
    if html is None:
        if len(_empty_form_fields) >= EMPTY_FORM_FIELDS_KEPT:
            _empty_form_fields.clear()
        html = _empty_form_fields[key] = render_to_string(FIELDS_TEMPLATE, {"form": form})
    return html


@register.inclusion_tag("petitions/includes/petition.html", takes_context=True)
def petition_panel(context, petition, heading="", intro="", button_label="", show_progress=True, share_url=""):
    """`share_url` is the address the thank-you state shares; by default the page the panel is on."""
    request = context.get("request")
    submission = getattr(request, SUBMISSIONS_ATTRIBUTE, {}).get(petition.pk, {})
    status = petition.status
    signed = bool(request) and not submission and request.GET.get("signed") == str(petition.pk)
    path = page_path(context, request) if request else ""
    page_url = share_url or (request.build_absolute_uri(path) if request else "")
    form = submission.get("form") or SignatureForm(petition)
    count = petition.signature_count  # read once: each read may ask the cache
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "petition": petition,
        "count": count,
        "progress_percent": petition.percent_of_goal(count),
        "heading": heading or petition.title,
        "intro": intro,
        "button_label": button_label or SIGN_BUTTON_LABEL,
        "show_progress": show_progress,
        "state": "signed" if signed else ("form" if status == PetitionStatus.OPEN else status),
        "form": form,
        "fields_html": fields_html(form) if status == PetitionStatus.OPEN else "",
        "message": submission.get("message", ""),
        "next_url": submission.get("next_url") or path,
        "page_url": page_url,
        "share_links": share_links(page_url, petition.title) if signed else [],
    }
