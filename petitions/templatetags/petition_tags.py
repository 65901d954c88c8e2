"""`{% petition_panel petition %}`: a petition's ask, count, progress and form, or its closed or thank-you state."""

from urllib.parse import quote, urlencode

from django import template

from ..forms import SIGN_BUTTON_LABEL, SignatureForm
from ..models import PetitionStatus
from ..views import SUBMISSIONS_ATTRIBUTE

register = template.Library()


def share_links(url, text):
    """Plain links (no third-party scripts) that share `url`."""
    email = urlencode({"subject": text, "body": f"{text}\n{url}"}, quote_via=quote)
    return [
        {"label": "E-mail", "url": f"mailto:?{email}"},
        {"label": "X", "url": f"https://x.com/intent/post?{urlencode({'text': text, 'url': url})}"},
        {"label": "Facebook", "url": f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"},
        {"label": "WhatsApp", "url": f"https://wa.me/?{urlencode({'text': f'{text} {url}'})}"},
    ]


@register.inclusion_tag("petitions/includes/petition.html", takes_context=True)
def petition_panel(context, petition, heading="", intro="", button_label="", show_progress=True):
    request = context.get("request")
    submission = getattr(request, SUBMISSIONS_ATTRIBUTE, {}).get(petition.pk, {})
    status = petition.status
    signed = bool(request) and not submission and request.GET.get("signed") == str(petition.pk)
    page_url = request.build_absolute_uri(request.path) if request else ""
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "petition": petition,
        "heading": heading or petition.title,
        "intro": intro,
        "button_label": button_label or SIGN_BUTTON_LABEL,
        "show_progress": show_progress,
        "state": "signed" if signed else ("form" if status == PetitionStatus.OPEN else status),
        "form": submission.get("form") or SignatureForm(petition),
        "message": submission.get("message", ""),
        "next_url": submission.get("next_url") or (request.path if request else ""),
        "page_url": page_url,
        "share_links": share_links(page_url, petition.title) if signed else [],
    }
